// The office calendars: the shipped data under ops/calendar, the strict reader
// (every error names the file and the field) and what the calendars built
// from it say about working days.
#include "events/calendar_json.h"
#include "events/catalog_json.h"
#include "events/domain/business_calendar.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using std::chrono::sys_days;
using tanggap::Errc;
using tanggap::Result;
using tanggap::domain::Calendars;
using tanggap::domain::Catalog;
using tanggap::domain::Instant;
using tanggap::events::CalendarFile;

fs::path shipped() { return tanggap::testing::source_dir() / "ops" / "calendar"; }

const Catalog& catalog() {
  static const Catalog c =
      tanggap::events::load_catalog(tanggap::testing::source_dir() / "ops" / "catalog").value();
  return c;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr const char* national = "holidays/id-national.json";
constexpr const char* lumajang = "kab-lumajang.json";
const std::vector<std::string> office_ids = {"kab-lumajang", "kab-madiun", "kab-pasuruan",
                                             "kab-purwakarta", "kota-pasuruan"};

// The shipped files in memory, under the names parse_calendars is given,
// broken one at a time.
struct Files {
  std::vector<CalendarFile> lists{{national, slurp(shipped() / national)}};
  std::vector<CalendarFile> calendars;
  Files() {
    for (const auto& id : office_ids)
      calendars.push_back({id + ".json", slurp(shipped() / (id + ".json"))});
  }
  CalendarFile& file(const std::string& name) {
    for (auto& f : lists)
      if (f.name == name) return f;
    for (auto& f : calendars)
      if (f.name == name) return f;
    FAIL("no file " << name);
    throw;  // not reached: FAIL throws
  }
  json read(const std::string& name) { return json::parse(file(name).text); }
  void write(const std::string& name, const json& j) { file(name).text = j.dump(2); }
  Result<Calendars> parse() const {
    return tanggap::events::parse_calendars(lists, calendars, catalog());
  }
};

// The error names the file and the field path.
void require_error(const Result<Calendars>& r, const std::string& file, const std::string& field,
                   const std::string& words) {
  REQUIRE_FALSE(r.has_value());
  const auto e = r.error();
  INFO(e.message);
  CHECK_THAT(e.message, Catch::StartsWith(file + ": "));
  CHECK(e.field == field);
  CHECK_THAT(e.message, Catch::Contains(words));
  if (!field.empty()) CHECK_THAT(e.message, Catch::Contains(field + ": "));
}

sys_days day(int y, unsigned m, unsigned d) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// Local WIB wall-clock time as an instant.
Instant wib(sys_days d, int hour, int minute) {
  return Instant{d} + std::chrono::hours(hour) + std::chrono::minutes(minute) - 7h;
}

}  // namespace

TEST_CASE("the shipped calendars load for every catalog office", "[calendar]") {
  const auto r = tanggap::events::load_calendars(shipped(), catalog());
  if (!r) FAIL(r.error().message);
  REQUIRE(r->by_office.size() == catalog().offices.size());
  for (const auto& office : catalog().offices) {
    INFO(office.id);
    CHECK(office.calendar == office.id);
    const auto* cal = r->for_office(office.id);
    REQUIRE(cal != nullptr);
    CHECK(cal->spec().id == office.id);
    CHECK(cal->spec().utc_offset_minutes == 420);
    CHECK(cal->spec().holidays_version == "id-national@2025-09-19");
    CHECK(cal->holidays_published(2026));
    CHECK_FALSE(cal->holidays_published(2027));
    CHECK(cal->spec().hours == tanggap::domain::default_office_hours());
    CHECK(cal->spec().closed_days.size() == 25);  // 17 holidays + 8 cuti bersama
    CHECK_FALSE(cal->spec().open_on_cuti_bersama);
  }
}

