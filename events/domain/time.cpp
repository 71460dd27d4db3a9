#include "events/domain/time.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace tanggap::domain {

std::optional<std::int32_t> utc_offset_minutes(std::string_view zone) noexcept {
  if (zone == "Asia/Jakarta" || zone == "Asia/Pontianak") return 7 * 60;
  if (zone == "Asia/Makassar") return 8 * 60;
  if (zone == "Asia/Jayapura") return 9 * 60;
  if (zone == "UTC" || zone == "Etc/UTC") return 0;
  return std::nullopt;
}

std::string format_instant(Instant t, std::int32_t offset_minutes) {
  using namespace std::chrono;
  const auto local = t + minutes(offset_minutes);
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  std::string zone = "Z";
  if (offset_minutes != 0) {
    const int abs_min = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    zone = fmt::format("{}{:02}:{:02}", offset_minutes < 0 ? '-' : '+', abs_min / 60, abs_min % 60);
  }
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     hms.subseconds().count(), zone);
}

namespace {

// Reads exactly `width` digits at `pos`; advances pos.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t width, int& out) noexcept {
  if (pos + width > s.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  pos += width;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) noexcept {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<std::chrono::year_month_day> read_date(std::string_view s, std::size_t& pos) noexcept {
  int y = 0, m = 0, d = 0;
  if (!read_digits(s, pos, 4, y) || !expect(s, pos, '-') || !read_digits(s, pos, 2, m) ||
      !expect(s, pos, '-') || !read_digits(s, pos, 2, d))
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

}  // namespace

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) noexcept {
  std::size_t pos = 0;
  auto ymd = read_date(text, pos);
  if (!ymd || pos != text.size()) return std::nullopt;
  return ymd;
}

std::optional<Instant> parse_instant(std::string_view s) noexcept {
  using namespace std::chrono;
  std::size_t pos = 0;
  const auto ymd = read_date(s, pos);
  if (!ymd || !expect(s, pos, 'T')) return std::nullopt;
  int hh = 0, mm = 0, ss = 0, ms = 0;
  if (!read_digits(s, pos, 2, hh) || !expect(s, pos, ':') || !read_digits(s, pos, 2, mm))
    return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!read_digits(s, pos, 2, ss)) return std::nullopt;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int scale = 100;
      std::size_t digits = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 3) ms += (s[pos] - '0') * scale;
        scale /= 10;
        ++digits;
        ++pos;
      }
      if (digits == 0 || digits > 9) return std::nullopt;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  int offset = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!read_digits(s, pos, 2, oh) || !expect(s, pos, ':') || !read_digits(s, pos, 2, om))
      return std::nullopt;
    if (oh > 14 || om > 59) return std::nullopt;
    offset = sign * (oh * 60 + om);
  } else {
    return std::nullopt;  // a time without a zone is ambiguous: refuse it
  }
  if (pos != s.size()) return std::nullopt;
  const auto local = sys_days{*ymd} + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{ms};
  return Instant{local - minutes{offset}};
}

}  // namespace tanggap::domain
