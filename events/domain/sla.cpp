// SLA clocks: evolve_sla() folds what each event does to the clocks;
// compute_schedule() turns a timeline into deadlines. A deadline with pauses
// is found by walking the clock's active stretches and spending its budget
// (the clock time between receipt and the unpaused deadline) on them.
#include "events/domain/sla.h"

#include "events/domain/overloaded.h"

#include <fmt/format.h>

#include <algorithm>

namespace tanggap::domain {
namespace {

void stop(ClockRun& run, Instant at) {
  if (!run.started_at || run.stopped_at) return;
  if (run.paused_since) {
    run.pauses.push_back({*run.paused_since, std::max(*run.paused_since, at)});
    run.paused_since.reset();
  }
  run.stopped_at = at;
}

void pause(ClockRun& run, Instant at) {
  if (run.started_at && !run.stopped_at && !run.paused_since) run.paused_since = at;
}

void resume(ClockRun& run, Instant at) {
  if (!run.paused_since) return;
  run.pauses.push_back({*run.paused_since, std::max(*run.paused_since, at)});
  run.paused_since.reset();
}

// Back to work after a resolution: the stretch while resolved does not count.
void restart(ClockRun& run, Instant at) {
  if (!run.stopped_at) return;
  run.pauses.push_back({*run.stopped_at, std::max(*run.stopped_at, at)});
  run.stopped_at.reset();
}

// The citizen sees something: the first-response clock stops.
void responded(SlaTimeline& t, Instant at) { stop(t.run(SlaClock::first_response), at); }

// How a clock measures time: office time or elapsed time.
struct Measure {
  const BusinessCalendar& calendar;
  bool office_time;

