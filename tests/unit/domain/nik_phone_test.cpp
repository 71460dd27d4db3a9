// NIK and phone number rules of DOMAIN.md §4. Every NIK here is synthetic.
#include "events/domain/nik.h"
#include "events/domain/phone.h"

#include <catch2/catch.hpp>

#include <string>

using tanggap::Errc;
using tanggap::domain::check_nik;
using tanggap::domain::mask_nik;
using tanggap::domain::normalize_phone;

namespace {

// A synthetic NIK of Kab. Lumajang (35 08), district 12, woman born 5 June 1978, serial 0003.
constexpr const char* valid_nik = "3508124506780003";

void require_nik_refused(const std::string& raw) {
  INFO("NIK input: " << raw);
  const auto r = check_nik(raw);
  REQUIRE(r.has_error());
  CHECK(r.error().code == Errc::invalid_field);
  CHECK(r.error().field == "reporter.nik");
  CHECK_FALSE(r.error().message.empty());
}

void require_phone_refused(const std::string& raw) {
  INFO("phone input: " << raw);
  const auto r = normalize_phone(raw);
  REQUIRE(r.has_error());
  CHECK(r.error().code == Errc::invalid_field);
  CHECK(r.error().field == "reporter.phone");
  CHECK_FALSE(r.error().message.empty());
}

std::string e164_of(const std::string& raw) {
  INFO("phone input: " << raw);
  const auto r = normalize_phone(raw);
  REQUIRE(r.has_value());
  return r->e164;
}

}  // namespace

TEST_CASE("a NIK written with spaces, dots or dashes is read as its 16 digits", "[domain][nik]") {
  for (const char* raw : {"3508124506780003", "3508 1245 0678 0003", "35.08.12.450678.0003",
                          "3508-1245-0678-0003", " 3508 12 45 06 78 0003 "}) {
    const auto r = check_nik(raw);
    REQUIRE(r.has_value());
    CHECK(r->digits == valid_nik);
    CHECK(r->warnings.empty());
  }
}

TEST_CASE("the letter O in a NIK is read as the digit 0", "[domain][nik]") {
  const auto r = check_nik("35O8 1245 o678 OOO3");
  REQUIRE(r.has_value());
  CHECK(r->digits == valid_nik);
}

TEST_CASE("a NIK without exactly 16 digits is refused", "[domain][nik]") {
  require_nik_refused("");
  require_nik_refused("   ");
  require_nik_refused("350812450678000");     // 15
  require_nik_refused("35081245067800031");   // 17
}

TEST_CASE("a NIK with any other character is refused", "[domain][nik]") {
  require_nik_refused("3508124506780OO3x");
  require_nik_refused("3508/1245/0678/0003");
  require_nik_refused("NIK 3508124506780003");  // the caller extracts the number, not check_nik
}

TEST_CASE("a NIK's province code must be in the Kemendagri list or 99", "[domain][nik]") {
  for (const char* province : {"11", "19", "21", "31", "36", "51", "53", "61", "65", "71", "76",
                               "81", "82", "91", "93", "94", "95", "96", "99"}) {
    INFO("province " << province);
    CHECK(check_nik(std::string(province) + "08124506780003").has_value());
  }
  for (const char* province : {"00", "10", "20", "22", "30", "37", "50", "54", "60", "66", "70",
                               "77", "80", "83", "90", "97", "98"})
    require_nik_refused(std::string(province) + "08124506780003");
}

TEST_CASE("a NIK's birth month must be 01 to 12", "[domain][nik]") {
  CHECK(check_nik("3508120501780003").has_value());
  CHECK(check_nik("3508120512780003").has_value());
  require_nik_refused("3508120500780003");
  require_nik_refused("3508120513780003");
}

TEST_CASE("a NIK's birth day must be 01 to 31 for men or 41 to 71 for women", "[domain][nik]") {
  for (const char* day : {"01", "31", "41", "71"}) {
    INFO("day " << day);
    CHECK(check_nik(std::string("350812") + day + "0678" + "0003").has_value());
  }
  for (const char* day : {"00", "32", "40", "72", "99"})
    require_nik_refused(std::string("350812") + day + "0678" + "0003");
}

