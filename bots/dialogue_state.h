// bots/dialogue_state.h — where one citizen's conversation with the bot
// stands: a plain value, so the shell can store it after every turn
// (server/dialogue_state_json.cpp is its canonical JSON) and a restart
// mid-dialogue continues at the same question. Every field is data the next
// turn needs; nothing here points anywhere.
#pragma once

#include "bots/texts.h"
#include "events/domain/case_types.h"
#include "events/domain/time.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tanggap::bots {

// The question the citizen was last asked, i.e. how the next message is read.
enum class Step : std::uint8_t {
  idle,                 // no question open: intents, or a note for an open case
  choosing_service,     // filing: which service (list, number or name)
  describing,           // filing: what happened
  locating,             // filing: where (text, a shared location, or skip)
  naming,               // filing: the citizen's name, or anonymous
  confirming,           // filing: the summary, send or cancel
  filing,               // filing: sent to the shell, waiting for CaseFiled / FilingRefused
  choosing_info,        // which service's requirements to show
  answering_resolution, // "Apakah masalah Anda sudah selesai?" for pending.front()
  giving_reopen_reason, // said no: why is it not solved (for reopen_case)
};
std::string_view step_name(Step step) noexcept;  // "choosing_service": stored and logged
std::optional<Step> parse_step(std::string_view name) noexcept;

// A file the citizen sent: a reference in the channel's media store. The
// shell downloads it, checks it and stores it before the case or note event.
struct MediaItem {
  std::string media_id;   // WhatsApp media id or Telegram file_id
  std::string mime_type;  // as the channel says; the shell sniffs the bytes
  std::string filename;   // may be empty (photos)
  bool operator==(const MediaItem&) const = default;
};

// The case being put together, field by field.
struct Draft {
  std::string service;  // service type id
  std::string office;
  std::string description;
  domain::Location location;  // text and/or lat, lon; all empty when skipped
  std::string name;           // empty when anonymous
  bool anonymous = false;
  std::vector<MediaItem> media;
  bool operator==(const Draft& other) const;  // field by field: domain::Location has no ==
};

// An officer resolved this case; the citizen has not answered yet.
struct PendingConfirmation {
  std::string case_id;
  std::string resolution;  // the officer's words, repeated in the question
  domain::Instant asked_at;
  bool operator==(const PendingConfirmation&) const = default;
};

// Bounds on what a state keeps, so that it always fits what the shell
// stores and reads back (server/dialogue_state_json.h refuses more): a state
// the shell cannot read back would stop the bot at that citizen's message.
inline constexpr std::size_t max_pending_confirmations = 50;
inline constexpr std::size_t max_pending_resolution_bytes = 1000;

struct DialogueState {
  Language language = Language::id;
  Step step = Step::idle;
  Draft draft;
  std::vector<std::string> offered;  // the choice ids last offered, in order: "2" means offered[1]
  std::uint32_t service_page = 0;    // which page of the service list is shown (10 rows each)
  std::vector<PendingConfirmation> pending;  // oldest first; answered one at a time
  std::string reopen_case_id;                // with giving_reopen_reason
  std::optional<domain::Instant> updated_at;  // the time of the last input
  bool operator==(const DialogueState&) const = default;
};

}  // namespace tanggap::bots
