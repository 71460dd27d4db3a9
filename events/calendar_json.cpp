// Reads the holiday lists and office calendars and builds each office's
// BusinessCalendar. Reading goes through events/strict_json.h, as the
// catalog's does: type checks before every access, so no nlohmann call throws
// on bad input, and every error carries the file and the field path.
#include "events/calendar_json.h"

#include "events/domain/time.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <optional>

namespace tanggap::events {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

using strict_json::bad;
using strict_json::expect_object;
using strict_json::member;
using strict_json::printable;
using strict_json::Where;
using strict_json::wrong_type;

constexpr strict_json::Limits limits{max_calendar_file_bytes, max_calendar_depth};

// The string member `key` of `obj`; most are names or ids, which must not be empty.
Result<void> read_string(const json& obj, const Where& w, std::string_view key, std::string& out,
                         bool allow_empty) {
  auto j = member(obj, w, key);
  if (!j) return j.error();
  if (auto r = strict_json::read_string(**j, w.at(key), out); !r) return r;
  if (out.empty() && !allow_empty) return bad(w.at(key), "must not be empty");
  return {};
}

Result<void> read_bool(const json& obj, const Where& w, std::string_view key, bool& out) {
  auto j = member(obj, w, key);
  if (!j) return j.error();
  return strict_json::read_bool(**j, w.at(key), out);
}

Result<const json*> read_array(const json& obj, const Where& w, std::string_view key) {
  auto j = member(obj, w, key);
  if (!j) return j.error();
  if (auto r = strict_json::expect_array(**j, w.at(key)); !r) return r.error();
  return *j;
}

Result<std::chrono::year_month_day> read_date(const json& obj, const Where& w) {
  std::string text;
  if (auto r = read_string(obj, w, "date", text, false); !r) return r.error();
  const auto date = domain::parse_date(text);
  if (!date)
    return bad(w.at("date"), fmt::format("'{}' is not a real date YYYY-MM-DD", printable(text)));
  return *date;
}

// "07:30" as minutes after midnight; "24:00" (end of day) is allowed so that
// an office may stay open until midnight.
std::optional<std::uint16_t> parse_clock(std::string_view s) noexcept {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() != 5 || !digit(s[0]) || !digit(s[1]) || s[2] != ':' || !digit(s[3]) || !digit(s[4]))
    return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return static_cast<std::uint16_t>(h * 60 + m);
}

// "07:30-12:00": office time [open, close) on one day.
Result<domain::OfficeSpan> read_span(const json& j, const Where& w) {
  if (!j.is_string()) return wrong_type(j, w, "a string \"HH:MM-HH:MM\"");
  const std::string& text = j.get_ref<const std::string&>();
  const std::string_view s = text;
  const auto open = s.size() == 11 && s[5] == '-' ? parse_clock(s.substr(0, 5)) : std::nullopt;
  const auto close = s.size() == 11 && s[5] == '-' ? parse_clock(s.substr(6)) : std::nullopt;
  if (!open || !close)
    return bad(w, fmt::format("'{}' is not a span \"HH:MM-HH:MM\" between 00:00 and 24:00",
                              printable(text)));
  if (*open >= *close)
    return bad(w, fmt::format("'{}' must open before it closes", printable(text)));
  return domain::OfficeSpan{*open, *close};
}

// ---- holiday lists ------------------------------------------------------------

struct HolidayList {
  std::string id;
  std::string version;
  std::vector<int> published_years;
  std::vector<domain::ClosedDay> days;
};