TEST_CASE("the 2026 national list closes holidays and cuti bersama, nothing else", "[calendar]") {
  const auto r = tanggap::events::load_calendars(shipped(), catalog());
  REQUIRE(r);
  const auto& cal = *r->for_office("kab-madiun");
  CHECK_FALSE(cal.is_working_day(day(2026, 3, 20)));  // cuti bersama Idul Fitri (Friday)
  CHECK_FALSE(cal.is_working_day(day(2026, 3, 19)));  // Nyepi
  CHECK_FALSE(cal.is_working_day(day(2026, 3, 24)));  // cuti bersama
  CHECK(cal.is_working_day(day(2026, 3, 25)));
  CHECK_FALSE(cal.is_working_day(day(2026, 1, 1)));
  CHECK_FALSE(cal.is_working_day(day(2026, 12, 24)));
  CHECK(cal.is_working_day(day(2026, 12, 23)));
  CHECK_FALSE(cal.is_working_day(day(2026, 3, 28)));  // a Saturday
  int holidays = 0, cuti = 0;
  for (const auto& d : cal.spec().closed_days) {
    holidays += d.kind == tanggap::domain::ClosureKind::holiday;
    cuti += d.kind == tanggap::domain::ClosureKind::cuti_bersama;
    CHECK_FALSE(d.name.empty());
  }
  CHECK(holidays == 17);
  CHECK(cuti == 8);
}

TEST_CASE("late in 2026 the missing 2027 list is reported", "[calendar]") {
  const auto r = tanggap::events::load_calendars(shipped(), catalog());
  REQUIRE(r);
  const auto gaps = tanggap::domain::holiday_gaps(*r, wib(day(2026, 11, 23), 9, 0));
  REQUIRE_FALSE(gaps.empty());
  for (const auto& g : gaps) CHECK_THAT(g, Catch::Contains("2027"));
  CHECK(tanggap::domain::holiday_gaps(*r, wib(day(2026, 3, 25), 9, 0)).size() == gaps.size());
}

TEST_CASE("Lumajang's 2x24 jam is 15 working hours on its calendar", "[calendar]") {
  const auto r = tanggap::events::load_calendars(shipped(), catalog());
  REQUIRE(r);
  const auto& cal = *r->for_office("kab-lumajang");
  const auto* s = catalog().service("pengaduan", "kab-lumajang");
  REQUIRE(s != nullptr);
  const auto limit = s->first_response.limit;
  // DOMAIN.md §2: Mon 10:00 -> Wed 10:00; across Nyepi and Idul Fitri,
  // Tue 17 Mar 2026 15:00 -> Thu 26 Mar 2026 15:00.
  CHECK(cal.deadline(wib(day(2026, 6, 8), 10, 0), limit) == wib(day(2026, 6, 10), 10, 0));
  CHECK(cal.deadline(wib(day(2026, 3, 17), 15, 0), limit) == wib(day(2026, 3, 26), 15, 0));
}

TEST_CASE("open_on_cuti_bersama makes a cuti bersama day a working day", "[calendar]") {
  Files files;
  json doc = files.read(lumajang);
  doc["open_on_cuti_bersama"] = true;
  files.write(lumajang, doc);
  const auto r = files.parse();
  if (!r) FAIL(r.error().message);
  const auto& piket = *r->for_office("kab-lumajang");
  CHECK(piket.is_working_day(day(2026, 3, 20)));
  CHECK(piket.is_working_day(day(2026, 12, 24)));
  CHECK_FALSE(piket.is_working_day(day(2026, 3, 19)));  // a holiday stays a holiday
  CHECK_FALSE(r->for_office("kab-madiun")->is_working_day(day(2026, 3, 20)));
}

TEST_CASE("a local closure closes only its office", "[calendar]") {
  Files files;
  json doc = files.read(lumajang);
  doc["local_closures"] = json::array({{{"date", "2026-07-01"}, {"name", "Pindah kantor"}}});
  files.write(lumajang, doc);
  const auto r = files.parse();
  if (!r) FAIL(r.error().message);
  const auto& cal = *r->for_office("kab-lumajang");
  CHECK_FALSE(cal.is_working_day(day(2026, 7, 1)));
  CHECK(cal.spec().closed_days.back().kind == tanggap::domain::ClosureKind::local);
  CHECK(r->for_office("kab-madiun")->is_working_day(day(2026, 7, 1)));
}

