// events/domain/case_types.h — the commands, events and state of one case.
// Commands are imperative, events past tense; an event struct's name is its
// wire `type` (STYLE.md §6). Every field is a plain value so that deciders are
// tested with literals. Personal data (reporter) stays in CaseSubmitted only,
// so that it can later be sealed with a per-person key without touching the
// other events.
#pragma once

#include "events/domain/catalog.h"
#include "events/domain/sla_types.h"
#include "events/domain/time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tanggap::domain {

// ---- values --------------------------------------------------------------

enum class Channel : std::uint8_t { web, whatsapp, telegram, email, walk_in, phone, lapor };
std::string_view channel_name(Channel c) noexcept;
std::optional<Channel> parse_channel(std::string_view name) noexcept;

enum class CaseStatus : std::uint8_t {
  none,                 // no such case yet: the initial state
  received,
  in_progress,
  waiting_for_citizen,  // the SLA clocks pause
  resolved,
  closed,
  rejected,             // terminal
};
std::string_view status_name(CaseStatus s) noexcept;
std::optional<CaseStatus> parse_status(std::string_view name) noexcept;

// Outcome of an information request (UU 14/2008 Pasal 22(7)).
enum class Outcome : std::uint8_t { granted, partly_granted, rejected };
std::string_view outcome_name(Outcome o) noexcept;
std::optional<Outcome> parse_outcome(std::string_view name) noexcept;

struct Reporter {
  std::string name;   // empty for anonymous
  std::string phone;  // E.164 ("+6281200001234") or empty
  std::string email;
  std::string nik;    // 16 digits or empty
  std::string chat_id;  // Telegram chat id, when the case came from Telegram
};

struct Location {
  std::string text;
  std::optional<double> lat;
  std::optional<double> lon;
};

// A file the citizen sent with the case. The bytes live in the attachment
// store (content-addressed, written and synced before the event); the event
// holds only this reference.
struct Attachment {
  std::string sha256;      // lower-case hex of the bytes: the file's name in the store
  std::string name;        // as the citizen named it, without a directory (display only)
  std::string media_type;  // sniffed from the bytes, never taken from the sender
  std::uint64_t size = 0;
};
inline constexpr std::size_t max_attachments_per_case = 5;

struct Actor {
  std::string kind;  // "citizen", "officer", "system", "bot"
  std::string id;    // staff name, phone, chat id or "sla-monitor"
};

// The escalation chain has three levels: 0 officer, 1 head of division, 2 head of office.
inline constexpr std::uint32_t max_escalation_level = 2;
// A case may be reopened at most this many times; after that, a new case.
inline constexpr std::uint32_t max_reopens = 3;

// ---- commands ------------------------------------------------------------

struct Submit {
  std::string case_id;  // allocated by the store's counter: "ADU-2026-000042"
  std::string service;  // service type id
  std::string office;   // may be empty when one office offers the service
  Channel channel = Channel::web;
  std::string title;
  std::string body;
  Reporter reporter;
  Privacy privacy = Privacy::public_;
  bool privacy_given = false;  // false: take the service's default privacy
  Location location;
  std::string occurred_on;          // "YYYY-MM-DD" or empty
  std::string tracking_code_hash;   // hex SHA-256 of the tracking code; the code itself is never stored
  std::vector<Attachment> attachments;
};
struct Assign { std::string unit; std::string officer; };
struct Reply { std::string text; };
struct Note { std::string text; };
struct Advance { std::uint32_t step = 0; };  // 1-based index into the service's steps
struct WaitForCitizen { std::string reason; };
struct Resume {};
struct Escalate { std::string reason; };
struct Resolve {
  std::string resolution;
  std::optional<Outcome> outcome;  // required for information requests, refused otherwise
  std::string exemption;           // the Pasal 17 ground when not granted in full
};
struct Close {};
struct Reopen { std::string reason; };
struct Reject { std::string reason; };
struct Reclassify { std::string service; };
struct Extend { std::string reason; };  // information requests: once, 7 working days
struct Object { std::string reason; };  // information requests: the requester's objection
// The SLA monitor's command (never from HTTP): record every warning and breach
// that is due as of Context::now, and escalate one level per new breach.
struct CheckSla {};

