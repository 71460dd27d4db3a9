#include "events/domain/nik.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>

namespace tanggap::domain {

namespace {

constexpr std::size_t nik_length = 16;
constexpr const char* nik_field = "reporter.nik";

Error invalid(std::string message) {
  return fail(Errc::invalid_field, std::move(message), nik_field);
}

// Kemendagri province codes: Sumatra 11–19 and 21 (Kepri), Java 31–36,
// Bali/Nusa Tenggara 51–53, Kalimantan 61–65, Sulawesi 71–76, Maluku 81–82,
// Papua 91–96 (Papua Selatan, Tengah, Pegunungan and Barat Daya split off in
// 2022 and issue NIKs with 93–96). 99 is a citizen registered abroad.
constexpr std::array<int, 38> province_codes{
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
    61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96};
constexpr int abroad_code = 99;

bool known_province(int code) {
  return code == abroad_code ||
         std::find(province_codes.begin(), province_codes.end(), code) != province_codes.end();
}

// Two ASCII digits at `pos` as a number; the caller has checked they are digits.
int two_digits(std::string_view s, std::size_t pos) {
  return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
}

int days_in_month(int month, int yy) {
  switch (month) {
    case 2:
      // The century is unknown. 19yy and 20yy are leap years alike except for
      // yy == 00, where 2000 is one: so yy % 4 == 0 means "can be a leap year".
      return yy % 4 == 0 ? 29 : 28;
    case 4: case 6: case 9: case 11:
      return 30;
    default:
      return 31;
  }
}

}  // namespace

Result<NikCheck> check_nik(std::string_view raw) {
  NikCheck out;
  out.digits.reserve(nik_length);
  for (const char c : raw) {
    if (c == ' ' || c == '.' || c == '-') continue;  // "3508 1245 0678 0003", "3508.12..."
    char digit = c;
    if (c == 'O' || c == 'o') digit = '0';  // citizens type the letter for the digit
    if (digit < '0' || digit > '9')
      return invalid("a NIK may contain only digits, spaces, dots and dashes");
    // Stop early: a hostile 10 MB field must not be copied before it is refused.
    if (out.digits.size() == nik_length)
      return invalid(fmt::format("a NIK has exactly {} digits, this one has more", nik_length));
    out.digits.push_back(digit);
  }
  if (out.digits.size() != nik_length)
    return invalid(fmt::format("a NIK has exactly {} digits, this one has {}", nik_length,
                               out.digits.size()));

  const std::string_view d = out.digits;
  // Layout PP RR CC DD MM YY SSSS (DOMAIN.md §4).
  const int province = two_digits(d, 0);
  const int day_field = two_digits(d, 6);
  const int month = two_digits(d, 8);
  const int yy = two_digits(d, 10);
  if (!known_province(province))
    return invalid(fmt::format("{:02} is not a province code (first two digits of the NIK)",
                               province));
  const bool day_ok = (day_field >= 1 && day_field <= 31) || (day_field >= 41 && day_field <= 71);
  if (!day_ok)
    return invalid("digits 7-8 of the NIK are not a birth day (01-31, or 41-71 for women)");
  if (month < 1 || month > 12)
    return invalid("digits 9-10 of the NIK are not a birth month (01-12)");
  if (d.substr(12) == "0000") return invalid("the serial (last four digits of the NIK) is 0000");

  const int day = day_field > 40 ? day_field - 40 : day_field;
  if (day > days_in_month(month, yy))
    // The warning names no digits: the birth date is what mask_nik hides.
    out.warnings.emplace_back("the birth date in the NIK is not a real date (such as 31 February)");
  return out;
}

std::string mask_nik(std::string_view digits) {
  std::string out(digits);
  // 1-based positions 7..12 are 0-based indices 6..11: the birth date.
  for (std::size_t i = 6; i < 12 && i < out.size(); ++i) out[i] = '*';
  return out;
}

}  // namespace tanggap::domain