Result<void> read_holiday(const json& j, const Where& w, int year, domain::ClosedDay& out) {
  auto r = expect_object(j, w, {"date", "kind", "name"});
  if (!r) return r;
  auto date = read_date(j, w);
  if (!date) return date.error();
  // A date filed under another year is a typo that would leave a gap.
  if (static_cast<int>(date->year()) != year)
    return bad(w.at("date"), fmt::format("is not in {}", year));
  out.date = *date;
  std::string kind;
  if (r = read_string(j, w, "kind", kind, false); !r) return r;
  if (kind == "holiday") {
    out.kind = domain::ClosureKind::holiday;
  } else if (kind == "cuti_bersama") {
    out.kind = domain::ClosureKind::cuti_bersama;
  } else {
    return bad(w.at("kind"), fmt::format("unknown kind '{}' (expected one of holiday, "
                                         "cuti_bersama)",
                                         printable(kind)));
  }
  return read_string(j, w, "name", out.name, false);
}

Result<void> read_year(const json& j, const Where& w, int year, HolidayList& list) {
  auto r = expect_object(j, w, {"published", "source", "days"});
  bool published = false;
  std::string source;
  if (r) r = read_bool(j, w, "published", published);
  if (r) r = read_string(j, w, "source", source, true);
  if (!r) return r;
  auto days = read_array(j, w, "days");
  if (!days) return days.error();
  // Unpublished means "not entered": the server warns instead of counting a
  // half-entered year as complete. A published year names its decree.
  if (published && source.empty()) return bad(w.at("source"), "a published year names its source");
  if (published && (*days)->empty()) return bad(w.at("days"), "a published year lists its days");
  if (!published && !(*days)->empty())
    return bad(w.at("days"), "an unpublished year lists no days (set published to true)");
  const std::size_t first = list.days.size();
  for (std::size_t i = 0; i < (*days)->size(); ++i) {
    domain::ClosedDay day;
    const Where at = w.at("days").at(i);
    if (r = read_holiday((**days)[i], at, year, day); !r) return r;
    for (std::size_t k = first; k < list.days.size(); ++k)
      if (list.days[k].date == day.date) return bad(at.at("date"), "is listed twice");
    list.days.push_back(std::move(day));
  }
  if (published) list.published_years.push_back(year);
  return {};
}

std::optional<int> parse_year(std::string_view key) noexcept {
  if (key.size() != 4) return std::nullopt;
  int year = 0;
  for (const char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    year = year * 10 + (c - '0');
  }
  return year;
}

Result<void> read_holiday_list(const json& doc, const Where& top, HolidayList& out) {
  auto r = expect_object(doc, top, {"id", "version", "years"});
  if (r) r = read_string(doc, top, "id", out.id, false);
  if (r) r = read_string(doc, top, "version", out.version, false);
  if (!r) return r;
  auto years = member(doc, top, "years");
  if (!years) return years.error();
  if (!(*years)->is_object()) return wrong_type(**years, top.at("years"), "an object");
  for (auto it = (*years)->begin(); it != (*years)->end(); ++it) {
    const Where at = top.at("years").at(printable(it.key()));
    const auto year = parse_year(it.key());
    if (!year) return bad(at, "a year key is four digits (\"2026\")");
    if (r = read_year(it.value(), at, *year, out); !r) return r;
  }
  return {};
}

// ---- office calendars ---------------------------------------------------------

struct CalendarDoc {
  std::string file;
  std::string id;
  std::string holidays;
  std::array<std::vector<domain::OfficeSpan>, 7> hours;  // 0 = Sunday, as in CalendarSpec
  bool open_on_cuti_bersama = false;
  std::vector<domain::ClosedDay> local_closures;
};

Result<void> read_hours(const json& j, const Where& w, CalendarDoc& out) {
  static constexpr std::array<std::string_view, 7> day_names = {
      "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  auto r = expect_object(j, w, {day_names[0], day_names[1], day_names[2], day_names[3],
                                day_names[4], day_names[5], day_names[6]});
  if (!r) return r;
  for (std::size_t day = 0; day < day_names.size(); ++day) {
    auto spans = read_array(j, w, day_names[day]);
    if (!spans) return spans.error();
    for (std::size_t i = 0; i < (*spans)->size(); ++i) {
      auto span = read_span((**spans)[i], w.at(day_names[day]).at(i));
      if (!span) return span.error();
      out.hours[day].push_back(*span);
    }
  }
  return {};
}

