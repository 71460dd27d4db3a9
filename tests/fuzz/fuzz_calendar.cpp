// fuzz_calendar — the office calendar reader (events/calendar_json.h over
// events/strict_json.h) against the shipped catalog's office kab-lumajang
// (ops/catalog, read once), then the deadline arithmetic on whatever
// calendars it accepts: a hostile office week or closure list must become an
// error or a finite deadline.
// Input: files separated by lines "=== NAME"; names under "holidays/" are
// holiday lists, the others office calendars ("=== kab-lumajang.json": the
// stem must be the file's id). Input without a "=== " line is one office
// calendar named kab-lumajang.json.
// Properties: a deadline is never before the receipt; office time inside an
// interval is between 0 and its length; adding office time never goes back.
// fuzz-sources: events/calendar_json.cpp events/catalog_json.cpp events/strict_json.cpp
// fuzz-sources: events/domain/business_calendar.cpp events/domain/catalog.cpp
// fuzz-sources: events/domain/catalog_names.cpp events/domain/time.cpp events/domain/error.cpp
// fuzz-libs: Boost::headers fmt::fmt nlohmann_json::nlohmann_json
#include "events/calendar_json.h"
#include "events/catalog_json.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace d = tanggap::domain;
namespace ev = tanggap::events;
using namespace std::chrono_literals;

namespace {

[[noreturn]] void broken(const char* property) {
  std::fprintf(stderr, "fuzz_calendar: property broken: %s\n", property);
  std::abort();
}

std::unique_ptr<d::Catalog> shipped_catalog;

// "=== name\ntext\n=== name\ntext" → files; text without a header is `first_name`.
std::vector<ev::CalendarFile> split_files(std::string_view input, std::string_view first_name) {
  constexpr std::string_view marker = "=== ";
  std::vector<ev::CalendarFile> files;
  if (!input.starts_with(marker)) {
    files.push_back({std::string(first_name), std::string(input)});
    return files;
  }
  while (input.starts_with(marker)) {
    input.remove_prefix(marker.size());
    const auto eol = input.find('\n');
    const auto name = input.substr(0, eol);
    input = eol == std::string_view::npos ? std::string_view{} : input.substr(eol + 1);
    auto next = input.find("\n=== ");
    const auto text = input.substr(0, next);
    files.push_back({std::string(name), std::string(text)});
    input = next == std::string_view::npos ? std::string_view{} : input.substr(next + 1);
  }
  return files;
}

// Receipts on a Friday before the lunch break, on a Saturday night and on
// 1 January (a holiday), all 2026, in UTC.
constexpr std::array<d::Instant, 3> receipts{
    d::Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20} + 4h + 20min},
    d::Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + 15h},
    d::Instant{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1} + 1h + 7ms},
};
constexpr std::array<d::Duration, 5> promises{
    d::Duration{260, d::ClockUnit::working_minutes}, d::Duration{15, d::ClockUnit::working_hours},
    d::Duration{22, d::ClockUnit::working_days}, d::Duration{14, d::ClockUnit::calendar_days},
    d::Duration{48, d::ClockUnit::calendar_hours}};

void check_arithmetic(const d::BusinessCalendar& calendar) {
  for (const auto receipt : receipts) {
    std::ignore = calendar.is_working_day(calendar.local_day(receipt));
    for (const auto promise : promises) {
      const d::Instant due = calendar.deadline(receipt, promise);
      if (due < receipt) broken("deadline: before the receipt");
      const std::int64_t ms = calendar.working_ms(receipt, due);
      if (ms < 0 || ms > (due - receipt).count()) broken("working_ms: outside [0, interval]");
      if (calendar.add_working_ms(receipt, ms) < receipt) broken("add_working_ms: goes back");
    }
  }
}

}  // namespace

// One office of the shipped catalog, so that an input needs only its calendar
// and the holiday list it names, not the calendars of every office.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string dir = TANGGAP_SOURCE_DIR "/ops/catalog/";
  auto types = ev::strict_json::read_file(dir + "service-types.json", ev::max_catalog_file_bytes);
  auto office = ev::strict_json::read_file(dir + "offices/kab-lumajang.json", ev::max_catalog_file_bytes);
  tanggap::Result<d::Catalog> catalog = tanggap::fail(tanggap::Errc::not_found, "ops/catalog is not readable");
  if (types && office)
    catalog = ev::parse_catalog_files({"service-types.json", *types}, {{"offices/kab-lumajang.json", *office}});
  if (!catalog) {
    std::fprintf(stderr, "fuzz_calendar: the shipped catalog does not load: %s\n", catalog.error().message.c_str());
    std::abort();
  }
  shipped_catalog = std::make_unique<d::Catalog>(std::move(*catalog));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<ev::CalendarFile> lists, calendars;
  for (auto& file : split_files(std::string_view(reinterpret_cast<const char*>(data), size), "kab-lumajang.json"))
    (file.name.starts_with("holidays/") ? lists : calendars).push_back(std::move(file));
  const auto parsed = ev::parse_calendars(lists, calendars, *shipped_catalog);
  if (!parsed) {
    if (parsed.error().message.empty()) broken("parse_calendars: an error without a message");
    return 0;
  }
  for (const auto& [office, calendar] : parsed->by_office) check_arithmetic(calendar);
  std::ignore = d::holiday_gaps(*parsed, receipts[0]);
  return 0;
}
