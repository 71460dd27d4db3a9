// Intent recognition against the ways DOMAIN.md §7 says citizens write.
#include "bots/intent.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using tanggap::bots::Intent;
namespace b = tanggap::bots;

namespace {
struct Row {
  const char* text;
  Intent intent;
};
}  // namespace

TEST_CASE("whole-message commands are read whatever the case, spacing and fillers", "[bot]") {
  const std::vector<Row> rows = {
      {"batal", Intent::cancel},           {"  BATAL pak ", Intent::cancel},   {"gak jadi deh", Intent::cancel},
      {"menu", Intent::menu},              {"/start", Intent::menu},           {"halo", Intent::greeting},
      {"Selamat  pagi, Bu", Intent::greeting}, {"Assalamu'alaikum", Intent::salam}, {"ass wr wb", Intent::salam},
      {"english please", Intent::english}, {"English", Intent::english},       {"bahasa", Intent::bahasa},
      {"ya", Intent::yes},                 {"iya betul", Intent::yes},         {"y", Intent::yes},
      {"Ok siap", Intent::yes},            {"nggih", Intent::yes},             {"tidak", Intent::no},
      {"gak", Intent::no},                 {"nggak", Intent::no},              {"henteu", Intent::no},
      {"belum", Intent::not_yet},          {"blm", Intent::not_yet},           {"lewati", Intent::skip},
      {"-", Intent::skip},                 {"tidak ada", Intent::skip},        {"anonim", Intent::anonymous},
      {"tanpa nama", Intent::anonymous},   {"petugas", Intent::human},         {"ststus", Intent::status},
      {"cek status", Intent::status},      {"mau lapor", Intent::complain},    {"makasih min", Intent::thanks},
      {"matur nuwun", Intent::thanks},     {"batal ya", Intent::cancel},       {"saya", Intent::none},
      {"", Intent::none},                  {"PKH ibu saya belum cair", Intent::none},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CHECK(b::intent_name(b::command(row.text)) == b::intent_name(row.intent));
  }
}

TEST_CASE("intents are spotted inside free text by priority", "[bot]") {
  const std::vector<Row> rows = {
      {"Assalamualaikum min, sy mau tanya knp PKH ibu sy blm cair ya? sdh 3 bln.", Intent::status},
      {"selamat siang bu, cara daftar dtks gmn ya? syaratnya apa aja", Intent::information},
      {"Mau lapor pak, KKS warga RT kami dikumpulin sm ketua kelompok", Intent::complain},
      {"cek laporan sy adu 2026 42", Intent::status},
      {"mau ngomong sama petugas aja", Intent::human},
      {"Kami dari Desa X, tadi malam banjir, 12 KK terdampak", Intent::complain},
      {"kenapa nama sy dicoret dari bansos?", Intent::status},
      {"ststus laporan saya gimana", Intent::status},
      {"biasa saja", Intent::none},  // one letter from "biaya": short words are not guessed at
      {"halo kak", Intent::greeting},
      {"terima kasih banyak", Intent::thanks},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CHECK(b::intent_name(b::spot(row.text)) == b::intent_name(row.intent));
  }
}

TEST_CASE("an answer keeps the reason written after yes or no", "[bot]") {
  auto a = b::answer("tidak, bantuan masih belum masuk");
  CHECK(a.intent == Intent::no);
  CHECK(a.rest == "bantuan masih belum masuk");
  a = b::answer("Iya betul pak");
  CHECK(a.intent == Intent::yes);
  CHECK(a.rest.empty());
  a = b::answer("blm cair ya?");
  CHECK(a.intent == Intent::not_yet);
  CHECK(a.rest == "cair ya?");
  CHECK(b::answer("PKH belum cair").intent == Intent::none);
  CHECK(b::answer("").intent == Intent::none);
}

TEST_CASE("case ids are found however citizens type them", "[bot]") {
  const std::vector<const char*> found = {"status ADU-2026-000042", "cek laporan sy adu 2026 42", "Adu/2026/42",
                                          "status  adu.2026.000042 ya"};
  for (const char* text : found) {
    CAPTURE(text);
    const auto id = b::find_case_id(text);
    REQUIRE(id.has_value());
    CHECK(id->prefix == "ADU");
    CHECK(id->year == 2026);
    CHECK(id->number == 42);
  }
  const std::vector<const char*> not_found = {"status", "adu 26 42", "sdh 3 bln", "adu 2026 0", "adu 2026 1234567",
                                              "NIK 3508 1245 0678 0003"};
  for (const char* text : not_found) {
    CAPTURE(text);
    CHECK_FALSE(b::find_case_id(text).has_value());
  }
}

TEST_CASE("menu numbers are small positive numbers alone", "[bot]") {
  CHECK(b::menu_number("1") == 1u);
  CHECK(b::menu_number(" 2. ") == 2u);
  CHECK(b::menu_number("3)") == 3u);
  CHECK(b::menu_number("10") == 10u);
  CHECK_FALSE(b::menu_number("0"));
  CHECK_FALSE(b::menu_number("123"));
  CHECK_FALSE(b::menu_number("1 2"));
  CHECK_FALSE(b::menu_number("satu"));
  CHECK_FALSE(b::menu_number(""));
}

TEST_CASE("one slip of the finger is one edit, two are not", "[bot]") {
  CHECK(b::within_one_edit("status", "ststus"));   // substitution
  CHECK(b::within_one_edit("status", "stauts"));   // neighbours swapped
  CHECK(b::within_one_edit("petugas", "petugs"));  // deletion
  CHECK(b::within_one_edit("petugas", "pettugas"));
  CHECK_FALSE(b::within_one_edit("status", "sttaus x"));
  CHECK_FALSE(b::within_one_edit("status", "statsu s"));
  CHECK_FALSE(b::within_one_edit("lapor", "lampu"));
}

TEST_CASE("normalizing drops punctuation and case but keeps other scripts whole", "[bot]") {
  CHECK(b::normalize("  Halo,   MIN!! ") == "halo min");
  CHECK(b::normalize("Assalamu'alaikum") == "assalamualaikum");
  CHECK(b::normalize("ADU-2026-000042") == "adu 2026 000042");
  CHECK(b::normalize("Ibu \xC3\x9Cmit") == "ibu \xC3\x9Cmit");
}
