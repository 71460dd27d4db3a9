#include "events/domain/case_id.h"

#include <fmt/format.h>

namespace tanggap::domain {

namespace {
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
}  // namespace

std::string format_case_id(const CaseId& id) {
  return fmt::format("{}-{:04}-{:06}", id.prefix, id.year, id.number);
}

std::optional<CaseId> parse_case_id(std::string_view s) noexcept {
  if (s.size() != 15 || s[3] != '-' || s[8] != '-') return std::nullopt;
  CaseId id;
  for (std::size_t i = 0; i < 3; ++i) {
    if (!is_upper(s[i])) return std::nullopt;
  }
  id.prefix = std::string(s.substr(0, 3));
  for (std::size_t i = 4; i < 8; ++i) {
    if (!is_digit(s[i])) return std::nullopt;
    id.year = id.year * 10 + (s[i] - '0');
  }
  for (std::size_t i = 9; i < 15; ++i) {
    if (!is_digit(s[i])) return std::nullopt;
    id.number = id.number * 10 + static_cast<std::uint32_t>(s[i] - '0');
  }
  if (id.number == 0) return std::nullopt;
  return id;
}

std::optional<CaseId> read_case_id(std::string_view s) noexcept {
  auto is_sep = [](char c) { return c == '-' || c == ' ' || c == '/' || c == '.' || c == '_'; };
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  CaseId id;
  while (i < s.size() && id.prefix.size() < 3 && is_upper(upper(s[i]))) id.prefix.push_back(upper(s[i++]));
  if (id.prefix.size() != 3) return std::nullopt;
  if (i >= s.size() || !is_sep(s[i])) return std::nullopt;
  while (i < s.size() && is_sep(s[i])) ++i;
  std::size_t year_digits = 0;
  while (i < s.size() && is_digit(s[i]) && year_digits < 4) {
    id.year = id.year * 10 + (s[i++] - '0');
    ++year_digits;
  }
  if (year_digits != 4) return std::nullopt;
  if (i >= s.size() || !is_sep(s[i])) return std::nullopt;
  while (i < s.size() && is_sep(s[i])) ++i;
  std::size_t number_digits = 0;
  while (i < s.size() && is_digit(s[i])) {
    if (++number_digits > 6) return std::nullopt;
    id.number = id.number * 10 + static_cast<std::uint32_t>(s[i++] - '0');
  }
  if (number_digits == 0 || id.number == 0) return std::nullopt;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i != s.size()) return std::nullopt;
  return id;
}

std::string case_sequence_key(std::string_view prefix, std::int32_t year) {
  return fmt::format("case-id/{}/{}", prefix, year);
}

std::string case_stream(std::string_view case_id) { return fmt::format("{}{}", case_stream_prefix, case_id); }

}  // namespace tanggap::domain