Result<void> read_closure(const json& j, const Where& w, domain::ClosedDay& out) {
  auto r = expect_object(j, w, {"date", "name"});
  if (!r) return r;
  auto date = read_date(j, w);
  if (!date) return date.error();
  out.date = *date;
  out.kind = domain::ClosureKind::local;
  return read_string(j, w, "name", out.name, false);
}

Result<void> read_calendar(const json& doc, const Where& top, CalendarDoc& out) {
  auto r = expect_object(doc, top,
                         {"id", "holidays", "hours", "open_on_cuti_bersama", "local_closures"});
  if (r) r = read_string(doc, top, "id", out.id, false);
  if (r) r = read_string(doc, top, "holidays", out.holidays, false);
  if (!r) return r;
  auto hours = member(doc, top, "hours");
  if (!hours) return hours.error();
  if (r = read_hours(**hours, top.at("hours"), out); !r) return r;
  if (r = read_bool(doc, top, "open_on_cuti_bersama", out.open_on_cuti_bersama); !r) return r;
  auto closures = read_array(doc, top, "local_closures");
  if (!closures) return closures.error();
  out.local_closures.resize((*closures)->size());
  for (std::size_t i = 0; i < (*closures)->size(); ++i) {
    const Where at = top.at("local_closures").at(i);
    if (r = read_closure((**closures)[i], at, out.local_closures[i]); !r) return r;
  }
  return {};
}

// ---- files --------------------------------------------------------------------

using ListMap = std::map<std::string, HolidayList, std::less<>>;
using CalendarMap = std::map<std::string, CalendarDoc, std::less<>>;

Result<ListMap> read_lists(const std::vector<CalendarFile>& files) {
  ListMap lists;
  for (const CalendarFile& f : files) {
    json doc;
    if (auto r = strict_json::parse_text(f, limits, doc); !r) return r.error();
    HolidayList list;
    if (auto r = read_holiday_list(doc, Where{f.name, {}}, list); !r) return r.error();
    if (auto r = strict_json::check_stem(f, Where{f.name, "id"}, list.id); !r) return r.error();
    const std::string id = list.id;
    if (!lists.emplace(id, std::move(list)).second)
      return bad(Where{f.name, "id"}, fmt::format("holiday list '{}' is defined twice", id));
  }
  return lists;
}

Result<CalendarMap> read_calendars(const std::vector<CalendarFile>& files) {
  CalendarMap calendars;
  for (const CalendarFile& f : files) {
    json doc;
    if (auto r = strict_json::parse_text(f, limits, doc); !r) return r.error();
    CalendarDoc calendar;
    calendar.file = f.name;
    if (auto r = read_calendar(doc, Where{f.name, {}}, calendar); !r) return r.error();
    if (auto r = strict_json::check_stem(f, Where{f.name, "id"}, calendar.id); !r)
      return r.error();
    const std::string id = calendar.id;
    if (!calendars.emplace(id, std::move(calendar)).second)
      return bad(Where{f.name, "id"}, fmt::format("calendar '{}' is defined twice", id));
  }
  return calendars;
}

// The spec of one calendar with its holiday list; the offset is the office's.
Result<domain::CalendarSpec> build_spec(const CalendarDoc& calendar, const ListMap& lists,
                                        std::int32_t utc_offset_minutes) {
  const auto list = lists.find(calendar.holidays);
  if (list == lists.end())
    return bad(Where{calendar.file, "holidays"},
               fmt::format("no holiday list '{}' (holidays/{}.json)", printable(calendar.holidays),
                           printable(calendar.holidays)));
  domain::CalendarSpec spec;
  spec.id = calendar.id;
  spec.holidays_version = fmt::format("{}@{}", list->second.id, list->second.version);
  spec.utc_offset_minutes = utc_offset_minutes;
  spec.hours = calendar.hours;
  spec.closed_days = list->second.days;
  spec.closed_days.insert(spec.closed_days.end(), calendar.local_closures.begin(),
                          calendar.local_closures.end());
  spec.published_years = list->second.published_years;
  spec.open_on_cuti_bersama = calendar.open_on_cuti_bersama;
  if (auto r = domain::validate(spec); !r) {
    Error e = r.error();
    e.message = fmt::format("{}: {}", calendar.file, e.message);
    return e;
  }
  return spec;
}

