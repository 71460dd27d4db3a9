// events/calendar_json.h — the office calendars on disk (ops/calendar/, see its
// README.md): which hours each office keeps and which days it is closed, turned
// into one domain::BusinessCalendar per catalog office. That is this module's
// one job; the arithmetic lives in events/domain/business_calendar.h.
// Reading is strict, as the catalog's (events/strict_json.h): unknown keys,
// wrong JSON types, malformed "HH:MM-HH:MM" spans, unreal dates and unknown
// kinds are errors, because a wrong office hour silently moves every deadline.
// Every error names the file and the field path ("kab-lumajang.json:
// hours.friday[1]: ..."), with Error::field set to the path. Nothing here
// throws; all functions are reentrant and may be called from any thread.
#pragma once

#include "events/domain/business_calendar.h"
#include "events/domain/catalog.h"
#include "events/domain/error.h"
#include "events/strict_json.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace tanggap::events {

// One calendar file in memory. `name` is used in error messages, and its stem
// must equal the file's "id": "holidays/id-national.json", "kab-lumajang.json".
using CalendarFile = strict_json::DataFile;

// Files larger than this are refused before parsing (a year of holidays is ~3 KiB).
inline constexpr std::size_t max_calendar_file_bytes = 1024 * 1024;
// JSON nested deeper than this is refused; a holiday list's own depth is 5.
inline constexpr int max_calendar_depth = 32;

// Reads the holiday lists and the office calendars, then builds the calendar
// of every office in `catalog` (by office id): the calendar its `calendar`
// field names, that calendar's holiday list, and the UTC offset of its
// `time_zone`. A calendar no office uses is still read and checked. Pure:
// for tests and fuzzing.
Result<domain::Calendars> parse_calendars(const std::vector<CalendarFile>& holiday_lists,
                                          const std::vector<CalendarFile>& calendars,
                                          const domain::Catalog& catalog);

// Reads `dir`/holidays/*.json and `dir`/*.json (regular files, in file-name
// order) and calls parse_calendars. Errors name the file as found on disk.
Result<domain::Calendars> load_calendars(const std::filesystem::path& dir,
                                         const domain::Catalog& catalog);

}  // namespace tanggap::events
