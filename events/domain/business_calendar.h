// events/domain/business_calendar.h — when an office is open, and what a
// promise such as "22 hari kerja" or "260 menit" means in wall-clock time.
// A calendar is data (ops/calendar/, read by events/calendar_json.cpp): office
// hours per weekday with their breaks, the national holidays and cuti bersama,
// local closures and the office's fixed UTC offset (DOMAIN.md §6). Everything
// here is pure arithmetic over UTC instants; the offset only decides which
// local day and minute an instant falls on. Immutable once built: share it.
#pragma once

#include "events/domain/catalog.h"
#include "events/domain/error.h"
#include "events/domain/time.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::domain {

// Office time on one weekday, in minutes after local midnight: [open, close).
// A day with a lunch break has two spans.
struct OfficeSpan {
  std::uint16_t open = 0;
  std::uint16_t close = 0;
  bool operator==(const OfficeSpan&) const = default;
};

enum class ClosureKind : std::uint8_t { holiday, cuti_bersama, local };
std::string_view closure_kind_name(ClosureKind kind) noexcept;

struct ClosedDay {
  std::chrono::year_month_day date;
  ClosureKind kind = ClosureKind::holiday;
  std::string name;  // "Idul Fitri 1447 H"
};

// What the calendar files say about one office.
struct CalendarSpec {
  std::string id;               // the catalog office's `calendar`
  std::string holidays_version; // which published holiday list computed a deadline
  std::int32_t utc_offset_minutes = 7 * 60;
  // Index = weekday, 0 Sunday ... 6 Saturday (std::chrono::weekday::c_encoding).
  // Spans sorted and disjoint; an empty day is closed.
  std::array<std::vector<OfficeSpan>, 7> hours;
  std::vector<ClosedDay> closed_days;
  // Years whose national holiday list has been published and entered. A
  // deadline in another year is still computed (weekends only), and the
  // server warns about the gap instead of miscounting silently.
  std::vector<int> published_years;
  bool open_on_cuti_bersama = false;  // units that keep a duty roster (piket)
};

// Spans inside a day, sorted and disjoint, at least one working span in the
// week, every closed day a real date: what the arithmetic relies on.
Result<void> validate(const CalendarSpec& spec);

// The default office week of DOMAIN.md §6: 07:30-16:00 Monday to Thursday,
// 07:30-16:30 Friday, breaks 12:00-13:00 (Friday 11:30-13:00): 7.5 h a day.
std::array<std::vector<OfficeSpan>, 7> default_office_hours();

class BusinessCalendar {
 public:
  // `spec` must have passed validate().
  explicit BusinessCalendar(CalendarSpec spec);

  const CalendarSpec& spec() const noexcept { return spec_; }

  // The local civil day an instant falls on.
  std::chrono::sys_days local_day(Instant t) const noexcept;
  // A weekday with office hours that is not a closed day.
  bool is_working_day(std::chrono::sys_days local_day) const noexcept;
  bool holidays_published(int year) const noexcept;

  // Office time (breaks excluded) inside [from, to), in ms; 0 when to <= from.
  std::int64_t working_ms(Instant from, Instant to) const noexcept;
  // The instant at which `ms` of office time after `from` has elapsed: `from`
  // itself for 0, the end of a span when the budget runs out exactly there.
  Instant add_working_ms(Instant from, std::int64_t ms) const noexcept;

  // The deadline of a promise made at `receipt`, ignoring pauses (DOMAIN.md §2):
  // working minutes and hours count office time; working days end at the close
  // of office on the N-th working day after the day of receipt (a receipt
  // outside office hours counts from the next opening); calendar days end at
  // 23:59 local on day N; calendar hours are elapsed time.
  Instant deadline(Instant receipt, Duration duration) const noexcept;

 private:
  CalendarSpec spec_;
  std::vector<std::chrono::sys_days> closed_;  // sorted: the days that close the office
};

// Does this unit count office time (true) or elapsed time (false)?
bool counts_office_time(ClockUnit unit) noexcept;

// The calendars of every office in the catalog, by office id.
struct Calendars {
  std::map<std::string, BusinessCalendar, std::less<>> by_office;
  const BusinessCalendar* for_office(std::string_view office_id) const noexcept;
};

// One line per holiday list that lacks the published holidays of the year of
// `now` or of the next year ("holiday list id-national@2025-09-19: no
// published national holidays for 2027; ..."), for the log and /readyz.
// Empty when every list is complete.
std::vector<std::string> holiday_gaps(const Calendars& calendars, Instant now);

}  // namespace tanggap::domain
