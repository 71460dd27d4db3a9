// Working-time arithmetic. Days are walked one at a time: the longest span
// walked is a deadline of a few dozen working days or a pause of some months,
// so a day-by-day walk (with a bound, for a calendar that never opens) is
// simpler than anything cleverer and fast enough (a few µs per deadline).
#include "events/domain/business_calendar.h"

#include <fmt/format.h>

#include <algorithm>

namespace tanggap::domain {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;

// No walk goes further than this many days: twenty years without a working
// day means a broken calendar, and the walk stops instead of spinning.
constexpr int max_walk_days = 20 * 366;

constexpr std::uint16_t minutes_per_day = 24 * 60;


}  // namespace

std::string_view closure_kind_name(ClosureKind kind) noexcept {
  switch (kind) {
    case ClosureKind::holiday: return "holiday";
    case ClosureKind::cuti_bersama: return "cuti_bersama";
    case ClosureKind::local: return "local";
  }
  return "holiday";
}

std::array<std::vector<OfficeSpan>, 7> default_office_hours() {
  std::array<std::vector<OfficeSpan>, 7> hours;
  const OfficeSpan morning{7 * 60 + 30, 12 * 60};
  const OfficeSpan afternoon{13 * 60, 16 * 60};
  for (int day = 1; day <= 4; ++day) hours[static_cast<std::size_t>(day)] = {morning, afternoon};
  hours[5] = {{7 * 60 + 30, 11 * 60 + 30}, {13 * 60, 16 * 60 + 30}};
  return hours;
}

Result<void> validate(const CalendarSpec& spec) {
  static constexpr std::string_view day_names[] = {"sunday",   "monday", "tuesday", "wednesday",
                                                   "thursday", "friday", "saturday"};
  bool any_open = false;
  for (std::size_t day = 0; day < spec.hours.size(); ++day) {
    std::uint16_t previous_close = 0;
    for (std::size_t i = 0; i < spec.hours[day].size(); ++i) {
      const OfficeSpan& span = spec.hours[day][i];
      const std::string field = fmt::format("hours.{}[{}]", day_names[day], i);
      if (span.close > minutes_per_day || span.open >= span.close)
        return fail(Errc::invalid_field, field + ": a span opens before it closes, within the day", field);
      if (i > 0 && span.open < previous_close)
        return fail(Errc::invalid_field, field + ": spans are in order and do not overlap", field);
      previous_close = span.close;
      any_open = true;
    }
  }
  if (!any_open) return fail(Errc::invalid_field, "hours: the office is open on at least one day a week", "hours");
  for (std::size_t i = 0; i < spec.closed_days.size(); ++i)
    if (!spec.closed_days[i].date.ok())
      {
      std::string field = fmt::format("closed_days[{}].date", i);
      return fail(Errc::invalid_field, field + ": not a real date", field);
    }
  if (spec.utc_offset_minutes < -12 * 60 || spec.utc_offset_minutes > 14 * 60)
    return fail(Errc::invalid_field, "utc_offset_minutes: outside -12:00 .. +14:00", "utc_offset_minutes");
  return {};
}

BusinessCalendar::BusinessCalendar(CalendarSpec spec) : spec_(std::move(spec)) {
  for (const ClosedDay& closed : spec_.closed_days) {
    if (closed.kind == ClosureKind::cuti_bersama && spec_.open_on_cuti_bersama) continue;
    closed_.push_back(sys_days{closed.date});
  }
  std::sort(closed_.begin(), closed_.end());
  closed_.erase(std::unique(closed_.begin(), closed_.end()), closed_.end());
}

sys_days BusinessCalendar::local_day(Instant t) const noexcept {
  return std::chrono::floor<days>(t + minutes(spec_.utc_offset_minutes));
}

bool BusinessCalendar::is_working_day(sys_days day) const noexcept {
  const auto weekday = std::chrono::weekday(day).c_encoding();
  if (spec_.hours[weekday].empty()) return false;
  return !std::binary_search(closed_.begin(), closed_.end(), day);
}

bool BusinessCalendar::holidays_published(int year) const noexcept {
  return std::find(spec_.published_years.begin(), spec_.published_years.end(), year) !=
         spec_.published_years.end();
}

