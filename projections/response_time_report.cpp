// The report's arithmetic. Every fact of a bucket counts in one group's
// accumulator; with a grouping, the total is the sum of the groups (counts
// add, and the median and p90 are taken over the union of the groups'
// duration samples, duration_sample.h), so each fact is read once. The
// backlog's working-day ages come from a running count of working days per
// office over the period, and a bucket's facts share their office and day, so
// aging a million open cases costs a division each.
#include "projections/response_time_report.h"

#include "projections/duration_sample.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <span>

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;
namespace ff = fact_flags;
using std::chrono::days;
using std::chrono::sys_days;

constexpr double ms_per_hour = 3'600'000.0;
constexpr std::uint64_t ms_per_day = 86'400'000;

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

struct ClockAccumulator {
  DurationSample working;
  DurationSample calendar;
  std::uint64_t measured = 0;
  std::uint64_t within_limit = 0;

  // `bits`: the fact's flags for this clock's working time, calendar time,
  // limit known and within the limit.
  void add(std::uint16_t flags, const std::array<std::uint16_t, 4>& bits, std::int64_t working_ms,
           std::int64_t calendar_ms) {
    if (flags & bits[0]) working.add(working_ms);
    if (flags & bits[1]) calendar.add(calendar_ms);
    if (flags & bits[2]) {
      ++measured;
      if (flags & bits[3]) ++within_limit;
    }
  }
};

constexpr std::array<std::uint16_t, 4> first_response_bits{ff::first_response_working, ff::first_response_calendar,
                                                            ff::first_response_limit_known, ff::first_response_within};
constexpr std::array<std::uint16_t, 4> resolution_bits{ff::resolution_working, ff::resolution_calendar,
                                                       ff::resolution_limit_known, ff::resolution_within};

DurationStats stats_of(std::span<const DurationSample* const> parts) {
  const DurationSummary summary = summarize(parts);
  DurationStats s;
  s.count = summary.count;
  if (summary.count == 0) return s;
  const auto hours = [](std::int64_t ms) { return static_cast<double>(ms) / ms_per_hour; };
  s.median_hours = hours(summary.median_ms);
  s.p90_hours = hours(summary.p90_ms);
  s.max_hours = hours(summary.max_ms);
  return s;
}

// One clock's statistics over the union of `parts`.
ClockStats clock_stats(const std::vector<const ClockAccumulator*>& parts) {
  ClockStats c;
  std::vector<const DurationSample*> working, calendar;
  for (const ClockAccumulator* p : parts) {
    working.push_back(&p->working);
    calendar.push_back(&p->calendar);
    c.measured += p->measured;
    c.within_limit += p->within_limit;
  }
  c.working = stats_of(working);
  c.calendar = stats_of(calendar);
  return c;
}

struct Accumulator {
  ReportGroup group;  // its counts; the clocks' statistics are made at the end
  ClockAccumulator first_response;
  ClockAccumulator resolution;
  std::map<std::string, ExemptionCount, std::less<>> exemptions;
  std::uint64_t answer_days_sum = 0;
  std::uint64_t answer_days_count = 0;

  void add(const FactRecord& r, const std::vector<std::string>& exemption_texts, bool open, std::size_t bucket) {
    ReportGroup& g = group;
    ++g.received;
    first_response.add(r.flags, first_response_bits, r.first_response_working_ms, r.first_response_calendar_ms);
    resolution.add(r.flags, resolution_bits, r.resolution_working_ms, r.resolution_calendar_ms);
    g.breaches += r.breaches;
    g.escalations += r.escalations;
    if (open) {
      ++g.open;
      ++g.backlog[bucket];
    } else {
      ++g.resolved;
    }
    if (!(r.flags & ff::information_request)) return;
    InformationStats& info = g.information;
    ++info.received;
    if (r.flags & ff::extended) ++info.extended;
    if (r.flags & ff::objected) ++info.objected;
    if (open) return;
    ++info.answered;
    if (r.flags & ff::answer_days) {
      answer_days_sum += r.answer_days;
      ++answer_days_count;
    }
    if (!(r.flags & ff::outcome)) return;
    const auto outcome = static_cast<d::Outcome>(r.outcome);
    switch (outcome) {
      case d::Outcome::granted: ++info.granted; break;
      case d::Outcome::partly_granted: ++info.partly_granted; break;
      case d::Outcome::rejected: ++info.rejected; break;
    }
    if (outcome == d::Outcome::granted) return;
    // decode_bucket checked the index against the bucket's texts.
    const std::string_view text = r.exemption > 0 ? std::string_view(exemption_texts[r.exemption - 1]) : "";
    ExemptionCount& count = exemption(text);
    if (outcome == d::Outcome::rejected) ++count.rejected;
    else ++count.partly_granted;
  }

  ExemptionCount& exemption(std::string_view text) {
    auto it = exemptions.find(text);
    if (it == exemptions.end())
      it = exemptions.emplace(std::string(text), ExemptionCount{std::string(text), 0, 0}).first;
    return it->second;
  }

  // Everything but the duration samples, which the total reads from the groups.
  void add_counts(const Accumulator& o) {
    ReportGroup& g = group;
    const ReportGroup& h = o.group;
    g.received += h.received;
    g.resolved += h.resolved;
    g.open += h.open;
    g.breaches += h.breaches;
    g.escalations += h.escalations;
    for (std::size_t b = 0; b < backlog_bucket_count; ++b) g.backlog[b] += h.backlog[b];
    InformationStats& i = g.information;
    const InformationStats& j = h.information;
    i.received += j.received;
    i.answered += j.answered;
    i.granted += j.granted;
    i.partly_granted += j.partly_granted;
    i.rejected += j.rejected;
    i.extended += j.extended;
    i.objected += j.objected;
    for (const auto& [text, count] : o.exemptions) {
      ExemptionCount& mine = exemption(text);
      mine.rejected += count.rejected;
      mine.partly_granted += count.partly_granted;
    }
    answer_days_sum += o.answer_days_sum;
    answer_days_count += o.answer_days_count;
  }

