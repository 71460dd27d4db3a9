// fuzz_ids — the identifiers citizens type: case ids (the {id} of /track and
// the chat bots), tracking codes, NIKs and phone numbers. Every function gets
// the whole input; a crash or a broken property aborts. Properties:
//   read_case_id: the id it reads formats to a strict id that reads back the same;
//   parse_case_id: strict means the input is exactly the formatted id;
//   normalize_tracking_code: idempotent, and the stored hash ignores how it was typed;
//   check_nik: the digits it keeps pass again unchanged, masked at 7-12;
//   normalize_phone: its own E.164 output normalises to the same number.
// fuzz-sources: events/domain/case_id.cpp events/domain/nik.cpp events/domain/phone.cpp
// fuzz-sources: events/domain/error.cpp events/ids.cpp events/sha256.cpp
// fuzz-libs: Boost::headers fmt::fmt OpenSSL::Crypto
#include "events/domain/case_id.h"
#include "events/domain/nik.h"
#include "events/domain/phone.h"
#include "events/ids.h"
#include "events/sha256.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>

namespace d = tanggap::domain;
namespace ev = tanggap::events;

namespace {

[[noreturn]] void broken(const char* property) {
  std::fprintf(stderr, "fuzz_ids: property broken: %s\n", property);
  std::abort();
}

bool same(const d::CaseId& a, const d::CaseId& b) {
  return a.prefix == b.prefix && a.year == b.year && a.number == b.number;
}

void case_ids(std::string_view text) {
  if (const auto id = d::read_case_id(text)) {
    if (id->number == 0 || id->number > d::max_case_number) broken("read_case_id: number out of range");
    const std::string formatted = d::format_case_id(*id);
    const auto strict = d::parse_case_id(formatted);
    if (!strict || !same(*strict, *id)) broken("read_case_id: its id does not parse back strictly");
    const auto again = d::read_case_id(formatted);
    if (!again || !same(*again, *id)) broken("read_case_id: its id does not read back the same");
  }
  if (const auto id = d::parse_case_id(text)) {
    if (d::format_case_id(*id) != text) broken("parse_case_id: accepted a non-canonical id");
    if (!d::read_case_id(text)) broken("parse_case_id accepts what read_case_id refuses");
  }
}

void tracking_codes(std::string_view text) {
  const std::string normal = ev::normalize_tracking_code(text);
  if (ev::normalize_tracking_code(normal) != normal) broken("normalize_tracking_code is not idempotent");
  // The track handler refuses longer codes before hashing (server/api_public.cpp).
  if (text.size() <= 64) {
    const std::string hash = ev::tracking_code_hash(text);
    if (hash.size() != 64 || hash != ev::tracking_code_hash(normal)) broken("tracking_code_hash depends on the typing");
    if (!ev::equal_constant_time(hash, ev::tracking_code_hash(normal))) broken("equal_constant_time");
  }
}

void niks(std::string_view text) {
  const auto nik = d::check_nik(text);
  std::ignore = d::mask_nik(text);  // the mask is also applied to stored, unchecked data
  if (!nik) return;
  if (nik->digits.size() != 16 || nik->digits.find_first_not_of("0123456789") != std::string::npos)
    broken("check_nik: kept digits are not 16 ASCII digits");
  const auto again = d::check_nik(nik->digits);
  if (!again || again->digits != nik->digits) broken("check_nik: its own digits do not pass again");
  const std::string masked = d::mask_nik(nik->digits);
  if (masked.size() != 16 || masked.substr(6, 6) != "******" || masked.substr(12) != nik->digits.substr(12))
    broken("mask_nik: the birth date is not masked");
}

void phones(std::string_view text) {
  const auto phone = d::normalize_phone(text);
  if (!phone) return;
  const std::string& e164 = phone->e164;
  if (e164.size() < 9 || e164.size() > 16 || e164[0] != '+' ||
      e164.find_first_not_of("0123456789", 1) != std::string::npos)
    broken("normalize_phone: output is not + and 8-15 digits");
  if (phone->raw != text) broken("normalize_phone: raw is not the input");
  const auto again = d::normalize_phone(e164);
  if (!again) broken("normalize_phone: refuses its own output");
  if (again->e164 != e164) broken("normalize_phone: its own output normalises differently");
  if (again->mobile != phone->mobile) broken("normalize_phone: mobile flag changes on its own output");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  case_ids(text);
  tracking_codes(text);
  niks(text);
  phones(text);
  return 0;
}
