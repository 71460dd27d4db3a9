// The report's arithmetic: one accumulator per group (and one for the total)
// collects each stopped clock's duration, then nth_element picks the median
// and the p90 — linear in the facts, no sort. The backlog's working-day ages
// come from a running count of working days per office over the period, so
// aging a million open cases costs a subtraction each.
#include "projections/response_time_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;
using std::chrono::days;
using std::chrono::sys_days;

constexpr double ms_per_hour = 3'600'000.0;

struct Durations {
  std::vector<std::int64_t> working;
  std::vector<std::int64_t> calendar;
  std::uint64_t measured = 0;
  std::uint64_t within_limit = 0;

  void add(const std::optional<std::int64_t>& working_ms, const std::optional<std::int64_t>& calendar_ms,
           const std::optional<bool>& within) {
    if (working_ms) working.push_back(*working_ms);
    if (calendar_ms) calendar.push_back(*calendar_ms);
    if (within) {
      ++measured;
      if (*within) ++within_limit;
    }
  }
};

// Nearest rank: the value at rank ceil(p/100 * n), 1-based.
std::size_t rank_index(std::size_t n, std::size_t percent) { return (n * percent + 99) / 100 - 1; }

DurationStats stats_of(std::vector<std::int64_t>& values) {
  DurationStats s;
  s.count = values.size();
  if (values.empty()) return s;
  const auto hours = [](std::int64_t ms) { return static_cast<double>(ms) / ms_per_hour; };
  const auto median = values.begin() + static_cast<std::ptrdiff_t>(rank_index(values.size(), 50));
  std::nth_element(values.begin(), median, values.end());
  s.median_hours = hours(*median);
  // The p90 lies at or after the median: select among what nth_element left there.
  const auto p90 = values.begin() + static_cast<std::ptrdiff_t>(rank_index(values.size(), 90));
  std::nth_element(median, p90, values.end());
  s.p90_hours = hours(*p90);
  s.max_hours = hours(*std::max_element(p90, values.end()));
  return s;
}

ClockStats clock_stats(Durations& d) {
  return ClockStats{stats_of(d.working), stats_of(d.calendar), d.measured, d.within_limit};
}

// Working days per office over [first, last], as a running count, so the
// working days in (a, b] are count[b] - count[a].
class WorkingDayCounter {
 public:
  WorkingDayCounter(const d::Calendars& calendars, sys_days first, sys_days last)
      : calendars_(calendars), first_(first), last_(std::max(first, last)) {}

  std::int64_t between(std::string_view office, sys_days from, sys_days to) {
    if (to <= from) return 0;
    const std::vector<std::int32_t>& count = counts(office);
    return count[index(to)] - count[index(from)];
  }

 private:
  std::size_t index(sys_days day) const {
    return static_cast<std::size_t>((std::clamp(day, first_, last_) - first_).count());
  }
  const std::vector<std::int32_t>& counts(std::string_view office) {
    auto it = by_office_.find(office);
    if (it != by_office_.end()) return it->second;
    const d::BusinessCalendar* calendar = calendars_.for_office(office);
    std::vector<std::int32_t> count;
    std::int32_t running = 0;
    for (sys_days day = first_; day <= last_; day += days{1}) {
      // Without a calendar: Monday to Friday.
      const bool working = calendar != nullptr ? calendar->is_working_day(day)
                                               : std::chrono::weekday{day}.iso_encoding() <= 5;
      if (working) ++running;
      count.push_back(running);
    }
    return by_office_.emplace(std::string(office), std::move(count)).first->second;
  }

  const d::Calendars& calendars_;
  sys_days first_;
  sys_days last_;
  std::map<std::string, std::vector<std::int32_t>, std::less<>> by_office_;
};

std::size_t backlog_bucket(std::int64_t working_days, std::int64_t calendar_days) {
  if (working_days <= 2) return 0;
  if (working_days <= 5) return 1;
  if (working_days <= 15) return 2;
  return calendar_days <= 60 ? 3 : 4;
}

struct Accumulator {
  ReportGroup group;
  Durations first_response;
  Durations resolution;
  std::map<std::string, ExemptionCount, std::less<>> exemptions;
  std::uint64_t answer_days_sum = 0;
  std::uint64_t answer_days_count = 0;