  // The group with the clocks' statistics over `clock_parts` (itself, or every group for the total).
  ReportGroup finish(const std::vector<const Accumulator*>& clock_parts) {
    std::vector<const ClockAccumulator*> first, resolved;
    for (const Accumulator* a : clock_parts) {
      first.push_back(&a->first_response);
      resolved.push_back(&a->resolution);
    }
    ReportGroup g = std::move(group);
    g.first_response = clock_stats(first);
    g.resolution = clock_stats(resolved);
    // clock_stats summed measured and within_limit over the parts too.
    for (auto& [text, count] : exemptions) g.information.exemptions.push_back(std::move(count));
    if (answer_days_count > 0)
      g.information.mean_working_days_to_answer =
          static_cast<double>(answer_days_sum) / static_cast<double>(answer_days_count);
    return g;
  }
};

// The group a bucket counts in; `buffer` holds a month's "YYYY-MM".
std::string_view group_key(ReportGroupBy by, const FactBucketKey& key, std::string& buffer) {
  switch (by) {
    case ReportGroupBy::none: return {};
    case ReportGroupBy::channel: return d::channel_name(key.channel);
    case ReportGroupBy::service: return key.service;
    case ReportGroupBy::unit: return key.unit.empty() ? unassigned_unit : std::string_view(key.unit);
    case ReportGroupBy::month: {
      const std::chrono::year_month_day date{key.day};
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

struct ReportBuilder::Impl {
  ReportRequest request;
  const d::Calendars& calendars;
  WorkingDayCounter working_days;
  std::map<std::string, Accumulator, std::less<>> groups;  // "" alone for group_by none
  std::string buffer;

  Impl(const ReportRequest& r, const d::Calendars& c)
      // One day of slack past as_of's UTC date: an office east of UTC is already there.
      : request(r), calendars(c), working_days(c, r.from, std::chrono::floor<days>(r.as_of) + days{1}) {}

  Accumulator& group_for(const FactBucketKey& key) {
    const std::string_view name = group_key(request.group_by, key, buffer);
    auto it = groups.find(name);
    if (it == groups.end()) {
      it = groups.emplace(std::string(name), Accumulator{}).first;
      it->second.group.key = it->first;
    }
    return it->second;
  }

  void add(const FactBucket& bucket) {
    const FactBucketKey& key = bucket.key;
    if (key.day < request.from || key.day > request.to || bucket.records.empty()) return;
    Accumulator& acc = group_for(key);
    const std::int64_t as_of_ms = request.as_of.time_since_epoch().count();
    // Every fact of the bucket was received on the same local date at the same office.
    const std::int64_t working_days_open =
        working_days.between(key.office, key.day, office_day(calendars, key.office, request.as_of));
    for (const FactRecord& r : bucket.records) {
      const bool open = !(r.flags & ff::resolved) || r.resolved_ms > as_of_ms;
      std::size_t age = 0;
      if (open && as_of_ms > r.received_ms) {
        // Unsigned: a damaged receipt far in the past must not overflow the subtraction.
        const std::uint64_t elapsed = static_cast<std::uint64_t>(as_of_ms) - static_cast<std::uint64_t>(r.received_ms);
        age = backlog_bucket(working_days_open, static_cast<std::int64_t>(elapsed / ms_per_day));
      }
      acc.add(r, bucket.exemptions, open, age);
    }
  }

  ResponseTimeReport finish() {
    ResponseTimeReport report;
    report.request = request;
    if (request.group_by == ReportGroupBy::none) {
      auto it = groups.find("");
      Accumulator none;
      Accumulator& total = it != groups.end() ? it->second : none;
      report.total = total.finish({&total});
      return report;
    }
    Accumulator total;
    std::vector<const Accumulator*> all;
    for (auto& [name, acc] : groups) {
      total.add_counts(acc);
      all.push_back(&acc);
    }
    // The total first: finishing a group moves its counts out, not its samples.
    report.total = total.finish(all);
    for (auto& [name, acc] : groups) report.groups.push_back(acc.finish({&acc}));
    return report;
  }
};

ReportBuilder::ReportBuilder(const ReportRequest& request, const d::Calendars& calendars)
    : impl_(std::make_unique<Impl>(request, calendars)) {}
ReportBuilder::~ReportBuilder() = default;
void ReportBuilder::add(const FactBucket& bucket) { impl_->add(bucket); }
ResponseTimeReport ReportBuilder::finish() { return impl_->finish(); }

ResponseTimeReport compute_response_time_report(const std::vector<CaseFact>& facts, const ReportRequest& request,
                                                const d::Calendars& calendars) {
  std::map<std::string, std::vector<CaseFact>> by_bucket;
  for (const CaseFact& f : facts) by_bucket[encode_bucket_key(bucket_key_of(f))].push_back(f);
  ReportBuilder builder(request, calendars);
  for (const auto& [key, bucket_facts] : by_bucket)
    builder.add(bucket_of(bucket_key_of(bucket_facts.front()), bucket_facts));
  return builder.finish();
}

}  // namespace tanggap::projections
