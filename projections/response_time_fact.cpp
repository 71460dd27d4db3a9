// The response-time fold and fact. Durations walk a clock's active stretches
// (start to the first pause, the end of each pause to the next, the last to
// the stop) and sum them in the measure asked for, as sla.cpp spends budgets.
#include "projections/response_time_fact.h"

#include "events/domain/overloaded.h"
#include "events/domain/sla.h"

#include <algorithm>

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;
using std::chrono::days;
using std::chrono::sys_days;

// The clock's own time from its start to its stop, pauses excluded; `between`
// measures one stretch (office or elapsed time).
template <class Between>
std::int64_t active_ms(const d::ClockRun& run, Between between) {
  const d::Instant end = *run.stopped_at;
  d::Instant cursor = *run.started_at;
  std::int64_t used = 0;
  for (const d::Pause& p : run.pauses) {
    if (cursor >= end) break;
    used += between(cursor, std::min(p.from, end));
    cursor = std::max(cursor, p.to);
  }
  return used + between(cursor, end);
}

struct ClockTimes {
  std::optional<std::int64_t> working_ms;
  std::optional<std::int64_t> calendar_ms;
};

ClockTimes clock_times(const d::ClockRun& run, const d::BusinessCalendar* calendar) {
  if (!run.started_at || !run.stopped_at) return {};
  ClockTimes out;
  out.calendar_ms = active_ms(run, [](d::Instant a, d::Instant b) { return b > a ? (b - a).count() : 0; });
  if (calendar != nullptr)
    out.working_ms = active_ms(run, [calendar](d::Instant a, d::Instant b) { return calendar->working_ms(a, b); });
  return out;
}

// Working days in (from, to]; a year of them at most is walked per answer
// beyond which the count is capped (no request waits a year for its notice).
std::uint32_t working_days_between(const d::BusinessCalendar& calendar, sys_days from, sys_days to) {
  constexpr int max_walk = 3660;
  std::uint32_t count = 0;
  int walked = 0;
  for (sys_days day = from + days{1}; day <= to && walked < max_walk; day += days{1}, ++walked)
    if (calendar.is_working_day(day)) ++count;
  return count;
}

}  // namespace

ResponseTimeFold evolve_response_time(ResponseTimeFold f, const d::CaseEvent& event) {
  f.sla = d::evolve_sla(std::move(f.sla), event);
  std::visit(d::overloaded{
                 [&](const d::CaseSubmitted& e) {
                   f.received = e.at;
                   f.channel = e.channel;
                   f.information_request = e.information_request;
                 },
                 [&](const d::CaseAssigned& e) { f.unit = e.unit; },
                 [&](const d::CaseEscalated&) { ++f.escalations; },
                 [&](const d::CaseResolved& e) {
                   f.outcome = e.outcome;
                   f.exemption = e.exemption;
                 },
                 [&](const d::CaseReclassified& e) { f.information_request = e.information_request; },
                 [&](const d::DeadlineExtended&) { f.extended = true; },
                 [&](const d::ObjectionFiled&) { f.objected = true; },
                 [&](const d::SlaBreached&) { ++f.breaches; },
                 [](const auto&) {},  // the rest moves only the clocks, folded above
             },
             event);
  return f;
}

sys_days office_day(const d::Calendars& calendars, std::string_view office, d::Instant t) {
  if (const d::BusinessCalendar* calendar = calendars.for_office(office)) return calendar->local_day(t);
  return std::chrono::floor<days>(t + std::chrono::hours(7));
}

CaseFact case_fact(const ResponseTimeFold& fold, const d::Catalog& catalog, const d::Calendars& calendars) {
  CaseFact fact;
  fact.received = fold.received;
  fact.received_day = office_day(calendars, fold.sla.office, fold.received);
  fact.channel = fold.channel;
  fact.service = fold.sla.service;
  fact.office = fold.sla.office;
  fact.unit = fold.unit;
  fact.information_request = fold.information_request;
  fact.breaches = fold.breaches;
  fact.escalations = fold.escalations;
  fact.outcome = fold.outcome;
  fact.exemption = fold.exemption;
  fact.extended = fold.extended;
  fact.objected = fold.objected;

  const d::BusinessCalendar* calendar = calendars.for_office(fold.sla.office);
  const d::ClockRun& first = fold.sla.run(d::SlaClock::first_response);
  const d::ClockRun& resolution = fold.sla.run(d::SlaClock::resolution);
  const ClockTimes first_times = clock_times(first, calendar);
  const ClockTimes resolution_times = clock_times(resolution, calendar);
  fact.first_response_working_ms = first_times.working_ms;
  fact.first_response_calendar_ms = first_times.calendar_ms;
  fact.resolution_working_ms = resolution_times.working_ms;
  fact.resolution_calendar_ms = resolution_times.calendar_ms;
  if (resolution.started_at && resolution.stopped_at) fact.resolved_at = resolution.stopped_at;

  // Within the limit: a stopped clock that did not stop past its due. `now`
  // does not matter for stopped clocks, so any instant will do.
  if (auto schedule = d::compute_schedule(fold.sla, catalog, calendars, fold.received)) {
    for (const d::ClockSchedule& c : *schedule) {
      if (c.state != d::ClockState::stopped || !c.due) continue;
      if (c.clock == d::SlaClock::first_response) fact.first_response_within_limit = !c.overdue(*c.stopped_at);
      if (c.clock == d::SlaClock::resolution) fact.resolution_within_limit = !c.overdue(*c.stopped_at);
    }
  }
  if (fact.information_request && fact.resolved_at && calendar != nullptr)
    fact.working_days_to_answer = working_days_between(*calendar, fact.received_day, calendar->local_day(*fact.resolved_at));
  return fact;
}

}  // namespace tanggap::projections
