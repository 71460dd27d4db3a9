// bots/dialogue.h — the citizen bot as one pure function:
//   respond(state, input, context) → next state, replies, effects.
// Channel-neutral: a channel adapter turns its wire messages into a
// CitizenInput and renders each Reply (text plus choices) as its own buttons
// or list; the shell (server/) stores the next state, sends the replies and
// carries out the effects, then feeds back what came of them (CaseFiled,
// FilingRefused) as further inputs. No I/O, no clock (the time comes in the
// input): every conversation is tested with plain values.
//
// Choices fit both channels (PROTOCOLS.md §1.7, §2.4): at most 3 choices per
// reply are buttons (titles ≤ 20 characters), more are a list of at most 10
// rows (titles ≤ 24 characters, descriptions ≤ 72); ids are ASCII and at
// most 64 bytes (Telegram's callback_data), stable across releases:
//   menu:complain menu:status menu:info menu:human lang:en lang:id
//   svc:<type-id> svc-page:<n> yes no skip anon cancel
//   res-yes:<case-id> res-no:<case-id>
// A channel without buttons shows them numbered; a number typed picks the
// choice at that position among the last offered.
#pragma once

#include "bots/citizen_cases.h"
#include "bots/dialogue_state.h"
#include "bots/texts.h"
#include "events/domain/case_types.h"
#include "events/domain/catalog.h"
#include "events/domain/error.h"
#include "events/domain/time.h"

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tanggap::bots {

inline constexpr std::size_t max_buttons = 3;
inline constexpr std::size_t max_button_title_chars = 20;
inline constexpr std::size_t max_list_rows = 10;
inline constexpr std::size_t max_row_title_chars = 24;
inline constexpr std::size_t max_row_description_chars = 72;
inline constexpr std::size_t max_choice_id_bytes = 64;
inline constexpr std::size_t max_reply_chars = 4000;  // WhatsApp takes 4,096, Telegram 4,096

// ---- what the citizen (or the shell) says ---------------------------------

struct TextMessage { std::string text; };
struct ChoiceMade { std::string id; };  // a button or list reply, or a template quick-reply payload
struct LocationShared {
  double lat = 0;
  double lon = 0;
  std::string name;     // may be empty
  std::string address;  // may be empty
};
struct MediaSent {
  MediaItem media;
  std::string caption;  // may be empty
};
// The shell's answers to a SubmitCase effect.
struct CaseFiled {
  std::string case_id;
  std::string tracking_code;  // shown once, never stored by the bot
  std::optional<domain::Instant> resolution_due;
};
struct FilingRefused { Error error; };
// An officer resolved one of this citizen's cases: ask whether it is solved.
struct CaseResolvedNotice {
  std::string case_id;
  std::string resolution;
};
// The office's waiting time after a resolution passed without an answer
// (the shell keeps that timer): the case is closed as confirmed by silence.
struct ConfirmationExpired { std::string case_id; };

using InputKind = std::variant<TextMessage, ChoiceMade, LocationShared, MediaSent, CaseFiled, FilingRefused,
                               CaseResolvedNotice, ConfirmationExpired>;

struct CitizenInput {
  InputKind what;
  domain::Instant at;  // when the channel received it (or the shell decided)
};

// ---- what the bot knows besides the state --------------------------------

struct BotContext {
  Citizen citizen;               // who writes, and on which channel
  std::string profile_name;      // the channel's display name, offered for "name"; may be empty
  std::string office;            // the office this bot number serves; empty: the catalog's only office
  std::int32_t utc_offset_minutes = 7 * 60;  // the office's zone, for dates the citizen reads
  const domain::Catalog* catalog = nullptr;  // never null
  const TextBook* texts = nullptr;           // never null, check_complete() passed
  const CitizenCases* cases = nullptr;       // never null
};

// ---- what the bot says and asks the shell to do ----------------------------

struct Choice {
  std::string id;           // stable, see the header comment
  std::string title;        // already cut to fit
  std::string description;  // list rows only; may be empty
  bool operator==(const Choice&) const = default;
};
struct Reply {
  std::string text;
  std::vector<Choice> choices;  // ≤ 3: buttons; more: a list with `list_button` as its button
  std::string list_button;      // "Pilih": the list's opening button, ≤ 20 characters
};

// File the draft. `submit` is ready for the case decider except what only the
// shell can add: case_id (from the counter) and tracking_code_hash (of the
// code it generates), and the attachments (after it downloaded `media`).
struct SubmitCase {
  domain::Submit submit;
  std::vector<MediaItem> media;
};
// A message (and files) for the officer on an open case: a citizen's note.
struct AddCitizenMessage {
  std::string case_id;
  std::string text;
  std::vector<MediaItem> media;
};
struct ReopenCase {
  std::string case_id;
  std::string reason;  // the citizen's words
};
// The citizen confirmed (or by silence accepted) the resolution: close it.
struct CloseCase {
  std::string case_id;
  bool by_silence = false;
};
// Hand the conversation to a human officer; case_id is the open case when
// there is one, `text` what the citizen last wrote.
struct RequestOfficer {
  std::string case_id;
  std::string text;
};
using Effect = std::variant<SubmitCase, AddCitizenMessage, ReopenCase, CloseCase, RequestOfficer>;

struct Turn {
  DialogueState state;
  std::vector<Reply> replies;
  std::vector<Effect> effects;
};

// The next state, what to say, what to do. Never fails: input it cannot read
// gets a "not understood" reply and leaves the state as it was.
Turn respond(const DialogueState& state, const CitizenInput& input, const BotContext& context);

}  // namespace tanggap::bots