TEST_CASE("a NIK's serial 0000 is refused", "[domain][nik]") {
  require_nik_refused("3508124506780000");
  CHECK(check_nik("3508124506780001").has_value());
}

TEST_CASE("a birth date that does not exist is a warning, not a refusal", "[domain][nik]") {
  SECTION("31 February, for a man and for a woman") {
    for (const char* raw : {"3508123102900003", "3508127102900003"}) {
      const auto r = check_nik(raw);
      REQUIRE(r.has_value());
      REQUIRE(r->warnings.size() == 1);
      CHECK(r->warnings[0].find("3102") == std::string::npos);  // no birth date in the text
    }
  }
  SECTION("31 April") { CHECK(check_nik("3508123104900003")->warnings.size() == 1); }
  SECTION("29 February only when the two-digit year can be a leap year") {
    CHECK(check_nik("3508122902000003")->warnings.empty());  // 2000
    CHECK(check_nik("3508126902840003")->warnings.empty());  // 1984 or 2084
    CHECK(check_nik("3508122902850003")->warnings.size() == 1);
  }
}

TEST_CASE("a refused NIK's message does not repeat its birth date or serial", "[domain][nik]") {
  const auto r = check_nik("3508129913780003");
  REQUIRE(r.has_error());
  CHECK(r.error().message.find("9913") == std::string::npos);
  CHECK(r.error().message.find("0003") == std::string::npos);
}