Result<domain::Calendars> parse_all(const std::vector<CalendarFile>& holiday_lists,
                                    const std::vector<CalendarFile>& calendar_files,
                                    const domain::Catalog& catalog) {
  auto lists = read_lists(holiday_lists);
  if (!lists) return lists.error();
  auto calendars = read_calendars(calendar_files);
  if (!calendars) return calendars.error();
  // Every calendar is checked, also one no office uses yet: a broken file
  // should fail now, not on the day an office is pointed at it.
  for (const auto& [id, calendar] : *calendars)
    if (auto spec = build_spec(calendar, *lists, 7 * 60); !spec) return spec.error();

  domain::Calendars out;
  for (const domain::Office& office : catalog.offices) {
    const std::string field = fmt::format("offices[{}].calendar", office.id);
    const auto calendar = calendars->find(office.calendar);
    if (calendar == calendars->end())
      return fail(Errc::invalid_field,
                  fmt::format("{}.json: {}: office {} names calendar '{}', which has no file",
                              printable(office.calendar), field, printable(office.id),
                              printable(office.calendar)),
                  field);
    const auto offset = domain::utc_offset_minutes(office.time_zone);
    if (!offset) {
      const std::string tz_field = fmt::format("offices[{}].time_zone", office.id);
      return fail(Errc::invalid_field,
                  fmt::format("{}: unknown time zone '{}' of office {}", tz_field,
                              printable(office.time_zone), printable(office.id)),
                  tz_field);
    }
    auto spec = build_spec(calendar->second, *lists, *offset);
    if (!spec) return spec.error();
    out.by_office.insert_or_assign(office.id, domain::BusinessCalendar(std::move(*spec)));
  }
  return out;
}

// The regular *.json files directly in `dir`, in file-name order.
Result<std::vector<CalendarFile>> read_dir(const fs::path& dir) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->path().extension() == ".json" && it->is_regular_file(type_ec))
      paths.push_back(it->path());
  }
  if (ec) return fail(Errc::not_found, fmt::format("{}: {}", dir.string(), ec.message()));
  return strict_json::read_files(std::move(paths), max_calendar_file_bytes);
}

}  // namespace

Result<domain::Calendars> parse_calendars(const std::vector<CalendarFile>& holiday_lists,
                                          const std::vector<CalendarFile>& calendars,
                                          const domain::Catalog& catalog) {
  // The readers check types before every access, so nothing should throw;
  // this is the fence for what is left (allocation failure, a library bug).
  try {
    return parse_all(holiday_lists, calendars, catalog);
  } catch (const std::exception& e) {
    return fail(Errc::malformed, fmt::format("calendar: {}", printable(e.what())));
  }
}

Result<domain::Calendars> load_calendars(const fs::path& dir, const domain::Catalog& catalog) {
  try {
    const fs::path holiday_dir = dir / "holidays";
    auto lists = read_dir(holiday_dir);
    if (!lists) return lists.error();
    if (lists->empty())
      return fail(Errc::not_found,
                  fmt::format("{}: no holiday list (*.json)", holiday_dir.string()));
    auto calendars = read_dir(dir);
    if (!calendars) return calendars.error();
    return parse_calendars(*lists, *calendars, catalog);
  } catch (const std::exception& e) {
    return fail(Errc::not_found, fmt::format("{}: {}", dir.string(), printable(e.what())));
  }
}

}  // namespace tanggap::events