  void add(const CaseFact& f, bool open, std::size_t bucket) {
    ReportGroup& g = group;
    ++g.received;
    first_response.add(f.first_response_working_ms, f.first_response_calendar_ms, f.first_response_within_limit);
    resolution.add(f.resolution_working_ms, f.resolution_calendar_ms, f.resolution_within_limit);
    g.breaches += f.breaches;
    g.escalations += f.escalations;
    if (open) {
      ++g.open;
      ++g.backlog[bucket];
    } else {
      ++g.resolved;
    }
    if (!f.information_request) return;
    InformationStats& info = g.information;
    ++info.received;
    if (f.extended) ++info.extended;
    if (f.objected) ++info.objected;
    if (open) return;
    ++info.answered;
    if (f.working_days_to_answer) {
      answer_days_sum += *f.working_days_to_answer;
      ++answer_days_count;
    }
    if (!f.outcome) return;
    switch (*f.outcome) {
      case d::Outcome::granted: ++info.granted; break;
      case d::Outcome::partly_granted: ++info.partly_granted; break;
      case d::Outcome::rejected: ++info.rejected; break;
    }
    if (*f.outcome == d::Outcome::granted) return;
    auto it = exemptions.find(f.exemption);
    if (it == exemptions.end()) it = exemptions.emplace(f.exemption, ExemptionCount{f.exemption, 0, 0}).first;
    if (*f.outcome == d::Outcome::rejected) ++it->second.rejected;
    else ++it->second.partly_granted;
  }

  ReportGroup finish() {
    group.first_response = clock_stats(first_response);
    group.resolution = clock_stats(resolution);
    for (auto& [text, count] : exemptions) group.information.exemptions.push_back(std::move(count));
    if (answer_days_count > 0)
      group.information.mean_working_days_to_answer =
          static_cast<double>(answer_days_sum) / static_cast<double>(answer_days_count);
    return std::move(group);
  }
};

// The group a fact counts in; `buffer` holds a month's "YYYY-MM".
std::string_view group_key(ReportGroupBy by, const CaseFact& f, std::string& buffer) {
  switch (by) {
    case ReportGroupBy::none: return {};
    case ReportGroupBy::channel: return d::channel_name(f.channel);
    case ReportGroupBy::service: return f.service;
    case ReportGroupBy::unit: return f.unit.empty() ? unassigned_unit : std::string_view(f.unit);
    case ReportGroupBy::month: {
      const std::chrono::year_month_day date{f.received_day};
      buffer = fmt::format("{:04}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()));
      return buffer;
    }
  }
  return {};
}

}  // namespace

std::string_view group_by_name(ReportGroupBy g) noexcept {
  switch (g) {
    case ReportGroupBy::none: return "none";
    case ReportGroupBy::channel: return "channel";
    case ReportGroupBy::service: return "service";
    case ReportGroupBy::unit: return "unit";
    case ReportGroupBy::month: return "month";
  }
  return "none";
}

std::optional<ReportGroupBy> parse_group_by(std::string_view name) noexcept {
  if (name.empty()) return ReportGroupBy::none;
  for (ReportGroupBy g : {ReportGroupBy::none, ReportGroupBy::channel, ReportGroupBy::service, ReportGroupBy::unit,
                          ReportGroupBy::month})
    if (group_by_name(g) == name) return g;
  return std::nullopt;
}

std::string_view backlog_bucket_name(std::size_t bucket) noexcept {
  static constexpr std::string_view names[backlog_bucket_count] = {
      "0_to_2_working_days", "3_to_5_working_days", "6_to_15_working_days", "16_working_days_to_60_days",
      "over_60_days"};
  return bucket < backlog_bucket_count ? names[bucket] : "";
}

ResponseTimeReport compute_response_time_report(const std::vector<CaseFact>& facts, const ReportRequest& request,
                                                const d::Calendars& calendars) {
  // One day of slack past as_of's UTC date: an office east of UTC is already there.
  const sys_days as_of_utc_day = std::chrono::floor<days>(request.as_of);
  WorkingDayCounter working_days(calendars, request.from, as_of_utc_day + days{1});
  Accumulator total;
  std::map<std::string, Accumulator, std::less<>> groups;
  std::string buffer;
  for (const CaseFact& f : facts) {
    if (f.received_day < request.from || f.received_day > request.to) continue;
    const bool open = !f.resolved_at || *f.resolved_at > request.as_of;
    std::size_t bucket = 0;
    if (open && request.as_of > f.received) {
      const sys_days as_of_day = office_day(calendars, f.office, request.as_of);
      bucket = backlog_bucket(working_days.between(f.office, f.received_day, as_of_day),
                              std::chrono::floor<days>(request.as_of - f.received).count());
    }
    total.add(f, open, bucket);
    if (request.group_by == ReportGroupBy::none) continue;
    const std::string_view key = group_key(request.group_by, f, buffer);
    auto it = groups.find(key);
    if (it == groups.end()) {
      it = groups.emplace(std::string(key), Accumulator{}).first;
      it->second.group.key = it->first;
    }
    it->second.add(f, open, bucket);
  }
  ResponseTimeReport report;
  report.request = request;
  for (auto& [key, acc] : groups) report.groups.push_back(acc.finish());
  report.total = total.finish();
  return report;
}

}  // namespace tanggap::projections