TEST_CASE("calendar errors name the file and the field", "[calendar]") {
  Files files;
  json cal = files.read(lumajang);
  json list = files.read(national);
  auto& first_day = list["years"]["2026"]["days"][0];

  SECTION("an unknown key") {
    cal["weekend"] = json::array();
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "weekend", "unknown key");
  }
  SECTION("an unknown weekday") {
    cal["hours"]["senin"] = json::array();
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "hours.senin", "unknown key");
  }
  SECTION("a missing weekday") {
    cal["hours"].erase("saturday");
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "hours.saturday", "missing");
  }
  SECTION("a bad span") {
    const std::vector<std::string> spans = {
        "", "25:00-26:00", "07:30-07:30", "16:00-07:30", "7:30-12:00", "07:30 - 12:00",
        "07:30-12:00 ", "07:60-12:00", "24:30-24:45", "07.30-12.00", "-07:30-12:00",
        "\xef\xbc\x90\x37:30-12:00", std::string(100000, '9')};
    for (const std::string& text : spans) {
      INFO(text.substr(0, 20));
      cal["hours"]["monday"][0] = text;
      files.write(lumajang, cal);
      require_error(files.parse(), lumajang, "hours.monday[0]", "");
    }
  }
  SECTION("a span that is not a string") {
    cal["hours"]["monday"][0] = 730;
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "hours.monday[0]", "found number");
  }
  SECTION("overlapping spans") {
    cal["hours"]["monday"] = {"07:30-12:00", "11:00-16:00"};
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "hours.monday[1]", "do not overlap");
  }
  SECTION("a week with no open day") {
    for (auto& [weekday, spans] : cal["hours"].items()) spans = json::array();
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "hours", "at least one day");
  }
  SECTION("a bad holiday date") {
    first_day["date"] = "2026-02-30";
    files.write(national, list);
    require_error(files.parse(), national, "years.2026.days[0].date", "not a real date");
  }
  SECTION("a holiday filed under another year") {
    first_day["date"] = "2027-01-01";
    files.write(national, list);
    require_error(files.parse(), national, "years.2026.days[0].date", "is not in 2026");
  }
  SECTION("a holiday listed twice") {
    list["years"]["2026"]["days"][1]["date"] = "2026-01-01";
    files.write(national, list);
    require_error(files.parse(), national, "years.2026.days[1].date", "listed twice");
  }
  SECTION("a bad local closure date") {
    cal["local_closures"] = json::array({{{"date", "1 Juli 2026"}, {"name", "x"}}});
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "local_closures[0].date", "not a real date");
  }
  SECTION("an unknown kind") {
    first_day["kind"] = "libur";
    files.write(national, list);
    require_error(files.parse(), national, "years.2026.days[0].kind", "unknown kind 'libur'");
  }
  SECTION("a local kind in the national list") {
    first_day["kind"] = "local";
    files.write(national, list);
    require_error(files.parse(), national, "years.2026.days[0].kind", "unknown kind");
  }
  SECTION("a year key that is not a year") {
    list["years"]["26"] = list["years"]["2027"];
    files.write(national, list);
    require_error(files.parse(), national, "years.26", "four digits");
  }
  SECTION("days in an unpublished year") {
    list["years"]["2027"]["days"] =
        json::array({{{"date", "2027-01-01"}, {"kind", "holiday"}, {"name", "Tahun Baru"}}});
    files.write(national, list);
    require_error(files.parse(), national, "years.2027.days", "set published to true");
  }
  SECTION("a wrong type") {
    cal["open_on_cuti_bersama"] = "tidak";
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "open_on_cuti_bersama", "expected true or false");
  }
  SECTION("a missing calendar for an office") {
    files.calendars.erase(files.calendars.begin() + 1);  // kab-madiun.json
    const auto r = files.parse();
    require_error(r, "kab-madiun.json", "offices[kab-madiun].calendar", "office kab-madiun");
  }
  SECTION("a missing holiday list") {
    cal["holidays"] = "id-jatim";
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "holidays", "no holiday list 'id-jatim'");
  }
  SECTION("no holiday list at all") {
    files.lists.clear();
    require_error(files.parse(), lumajang, "holidays", "no holiday list 'id-national'");
  }
  SECTION("an id that does not match the file name") {
    cal["id"] = "kab-jember";
    files.write(lumajang, cal);
    require_error(files.parse(), lumajang, "id", "does not match the file name");
  }
  SECTION("a holiday list id that does not match the file name") {
    list["id"] = "id-nasional";
    files.write(national, list);
    require_error(files.parse(), national, "id", "does not match the file name");
  }
}

