// events/domain/case_id.h — case ids: <PREFIX>-<YEAR>-<6 digits>.
// The number comes from the store's counter for (prefix, year), bound in the
// same WriteBatch as the case's first events, so an id never repeats. Citizens
// type ids loosely ("adu 2026 42"), so parsing is lenient and formatting strict.
#pragma once

#include "events/domain/error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tanggap::domain {

inline constexpr std::uint32_t max_case_number = 999'999;

struct CaseId {
  std::string prefix;  // three letters A-Z
  std::int32_t year = 0;
  std::uint32_t number = 0;  // 1 ... 999999
};

// "ADU-2026-000042". The caller keeps number within 1..max_case_number.
std::string format_case_id(const CaseId& id);
// Strict: exactly ^[A-Z]{3}-\d{4}-\d{6}$ with a number > 0.
std::optional<CaseId> parse_case_id(std::string_view text) noexcept;
// Lenient, for what citizens type: case-insensitive, "-", " ", "/" or "." as
// separators, the number with or without leading zeros ("adu 2026 42").
std::optional<CaseId> read_case_id(std::string_view typed) noexcept;

// The counter and the stream of a case.
std::string case_sequence_key(std::string_view prefix, std::int32_t year);  // "case-id/ADU/2026"
std::string case_stream(std::string_view case_id);                          // "case-ADU-2026-000042"
inline constexpr std::string_view case_stream_prefix = "case-";

}  // namespace tanggap::domain
