// bots/conversation.h — internal to bots/: the turn being built while one
// input is answered, and the steps the dialogue modules call on each other
// (dialogue.cpp dispatches; dialogue_filing.cpp, dialogue_lookup.cpp and
// dialogue_resolution.cpp answer). Not for use outside bots/.
#pragma once

#include "bots/dialogue.h"
#include "bots/intent.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tanggap::bots {

using Values = std::initializer_list<std::pair<std::string_view, std::string_view>>;

struct Conversation {
  const BotContext& ctx;
  Turn turn;
  domain::Instant at;

  DialogueState& state() { return turn.state; }
  const DialogueState& state() const { return turn.state; }
  const Texts& texts() const { return ctx.texts->in(turn.state.language); }
  std::string text(std::string_view key, Values values = {}) const { return texts().render(key, values); }
  // Says `text`; with choices, remembers their ids so a typed number picks one
  // (unless `numbered` is false: a question asked beside the current step's).
  void say(std::string text, std::vector<Choice> choices = {}, bool numbered = true);
  void effect(Effect e) { turn.effects.push_back(std::move(e)); }
};

// A choice cut to fit: buttons when the reply has ≤ 3, list rows otherwise
// (say() applies the limit that fits the final count).
Choice choice(std::string id, std::string_view title, std::string_view description = {});
// At most `max_chars` code points of UTF-8, ending in "…" when cut.
std::string fit(std::string_view text, std::size_t max_chars);
// At most `max_bytes` bytes, cut on a UTF-8 boundary, ending in "…" when cut:
// for the decider's limits, which are bytes.
std::string fit_bytes(std::string_view text, std::size_t max_bytes);
// The case decider's limits (events/domain/case_decider.cpp), in bytes.
inline constexpr std::size_t max_body_bytes = 10'000;    // body, note
inline constexpr std::size_t max_reason_bytes = 2'000;   // reopen reason, location text
inline constexpr std::size_t max_name_bytes = 200;       // reporter name

// The services this bot offers, in catalog order.
std::vector<const domain::Service*> offered_services(const BotContext& ctx);
std::string service_name(const BotContext& ctx, Language language, std::string_view type_id);
// "23 November 2026" in the office's zone.
std::string spoken_date(const Conversation& c, domain::Instant t);

// dialogue.cpp
void show_menu(Conversation& c);
void ask_current(Conversation& c);  // the open question again (after "not understood" or a language switch)
void finish(Conversation& c);       // back to idle; asks a pending resolution question if any
std::optional<std::string> open_case(Conversation& c);  // the citizen's most recently updated open case

// dialogue_filing.cpp
void start_filing(Conversation& c);
void offer_services(Conversation& c, std::string_view question_key);
const domain::Service* service_named(const BotContext& ctx, std::string_view typed);
void filing_choice(Conversation& c, std::string_view id);  // svc:, svc-page:, yes, no, skip, anon, cancel
void filing_text(Conversation& c, std::string_view text);
void filing_location(Conversation& c, const LocationShared& location);
void filing_media(Conversation& c, const MediaSent& media);
void on_filed(Conversation& c, const CaseFiled& filed);
void on_refused(Conversation& c, const FilingRefused& refused);
bool is_filing(Step step) noexcept;

// dialogue_lookup.cpp: status, a service's information, hand-over
void show_status(Conversation& c, const std::optional<domain::CaseId>& id);
void start_info(Conversation& c, std::string_view text);
void show_service_info(Conversation& c, const domain::Service& service);
void hand_over(Conversation& c, std::string_view text);

// dialogue_resolution.cpp
void on_resolved(Conversation& c, const CaseResolvedNotice& notice);
void on_expired(Conversation& c, const ConfirmationExpired& expired);
void ask_resolution(Conversation& c, const PendingConfirmation& pending);
void resolution_choice(Conversation& c, std::string_view id);  // res-yes:<id>, res-no:<id>
void resolution_text(Conversation& c, std::string_view text);
void reopen_reason(Conversation& c, std::string_view text);

}  // namespace tanggap::bots
