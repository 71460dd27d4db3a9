// events/domain/time.h — how the domain speaks of time.
// Instants are UTC milliseconds; an office's time zone applies only when a
// deadline is computed or a time is rendered. Indonesia keeps no daylight
// saving, so a zone is a fixed offset (Keppres 41/1987).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tanggap::domain {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

// Minutes east of UTC for the Indonesian IANA zones (Asia/Jakarta, Asia/Pontianak,
// Asia/Makassar, Asia/Jayapura) and "UTC"; empty for any other name.
std::optional<std::int32_t> utc_offset_minutes(std::string_view iana_zone) noexcept;

// "2026-11-22T09:15:02.117+07:00": ISO 8601 with milliseconds at the given offset.
std::string format_instant(Instant t, std::int32_t offset_minutes = 0);

// Parses ISO 8601 with a "Z" or "±HH:MM" offset, seconds and fraction optional
// ("2026-11-22T09:15", "2026-11-22T09:15:02.5Z"). Empty when it is not one.
std::optional<Instant> parse_instant(std::string_view text) noexcept;

// The civil date "YYYY-MM-DD"; empty when it is not a real date.
std::optional<std::chrono::year_month_day> parse_date(std::string_view text) noexcept;

}  // namespace tanggap::domain
