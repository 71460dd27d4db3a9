// events/domain/nik.h — the NIK (Nomor Induk Kependudukan) as citizens type it.
// A NIK has no check digit (PP 40/2019 Pasal 30–32), so validation is
// structural only (DOMAIN.md §4): what can be refused for sure is refused, and
// what may be an old or odd but real NIK (a date that does not exist) is only
// a warning, because regions split and old NIKs keep their codes.
// Pure functions of their input; callable from any thread.
#pragma once

#include "events/domain/error.h"

#include <string>
#include <string_view>
#include <vector>

namespace tanggap::domain {

struct NikCheck {
  std::string digits;                 // exactly 16 ASCII digits
  std::vector<std::string> warnings;  // English, for staff; never contain the NIK
};

// Strips spaces, dots and dashes, reads the letter O/o as 0, then checks:
// 16 digits; province code in the Kemendagri list (incl. the 2022 Papua
// provinces) or 99 (registered abroad); month 01–12; day 01–31 (men) or 41–71
// (women: day + 40); serial not 0000. A refusal is Errc::invalid_field with
// field "reporter.nik" and a message naming the rule; it may repeat the
// province code but never the birth date or serial (personal data).
Result<NikCheck> check_nik(std::string_view raw);

// Masks the birth date, 1-based positions 7–12, with '*':
// "3508124506780003" → "350812******0003". The NIK reveals sex and birth
// date, so it is shown masked everywhere but to supervisors (CONTRACT §3.2).
// Input shorter than 12 characters is masked as far as it goes.
std::string mask_nik(std::string_view digits);

}  // namespace tanggap::domain