  std::int64_t between(Instant from, Instant to) const {
    if (to <= from) return 0;
    return office_time ? calendar.working_ms(from, to) : (to - from).count();
  }
  Instant advance(Instant from, std::int64_t ms) const {
    return office_time ? calendar.add_working_ms(from, ms) : from + std::chrono::milliseconds(ms);
  }
};

// The instant `budget` of the clock's time is spent, pauses skipped; empty
// when the clock is paused (or stopped) before spending it.
std::optional<Instant> spend(const ClockRun& run, const Measure& measure, std::int64_t budget) {
  Instant cursor = *run.started_at;
  std::int64_t left = budget;
  for (const Pause& p : run.pauses) {
    const std::int64_t active = measure.between(cursor, p.from);
    if (active >= left) return measure.advance(cursor, left);
    left -= active;
    cursor = std::max(cursor, p.to);
  }
  if (run.paused_since) {
    const std::int64_t active = measure.between(cursor, *run.paused_since);
    if (active >= left) return measure.advance(cursor, left);
    return std::nullopt;
  }
  return measure.advance(cursor, left);
}

// The clock time spent up to `until`, pauses excluded.
std::int64_t spent(const ClockRun& run, const Measure& measure, Instant until) {
  Instant cursor = *run.started_at;
  std::int64_t used = 0;
  for (const Pause& p : run.pauses) {
    if (cursor >= until) return used;
    used += measure.between(cursor, std::min(p.from, until));
    cursor = std::max(cursor, p.to);
  }
  const Instant end = run.paused_since ? std::min(*run.paused_since, until) : until;
  return used + measure.between(cursor, end);
}

std::int64_t budget_of(const ClockRun& run, const BusinessCalendar& calendar, Duration d) {
  const Measure measure{calendar, counts_office_time(d.unit)};
  return measure.between(*run.started_at, calendar.deadline(*run.started_at, d));
}

Duration extended(Duration limit) {
  // The catalog keeps information requests' limits in working days (validate()).
  if (limit.unit == information_extension.unit) limit.amount += information_extension.amount;
  return limit;
}

}  // namespace

std::string_view sla_clock_name(SlaClock clock) noexcept {
  switch (clock) {
    case SlaClock::first_response: return "first_response";
    case SlaClock::resolution: return "resolution";
    case SlaClock::objection: return "objection";
  }
  return "first_response";
}

std::optional<SlaClock> parse_sla_clock(std::string_view name) noexcept {
  for (SlaClock c : all_sla_clocks)
    if (sla_clock_name(c) == name) return c;
  return std::nullopt;
}

std::string_view clock_state_name(ClockState state) noexcept {
  switch (state) {
    case ClockState::running: return "running";
    case ClockState::paused: return "paused";
    case ClockState::stopped: return "stopped";
  }
  return "running";
}

SlaTimeline evolve_sla(SlaTimeline t, const CaseEvent& event) {
  ClockRun& first = t.run(SlaClock::first_response);
  ClockRun& resolution = t.run(SlaClock::resolution);
  ClockRun& objection = t.run(SlaClock::objection);
  const auto pause_all = [&](Instant at) {
    for (ClockRun& run : t.clocks) pause(run, at);
  };
  const auto resume_all = [&](Instant at) {
    for (ClockRun& run : t.clocks) resume(run, at);
  };
  std::visit(overloaded{
                 [&](const CaseSubmitted& e) {
                   t.service = e.service;
                   t.office = e.office;
                   first.started_at = e.at;
                   resolution.started_at = e.at;
                 },
                 // The first assignment moves the case from received to in
                 // progress, a status change the citizen sees on /lacak.
                 [&](const CaseAssigned& e) { responded(t, e.at); },
                 [&](const OfficerReplied& e) { responded(t, e.at); },
                 [&](const NoteAdded&) {},
                 [&](const StepAdvanced& e) { responded(t, e.at); },
                 [&](const CitizenWaitStarted& e) {
                   responded(t, e.at);
                   pause_all(e.at);
                 },
                 [&](const CitizenWaitEnded& e) { resume_all(e.at); },
                 [&](const CaseEscalated&) {},  // internal: the citizen sees no change
                 [&](const CaseResolved& e) {
                   responded(t, e.at);
                   stop(resolution, e.at);
                   stop(objection, e.at);
                 },
                 [&](const CaseClosed&) {},
                 [&](const CaseReopened& e) { restart(resolution, e.at); },
                 [&](const CaseRejected& e) {
                   responded(t, e.at);
                   stop(resolution, e.at);
                   stop(objection, e.at);
                 },
                 [&](const CaseReclassified& e) { t.service = e.to_service; },
                 [&](const DeadlineExtended&) { t.extended = true; },
                 [&](const ObjectionFiled& e) {
                   if (!objection.started_at) objection.started_at = e.at;
                 },
                 [&](const SlaWarning& e) { t.run(e.clock).warned = true; },
                 [&](const SlaBreached& e) { t.run(e.clock).breached = true; },
             },
             event);
  return t;
}

Target clock_target(SlaClock clock, const Service& service, const Catalog& catalog) {
  switch (clock) {
    case SlaClock::first_response: return service.first_response;
    case SlaClock::resolution: return service.resolution;
    case SlaClock::objection:
      for (const ServiceType& type : catalog.types)
        if (type.objection)
          if (const Service* superior = catalog.service(type.id, service.office)) return superior->resolution;
      return Target{objection_default, objection_default, "UU 14/2008 Pasal 36(2)"};
  }
  return service.resolution;
}

bool ClockSchedule::overdue(Instant now) const noexcept {
  if (!due) return false;
  if (stopped_at) return *stopped_at > *due;
  return now > *due;
}

Result<std::vector<ClockSchedule>> compute_schedule(const SlaTimeline& t, const Catalog& catalog,
                                                    const Calendars& calendars, Instant now) {
  const Service* service = catalog.service(t.service, t.office);
  if (service == nullptr)
    return fail(Errc::not_found,
                fmt::format("the catalog has no service '{}' at office '{}'", t.service, t.office));
  const BusinessCalendar* calendar = calendars.for_office(t.office);
  if (calendar == nullptr)
    return fail(Errc::not_found, fmt::format("office '{}' has no calendar", t.office));

  std::vector<ClockSchedule> out;
  for (SlaClock clock : all_sla_clocks) {
    const ClockRun& run = t.run(clock);
    if (!run.started_at) continue;
    Target promise = clock_target(clock, *service, catalog);
    // The extension belongs to information requests (UU 14/2008 Pasal 22(8)):
    // a case extended as one and then reclassified to another service keeps
    // that service's own limit.
    const ServiceType* type = catalog.type(t.service);
    if (clock == SlaClock::resolution && t.extended && type != nullptr && type->information_request)
      promise.limit = extended(promise.limit);

    ClockSchedule s;
    s.clock = clock;
    s.state = run.stopped_at ? ClockState::stopped : run.paused_since ? ClockState::paused : ClockState::running;
    s.target = promise.target;
    s.limit = promise.limit;
    s.started_at = *run.started_at;
    s.stopped_at = run.stopped_at;
    s.warned = run.warned;
    s.breached = run.breached;

    const Measure target_measure{*calendar, counts_office_time(promise.target.unit)};
    const Measure limit_measure{*calendar, counts_office_time(promise.limit.unit)};
    s.budget_ms = budget_of(run, *calendar, promise.limit);
    s.target_due = spend(run, target_measure, budget_of(run, *calendar, promise.target));
    s.due = spend(run, limit_measure, s.budget_ms);
    s.warn_at = spend(run, limit_measure, s.budget_ms * sla_warning_percent / 100);
    const Instant until = run.stopped_at ? std::min(*run.stopped_at, now) : now;
    s.used_ms = spent(run, limit_measure, until);
    for (const Pause& p : run.pauses) s.paused_ms += (p.to - p.from).count();
    if (run.paused_since && now > *run.paused_since) s.paused_ms += (now - *run.paused_since).count();
    out.push_back(s);
  }
  return out;
}

}  // namespace tanggap::domain