TEST_CASE("hostile NIK inputs are refused without harm", "[domain][nik]") {
  require_nik_refused(std::string(10'000, '3'));
  require_nik_refused(std::string(10'000, ' '));
  require_nik_refused(std::string("3508124506780003\0", 17));
  require_nik_refused(std::string("35081245\0" "06780003", 17));
  // Arabic-Indic and full-width digits are not ASCII digits.
  require_nik_refused("\u0663\u0665\u0660\u0668124506780003");
  require_nik_refused("\uFF13\uFF15\uFF10\uFF18124506780003");
  require_nik_refused("\xff\xfe");
}

TEST_CASE("mask_nik hides exactly positions 7 to 12, the birth date", "[domain][nik]") {
  CHECK(mask_nik(valid_nik) == "350812******0003");
  CHECK(mask_nik("3508124506") == "350812****");
  CHECK(mask_nik("35081") == "35081");
  CHECK(mask_nik("") == "");
}

TEST_CASE("DOMAIN sample 14 normalises to E.164 as a mobile", "[domain][phone]") {
  const auto r = normalize_phone("0812-0000-1234");
  REQUIRE(r.has_value());
  CHECK(r->e164 == "+6281200001234");
  CHECK(r->raw == "0812-0000-1234");
  CHECK(r->mobile);
}

TEST_CASE("every Indonesian way of writing one mobile gives the same E.164", "[domain][phone]") {
  for (const char* raw : {"081200001234", "0812 0000 1234", "0812.0000.1234", "(0812) 0000-1234",
                          "+62 812 0000 1234", "+62-812-0000-1234", "6281200001234",
                          "81200001234", "+62 (0)812 0000 1234"}) {
    INFO(raw);
    const auto r = normalize_phone(raw);
    REQUIRE(r.has_value());
    CHECK(r->e164 == "+6281200001234");
    CHECK(r->mobile);
    CHECK(r->raw == raw);
  }
}

TEST_CASE("mobile prefixes 8[1-35-9] with 9 to 12 national digits are mobiles", "[domain][phone]") {
  for (const char* raw : {"0811111111", "0821234567890", "083812345678", "085607966637",
                          "0868 1234 567", "0877 2444 7749", "0881234567", "0895 1234 5678"}) {
    INFO(raw);
    const auto r = normalize_phone(raw);
    REQUIRE(r.has_value());
    CHECK(r->mobile);
  }
  CHECK(e164_of("085 895 242 105") == "+6285895242105");  // seed 001's call centre
  require_phone_refused("081234567");       // 8 digits after the 0
  require_phone_refused("08123456789012");  // 13 digits after the 0
  require_phone_refused("0841234567890");   // 084 is not a mobile range
  require_phone_refused("81234567");        // bare, too short
  require_phone_refused("8123456789012");   // bare, too long
}

TEST_CASE("0800 and 0809 numbers are accepted but are not mobiles", "[domain][phone]") {
  for (const char* raw : {"0800 1 234567", "08091234567"}) {
    INFO(raw);
    const auto r = normalize_phone(raw);
    REQUIRE(r.has_value());
    CHECK_FALSE(r->mobile);
  }
  CHECK(e164_of("0800-1-234567") == "+628001234567");
}

TEST_CASE("seed 002's garbled 0808 number is refused, not normalised", "[domain][phone]") {
  require_phone_refused("08081130105000");
  require_phone_refused("0808 1130 1050");
}

TEST_CASE("landlines are accepted with their area code", "[domain][phone]") {
  const auto pasuruan = normalize_phone("(0343) 427605");
  REQUIRE(pasuruan.has_value());
  CHECK(pasuruan->e164 == "+62343427605");
  CHECK_FALSE(pasuruan->mobile);
  CHECK(e164_of("(0351) 495355") == "+62351495355");
  CHECK(e164_of("021-5551234") == "+62215551234");
  CHECK(e164_of("+62 21 5551 2345") == "+622155512345");
  require_phone_refused("427605");       // no area code
  require_phone_refused("0343 42");      // too short
  require_phone_refused("0343 4276 05123");  // too long for a landline
  require_phone_refused("0171 23456");   // no area code starts with 1
}

TEST_CASE("short codes are not subscriber numbers", "[domain][phone]") {
  for (const char* raw : {"171", "1708", "112", "110", "0171", "+62 171"})
    require_phone_refused(raw);
}

TEST_CASE("numbers of other countries are kept as written with 8 to 15 digits", "[domain][phone]") {
  const auto us = normalize_phone("+1 (415) 555-2671");
  REQUIRE(us.has_value());
  CHECK(us->e164 == "+14155552671");
  CHECK_FALSE(us->mobile);
  CHECK(e164_of("+60 12-345 6789") == "+60123456789");
  CHECK(e164_of("+123456789012345") == "+123456789012345");
  require_phone_refused("+1234567");          // 7 digits
  require_phone_refused("+1234567890123456");  // 16 digits
  require_phone_refused("+0123456789");       // no country code starts with 0
  require_phone_refused("0060123456789");     // 00 prefixes: write +
}

TEST_CASE("a phone number with letters or stray symbols is refused", "[domain][phone]") {
  for (const char* raw : {"0812-ABCD-1234", "O812 0000 1234", "0812/0000/1234", "0812+00001234",
                          "++6281200001234", "tel:081200001234", "0812_0000_1234"})
    require_phone_refused(raw);
}

TEST_CASE("more than 15 digits are refused", "[domain][phone]") {
  require_phone_refused("+62 812 0000 1234 5678");
  require_phone_refused("6281200001234567");
  require_phone_refused("0812000012345678");
}

TEST_CASE("hostile phone inputs are refused without harm", "[domain][phone]") {
  require_phone_refused("");
  require_phone_refused("   ");
  require_phone_refused("+");
  require_phone_refused("()-.");
  require_phone_refused(std::string(10'000, '8'));
  require_phone_refused(std::string(10'000, ' '));
  require_phone_refused("0812" + std::string(10'000, ' ') + "00001234");  // the raw would be kept
  require_phone_refused(std::string("081200001234\0", 13));
  require_phone_refused(std::string("0812\0" "00001234", 13));
  require_phone_refused("\u0660\u0668\u0661\u0662\u0660\u0660\u0660\u0660\u0661\u0662\u0663\u0664");
  require_phone_refused("\uFF10\uFF18\uFF11\uFF12 0000 1234");
  require_phone_refused("\xff\xfe\xfd");
}
