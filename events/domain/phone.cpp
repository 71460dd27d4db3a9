#include "events/domain/phone.h"

#include <fmt/format.h>

#include <cstddef>

namespace tanggap::domain {

namespace {

constexpr const char* phone_field = "reporter.phone";
constexpr std::size_t max_e164_digits = 15;  // ITU-T E.164
// The raw text is stored beside the E.164 form: separators must not make it
// a place to store a novel. "+62 (0) 812-0000-1234 5" is 23 characters.
constexpr std::size_t max_raw_length = 64;

Error invalid(std::string message) {
  return fail(Errc::invalid_field, std::move(message), phone_field);
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A national significant number (after +62 or the trunk 0) → E.164.
Result<PhoneNumber> indonesian(std::string_view national, std::string_view raw) {
  PhoneNumber out{fmt::format("+62{}", national), std::string(raw), false};
  const std::size_t n = national.size();
  if (n == 0) return invalid("the phone number has no digits after the country code");
  const char first = national[0];
  if (first == '8') {
    if (n >= 2 && national[1] == '0') {
      // 0800 toll-free and 0809 premium are real numbers but reach no phone
      // that can chat; other 080x ranges (seed 002's "0808…") are not allocated.
      const bool toll_free_or_premium = n >= 3 && (national[2] == '0' || national[2] == '9');
      if (!toll_free_or_premium)
        return invalid(fmt::format("0{} is not an Indonesian mobile range", national.substr(0, 3)));
      if (n < 9 || n > 11)
        return invalid("a toll-free or premium number has 10 to 12 digits with the leading 0");
      return out;
    }
    if (n >= 2 && national[1] == '4') return invalid("084 is not an Indonesian mobile range");
    if (n < 9 || n > 12)
      return invalid(fmt::format(
          "an Indonesian mobile number has 10 to 13 digits with the leading 0, this one has {}",
          n + 1));
    out.mobile = true;
    return out;
  }
  if (first == '0') return invalid("the phone number has a 0 too many after the country code");
  if (first == '1') return invalid("Indonesian area codes do not start with 1");
  if (n < 7 || n > 11)
    return invalid(fmt::format(
        "a landline number with its area code has 8 to 12 digits with the leading 0, this one "
        "has {}",
        n + 1));
  return out;
}

}  // namespace

Result<PhoneNumber> normalize_phone(std::string_view raw) {
  if (raw.size() > max_raw_length)
    return invalid(fmt::format("a phone number is at most {} characters long", max_raw_length));
  std::string digits;
  digits.reserve(max_e164_digits + 1);
  bool plus = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    if (c == '+') {
      if (plus || !digits.empty()) return invalid("a + may only begin the phone number");
      plus = true;
      continue;
    }
    if (is_letter(c)) return invalid("a phone number has no letters");
    if (c < '0' || c > '9')
      return invalid("a phone number has only digits, spaces, dashes, dots, brackets and a +");
    // The trunk 0 is not part of E.164, so allow one digit more before refusing.
    if (digits.size() > max_e164_digits)
      return invalid(fmt::format("a phone number has at most {} digits", max_e164_digits));
    digits.push_back(c);
  }
  if (digits.empty()) return invalid("the phone number is empty");
  const std::string_view d = digits;

  if (plus) {
    if (d.size() > max_e164_digits)
      return invalid(fmt::format("a phone number has at most {} digits", max_e164_digits));
    if (d.substr(0, 2) == "62") {
      std::string_view national = d.substr(2);
      if (!national.empty() && national[0] == '0') national.remove_prefix(1);  // "+62 (0)812…"
      return indonesian(national, raw);
    }
    if (d[0] == '0') return invalid("a country code does not start with 0");
    if (d.size() < 8)
      return invalid("an international number has at least 8 digits with its country code");
    return PhoneNumber{"+" + digits, std::string(raw), false};
  }
  if (d.substr(0, 2) == "00")
    return invalid("write international numbers with + and the country code, not 00");
  if (d.substr(0, 2) == "62") {
    std::string_view national = d.substr(2);
    if (!national.empty() && national[0] == '0') national.remove_prefix(1);
    if (national.size() + 2 > max_e164_digits)
      return invalid(fmt::format("a phone number has at most {} digits", max_e164_digits));
    return indonesian(national, raw);
  }
  if (d[0] == '0') return indonesian(d.substr(1), raw);
  if (d[0] == '8') {
    if (d.size() < 9 || d.size() > 12)
      return invalid("a mobile number without the leading 0 has 9 to 12 digits");
    return indonesian(d, raw);
  }
  if (d[0] == '1' && d.size() <= 5)
    return invalid("short codes such as 112, 171 or 1708 are not subscriber numbers");
  return invalid("the phone number needs its leading 0 and area code, or + and a country code");
}

}  // namespace tanggap::domain
