// events/domain/sla.h — SLA clocks: how case events move them, and what their
// deadlines are. Pure. The rules (DOMAIN.md §2, ops/calendar/README.md):
//  - first response starts at receipt and stops at the first thing the citizen
//    sees: an officer's reply, the assignment that puts the case in progress,
//    a step, a wait for the citizen, resolve, reject;
//  - resolution starts at receipt, pauses while the case waits for the citizen,
//    stops at resolve or reject, and runs on after a reopen (the time between
//    the resolution and the reopen does not count);
//  - objection (information requests) starts when the requester objects and
//    stops at the next resolve or reject;
//  - a reclassification keeps every start: the new service's promises count
//    from the original receipt;
//  - a pause moves a deadline by the clock time the pause covered (office time
//    for working-time units, elapsed time otherwise).
#pragma once

#include "events/domain/business_calendar.h"
#include "events/domain/case_types.h"

#include <vector>

namespace tanggap::domain {

SlaTimeline evolve_sla(SlaTimeline timeline, const CaseEvent& event);

// A warning comes at this share of a clock's limit.
inline constexpr int sla_warning_percent = 75;
// The law's one extension of an information request (UU 14/2008 Pasal 22(8)).
inline constexpr Duration information_extension{7, ClockUnit::working_days};
// The objection clock where the office has no keberatan-informasi service
// (UU 14/2008 Pasal 36(2): the superior answers within 30 working days).
inline constexpr Duration objection_default{30, ClockUnit::working_days};

enum class ClockState : std::uint8_t { running, paused, stopped };
std::string_view clock_state_name(ClockState state) noexcept;

struct ClockSchedule {
  SlaClock clock = SlaClock::first_response;
  ClockState state = ClockState::running;
  Duration target;  // the promise, with the extension applied
  Duration limit;
  Instant started_at;
  std::optional<Instant> stopped_at;
  // Deadlines with every pause accounted for. Empty only while the clock is
  // paused before reaching them: then nobody knows yet when they will fall.
  std::optional<Instant> target_due;  // amber after it
  std::optional<Instant> due;         // the limit: a breach after it
  std::optional<Instant> warn_at;     // sla_warning_percent of the way to `due`
  std::int64_t paused_ms = 0;         // wall time paused, an open pause up to `now`
  // Of the limit, in the clock's own measure (office time for working units):
  // how much there is and how much is spent as of min(now, stopped_at).
  std::int64_t budget_ms = 0;
  std::int64_t used_ms = 0;
  bool warned = false;
  bool breached = false;  // a SlaBreached was recorded

  // Past the limit as of `now`: stopped late, or not stopped and due passed.
  bool overdue(Instant now) const noexcept;
};

// The schedule of every clock that has started, in SlaClock order. Fails
// (not_found) when the catalog no longer has the case's service at its office
// or the office has no calendar.
Result<std::vector<ClockSchedule>> compute_schedule(const SlaTimeline& timeline, const Catalog& catalog,
                                                    const Calendars& calendars, Instant now);

// The promise a clock keeps for a case's service, before any extension.
Target clock_target(SlaClock clock, const Service& service, const Catalog& catalog);

}  // namespace tanggap::domain
