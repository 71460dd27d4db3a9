// projections/response_time_report.h — the PPID response-time report,
// computed from buckets of case facts (response_time_bucket.h). Pure: no
// store, no clock; `as_of` comes in. ReportBuilder is the one arithmetic: the
// view feeds it the stored buckets (query_response_time_report in
// response_time_view.h, which the HTTP API and `tanggap report
// response-times` both render), and compute_response_time_report() feeds it
// plain facts for the hand-computed fixture tests, so both give the same numbers.
//
// A case belongs to the period and month of its receipt, as the office's
// local date. Times are in hours: "working" hours are office hours of the
// office's calendar (breaks, weekends, holidays and cuti bersama excluded),
// "calendar" hours are elapsed time; both leave out waits for the citizen.
// Median and p90 are nearest-rank: the smallest value with at least 50% / 90%
// of the values at or below it (the lower middle of an even count).
#pragma once

#include "events/domain/business_calendar.h"
#include "projections/response_time_bucket.h"
#include "projections/response_time_fact.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::projections {

enum class ReportGroupBy : std::uint8_t { none, channel, service, unit, month };
std::string_view group_by_name(ReportGroupBy g) noexcept;
// "channel", "service", "unit", "month"; "" and "none" are none. Empty otherwise.
std::optional<ReportGroupBy> parse_group_by(std::string_view name) noexcept;

// Median, p90 and max of the durations of stopped clocks, in hours; empty
// values when `count` is 0.
struct DurationStats {
  std::uint64_t count = 0;
  std::optional<double> median_hours;
  std::optional<double> p90_hours;
  std::optional<double> max_hours;
};

struct ClockStats {
  DurationStats working;
  DurationStats calendar;
  std::uint64_t measured = 0;      // stopped clocks whose limit is known
  std::uint64_t within_limit = 0;  // ... that stopped at or before it
  std::optional<double> within_limit_share() const {
    if (measured == 0) return std::nullopt;
    return static_cast<double>(within_limit) / static_cast<double>(measured);
  }
};

// Open cases by age as of the report (DOMAIN.md §8): 0-2, 3-5, 6-15 working
// days, then 16 working days up to 60 calendar days, then over 60 days.
inline constexpr std::size_t backlog_bucket_count = 5;
std::string_view backlog_bucket_name(std::size_t bucket) noexcept;

struct ExemptionCount {
  std::string exemption;  // the Pasal 17 ground as the officer wrote it; "" when none was given
  std::uint64_t rejected = 0;
  std::uint64_t partly_granted = 0;
};

// The UU 14/2008 Pasal 12 / Perki 1/2021 Pasal 56 figures of the
// information requests among a group's cases.
struct InformationStats {
  std::uint64_t received = 0;
  std::uint64_t answered = 0;  // resolved or rejected
  std::uint64_t granted = 0;
  std::uint64_t partly_granted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t extended = 0;
  std::uint64_t objected = 0;
  std::vector<ExemptionCount> exemptions;  // by exemption text
  std::optional<double> mean_working_days_to_answer;
};

struct ReportGroup {
  std::string key;  // "whatsapp", "pengaduan", "bidang-linjamsos", "2026-03"; "" for the total
  std::uint64_t received = 0;
  std::uint64_t resolved = 0;  // resolution clock stopped by as_of
  std::uint64_t open = 0;      // the rest: the backlog
  ClockStats first_response;
  ClockStats resolution;
  std::uint64_t breaches = 0;
  std::uint64_t escalations = 0;
  std::array<std::uint64_t, backlog_bucket_count> backlog{};
  InformationStats information;
};

struct ReportRequest {
  std::chrono::sys_days from;  // local dates, both included
  std::chrono::sys_days to;
  ReportGroupBy group_by = ReportGroupBy::none;
  domain::Instant as_of;  // when the report is made: the backlog's ages count to it
};

struct ResponseTimeReport {
  ReportRequest request;
  std::vector<ReportGroup> groups;  // by key, ascending; empty for group_by none
  ReportGroup total;
};

// The unit group of a case not yet assigned to one.
inline constexpr std::string_view unassigned_unit = "unassigned";

// Facts received outside [from, to] are ignored. `calendars` count the
// backlog's working days (weekdays only for an office without one).
// Thread safety: one builder per thread; it keeps a reference to `calendars`.
class ReportBuilder {
 public:
  ReportBuilder(const ReportRequest& request, const domain::Calendars& calendars);
  ~ReportBuilder();
  ReportBuilder(const ReportBuilder&) = delete;
  ReportBuilder& operator=(const ReportBuilder&) = delete;
  // Every fact of a bucket counts in one group, with one office calendar.
  void add(const FactBucket& bucket);
  ResponseTimeReport finish();

 private:
  struct Impl;  // the groups' accumulators and the working-day counts (response_time_report.cpp)
  std::unique_ptr<Impl> impl_;
};

// The same report from plain facts: they are put into buckets, then built.
ResponseTimeReport compute_response_time_report(const std::vector<CaseFact>& facts, const ReportRequest& request,
                                                const domain::Calendars& calendars);

}  // namespace tanggap::projections