TEST_CASE("hostile calendar input is refused, never thrown", "[calendar]") {
  Files files;
  SECTION("deeply nested JSON") {
    files.file(lumajang).text = std::string(100000, '[') + std::string(100000, ']');
    const auto r = files.parse();
    require_error(r, lumajang, "", "nested deeper than");
    CHECK(r.error().code == Errc::malformed);
  }
  SECTION("not JSON at all") {
    files.file(national).text = "Senin-Jumat 07.30-16.00 WIB";
    const auto r = files.parse();
    require_error(r, national, "", "not valid JSON");
    CHECK(r.error().code == Errc::malformed);
  }
  SECTION("an empty file") {
    files.file(lumajang).text.clear();
    require_error(files.parse(), lumajang, "", "not valid JSON");
  }
  SECTION("random bytes") {
    std::mt19937 rng(20260320);
    std::string bytes(4096, '\0');
    for (char& c : bytes) c = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
    files.file(lumajang).text = bytes;
    const auto r = files.parse();
    require_error(r, lumajang, "", "not valid JSON");
    for (const char ch : r.error().message) CHECK((ch >= ' ' && ch <= '~'));
  }
  SECTION("a file too large to be a calendar") {
    files.file(lumajang).text = std::string(tanggap::events::max_calendar_file_bytes + 1, ' ');
    require_error(files.parse(), lumajang, "", "larger than");
  }
  SECTION("the top level is not an object") {
    files.file(national).text = "[]";
    require_error(files.parse(), national, "", "expected an object, found array");
  }
}

TEST_CASE("mangled calendar files give an error naming the file, never a crash", "[calendar]") {
  std::mt19937 rng(20261122);
  for (const std::string& name : {std::string(national), std::string(lumajang)}) {
    for (int i = 0; i < 300; ++i) {
      Files files;
      std::string& text = files.file(name).text;
      const auto at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng);
      if (i % 2 == 0) text.resize(at);
      else text[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
      const auto r = files.parse();
      if (!r) CHECK_THAT(r.error().message, Catch::StartsWith(name + ": "));
    }
  }
}

TEST_CASE("load_calendars names files on disk and skips what is not a calendar", "[calendar]") {
  tanggap::testing::TempDir dir;
  fs::copy(shipped(), dir.path(), fs::copy_options::recursive);
  fs::create_directory(dir.path() / "old.json");  // not a regular file: ignored
  REQUIRE(tanggap::events::load_calendars(dir.path(), catalog()));

  SECTION("a broken file") {
    std::ofstream(dir.path() / lumajang, std::ios::trunc) << "{";
    const auto r = tanggap::events::load_calendars(dir.path(), catalog());
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::StartsWith((dir.path() / lumajang).string() + ": "));
  }
  SECTION("no holiday lists") {
    fs::remove_all(dir.path() / "holidays");
    const auto r = tanggap::events::load_calendars(dir.path(), catalog());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::not_found);
  }
  SECTION("no directory") {
    const auto r = tanggap::events::load_calendars(dir.path() / "nowhere", catalog());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::not_found);
  }
}

TEST_CASE("a key given twice in one object is refused, not silently replaced", "[calendar]") {
  const tanggap::events::CalendarFile list{"holidays/id-national.json", R"({"id":"id-national","version":"1","years":{)"
                                                                    R"("2026":{"published":false,"source":"","days":[]},)"
                                                                    R"("2026":{"published":false,"source":"","days":[]}}})"};
  auto catalog = tanggap::events::load_catalog(tanggap::testing::source_dir() / "ops" / "catalog");
  REQUIRE(catalog);
  auto r = tanggap::events::parse_calendars({list}, {}, *catalog);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("appears twice") != std::string::npos);
  CHECK(r.error().message.find("holidays/id-national.json") != std::string::npos);
}
