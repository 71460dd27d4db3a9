// events/domain/phone.h — phone numbers as citizens, WhatsApp and staff write them.
// Every number is stored as E.164 ("+6281200001234") so that one citizen's
// cases are found whichever way the number was typed; the raw text is kept
// beside it (DOMAIN.md §4). Indonesian rules follow libphonenumber's metadata:
// country code 62, trunk prefix 0, mobiles 8[1-35-9] with 9–12 national digits.
// Pure functions of their input; callable from any thread.
#pragma once

#include "events/domain/error.h"

#include <string>
#include <string_view>

namespace tanggap::domain {

struct PhoneNumber {
  std::string e164;  // "+" and 8–15 digits
  std::string raw;   // the input, verbatim
  bool mobile = false;  // an Indonesian mobile: may be reached on WhatsApp; false for foreign numbers
};

// Drops spaces, dashes, dots and brackets, then reads:
//   +62…  kept (a "(0)" trunk digit after +62 is dropped: "+62 (0)812…")
//   62…   a WhatsApp wa_id → +62…
//   0…    national → +62…
//   8…    a bare mobile of 9–12 digits → +62…
//   +CC…  another country: accepted as written when it has 8–15 digits
// Indonesian numbers must be a mobile (8[1-35-9], 9–12 digits after the 0),
// toll-free or premium (0800, 0809: valid, not mobile) or a landline with its
// area code (2–9 first digit, 7–11 digits after the 0). Refused with
// Errc::invalid_field, field "reporter.phone": letters or other characters,
// short codes (171, 1708, 112), other 08x prefixes (0808 is not allocated),
// more than 15 digits or 64 characters, "00" international prefixes (write "+").
Result<PhoneNumber> normalize_phone(std::string_view raw);

}  // namespace tanggap::domain