using CaseCommand = std::variant<Submit, Assign, Reply, Note, Advance, WaitForCitizen, Resume,
                                 Escalate, Resolve, Close, Reopen, Reject, Reclassify, Extend,
                                 Object, CheckSla>;

// ---- events --------------------------------------------------------------
// `at` is the decision time (Context::now); the envelope's recorded_at is the
// store's. They differ only by the time the append waited.

struct CaseSubmitted {
  std::string case_id;
  std::string service;
  std::string office;
  Channel channel = Channel::web;
  std::string title;
  std::string body;
  Reporter reporter;
  Privacy privacy = Privacy::public_;
  Location location;
  std::string occurred_on;
  std::string tracking_code_hash;
  std::uint32_t step_total = 0;
  Instant at;
  bool information_request = false;  // from the catalog: evolve() has none
  std::vector<Attachment> attachments;
};
struct CaseAssigned { std::string unit; std::string officer; Instant at; };
struct OfficerReplied { std::string text; std::string officer; Instant at; };
struct NoteAdded { std::string text; std::string author; Instant at; };
struct StepAdvanced { std::uint32_t step = 0; std::uint32_t total = 0; std::string name; Instant at; };
struct CitizenWaitStarted { std::string reason; Instant at; };
struct CitizenWaitEnded { Instant at; };
struct CaseEscalated { std::uint32_t level = 0; std::string reason; Instant at; };
struct CaseResolved {
  std::string resolution;
  std::optional<Outcome> outcome;
  std::string exemption;
  Instant at;
};
struct CaseClosed { Instant at; };
struct CaseReopened { std::string reason; Instant at; };
struct CaseRejected { std::string reason; Instant at; };
struct CaseReclassified {
  std::string from_service;
  std::string to_service;
  std::uint32_t step_total = 0;
  Instant at;
  bool information_request = false;  // of the new service type, for evolve()
};
struct DeadlineExtended { std::string reason; Instant at; };
struct ObjectionFiled { std::string reason; Instant at; };
// A clock reached sla_warning_percent of its limit / passed its limit. `due`
// is the limit as computed when the monitor noticed (calendar `calendar`).
struct SlaWarning { SlaClock clock = SlaClock::first_response; Instant due; std::string calendar; Instant at; };
struct SlaBreached { SlaClock clock = SlaClock::first_response; Instant due; std::string calendar; Instant at; };

using CaseEvent = std::variant<CaseSubmitted, CaseAssigned, OfficerReplied, NoteAdded, StepAdvanced,
                               CitizenWaitStarted, CitizenWaitEnded, CaseEscalated, CaseResolved,
                               CaseClosed, CaseReopened, CaseRejected, CaseReclassified,
                               DeadlineExtended, ObjectionFiled, SlaWarning, SlaBreached>;

// The wire `type` of an event ("OfficerReplied") and of a command ("reply").
std::string_view event_type_name(const CaseEvent& e) noexcept;
std::string_view command_type_name(const CaseCommand& c) noexcept;

// ---- state ---------------------------------------------------------------

struct CaseState {
  CaseStatus status = CaseStatus::none;
  std::string case_id;
  std::string service;
  std::string office;
  Channel channel = Channel::web;
  Privacy privacy = Privacy::public_;
  bool information_request = false;
  std::uint32_t step = 0;        // 0: no step reached yet
  std::uint32_t step_total = 0;
  std::string unit;
  std::string officer;
  std::uint32_t escalation_level = 0;
  std::uint32_t reopen_count = 0;
  bool extended = false;
  bool objection_filed = false;
  std::optional<Outcome> outcome;
  std::optional<Instant> submitted_at;
  std::optional<Instant> first_response_at;  // first public reply or visible status change
  std::optional<Instant> resolved_at;
  std::optional<Instant> updated_at;
  std::uint64_t events = 0;  // events folded so far: the stream's next version
  SlaTimeline sla;           // the clocks (sla.h); first_response_at is its first stop

  bool operator==(const CaseState&) const = default;
};

struct Calendars;  // business_calendar.h

// What a decision may know besides the state: the time, who acts, the catalog
// and the offices' calendars.
struct Context {
  Instant now;
  Actor actor;
  const Catalog* catalog = nullptr;      // never null when deciding
  const Calendars* calendars = nullptr;  // needed by CheckSla only
};

}  // namespace tanggap::domain