namespace {

// The UTC instant of local minute `minute` of local day `day`.
Instant at_local(sys_days day, std::uint16_t minute, std::int32_t offset_minutes) {
  return Instant{day} + minutes(minute) - minutes(offset_minutes);
}

}  // namespace

std::int64_t BusinessCalendar::working_ms(Instant from, Instant to) const noexcept {
  if (to <= from) return 0;
  std::int64_t total = 0;
  const sys_days last = local_day(to);
  int walked = 0;
  for (sys_days day = local_day(from); day <= last && walked < max_walk_days; day += days{1}, ++walked) {
    if (!is_working_day(day)) continue;
    for (const OfficeSpan& span : spec_.hours[std::chrono::weekday(day).c_encoding()]) {
      const Instant open = std::max(from, at_local(day, span.open, spec_.utc_offset_minutes));
      const Instant close = std::min(to, at_local(day, span.close, spec_.utc_offset_minutes));
      if (close > open) total += (close - open).count();
    }
  }
  return total;
}

Instant BusinessCalendar::add_working_ms(Instant from, std::int64_t ms) const noexcept {
  if (ms <= 0) return from;
  std::int64_t left = ms;
  sys_days day = local_day(from);
  for (int walked = 0; walked < max_walk_days; day += days{1}, ++walked) {
    if (!is_working_day(day)) continue;
    for (const OfficeSpan& span : spec_.hours[std::chrono::weekday(day).c_encoding()]) {
      const Instant open = std::max(from, at_local(day, span.open, spec_.utc_offset_minutes));
      const Instant close = at_local(day, span.close, spec_.utc_offset_minutes);
      if (close <= open) continue;
      const std::int64_t length = (close - open).count();
      if (length >= left) return open + std::chrono::milliseconds(left);
      left -= length;
    }
  }
  return Instant{day};  // a calendar that never opens: as far as the walk went
}

Instant BusinessCalendar::deadline(Instant receipt, Duration duration) const noexcept {
  using std::chrono::hours;
  const std::int64_t amount = duration.amount;
  switch (duration.unit) {
    case ClockUnit::working_minutes: return add_working_ms(receipt, amount * 60'000);
    case ClockUnit::working_hours: return add_working_ms(receipt, amount * 3'600'000);
    case ClockUnit::calendar_hours: return receipt + hours(amount);
    case ClockUnit::calendar_days:
      return at_local(local_day(receipt) + days{amount}, 23 * 60 + 59, spec_.utc_offset_minutes);
    case ClockUnit::working_days: {
      // The day of receipt is the day of the next office minute at or after it.
      const Instant counted_from = add_working_ms(receipt, 1) - std::chrono::milliseconds(1);
      sys_days day = local_day(counted_from);
      std::int64_t left = amount;
      for (int walked = 0; left > 0 && walked < max_walk_days; ++walked) {
        day += days{1};
        if (is_working_day(day)) --left;
      }
      const auto& spans = spec_.hours[std::chrono::weekday(day).c_encoding()];
      return spans.empty() ? Instant{day} : at_local(day, spans.back().close, spec_.utc_offset_minutes);
    }
  }
  return receipt;
}

bool counts_office_time(ClockUnit unit) noexcept {
  return unit == ClockUnit::working_minutes || unit == ClockUnit::working_hours ||
         unit == ClockUnit::working_days;
}

const BusinessCalendar* Calendars::for_office(std::string_view office_id) const noexcept {
  const auto it = by_office.find(office_id);
  return it == by_office.end() ? nullptr : &it->second;
}

std::vector<std::string> holiday_gaps(const Calendars& calendars, Instant now) {
  std::vector<std::string> gaps;
  std::vector<std::string_view> seen;  // calendars share a holiday list: one line per list
  for (const auto& [office, calendar] : calendars.by_office) {
    const std::string& list = calendar.spec().holidays_version;
    if (std::find(seen.begin(), seen.end(), list) != seen.end()) continue;
    seen.push_back(list);
    const int year = static_cast<int>(std::chrono::year_month_day{calendar.local_day(now)}.year());
    for (int y : {year, year + 1})
      if (!calendar.holidays_published(y))
        gaps.push_back(fmt::format("holiday list {}: no published national holidays for {}; deadlines in {} "
                                   "count weekends only until ops/calendar/holidays is updated",
                                   list, y, y));
  }
  return gaps;
}

}  // namespace tanggap::domain
