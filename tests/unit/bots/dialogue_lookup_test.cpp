// Status, service information, hand-over and notes: the answers that read
// the citizen's cases or the catalog.
#include "bot_fixture.h"

using namespace tanggap::testing::bots;

TEST_CASE("the status of one's own case is told, typed loosely", "[bot]") {
  Chat chat;
  chat.cases.by_phone[siti] = {summary("ADU-2026-000042", d::CaseStatus::in_progress, 30)};
  for (const char* typed : {"status ADU-2026-000042", "cek laporan sy adu 2026 42", "adu/2026/42"}) {
    CAPTURE(typed);
    chat.say(typed);
    const std::string r = chat.read();
    CHECK(contains(r, "ADU-2026-000042"));
    CHECK(contains(r, "Sedang ditindaklanjuti"));
    CHECK(contains(r, "Tahap 1 dari 2: Verifikasi aduan"));
    CHECK(contains(r, "2 Maret 2026"));
    CHECK(contains(r, "paling lambat 9 Maret 2026"));
    CHECK(chat.last.effects.empty());
  }
}

TEST_CASE("someone else's case reads as not found and leaks nothing", "[bot]") {
  Chat chat;
  chat.cases.by_phone[siti] = {summary("ADU-2026-000042", d::CaseStatus::in_progress)};
  chat.cases.by_phone["+6281300009999"] = {summary("ADU-2026-000077", d::CaseStatus::resolved)};
  chat.say("status ADU-2026-000077");
  const std::string r = chat.read();
  CHECK(contains(r, "tidak ditemukan"));
  CHECK_FALSE(contains(r, "Selesai"));
  CHECK_FALSE(contains(r, "Verifikasi"));
  // And a case id that exists nowhere gets the very same answer.
  chat.say("status ADU-2026-000078");
  CHECK(chat.read() == std::string(r).replace(r.find("000077"), 6, "000078"));
}

TEST_CASE("status alone lists all of this number's cases, newest first as given", "[bot]") {
  Chat chat;
  chat.cases.by_phone[siti] = {summary("ADU-2026-000050", d::CaseStatus::received, 50),
                               summary("ADU-2026-000042", d::CaseStatus::closed, 10)};
  chat.say("ststus");
  const std::string r = chat.read();
  CHECK(contains(r, "Anda memiliki 2 laporan"));
  CHECK(r.find("ADU-2026-000050") < r.find("ADU-2026-000042"));
  CHECK(contains(r, "Diterima"));
  CHECK(contains(r, "Ditutup"));

  Chat nobody;
  nobody.say("cek status");
  CHECK(contains(nobody.read(), "Belum ada laporan"));

  Chat broken;
  broken.cases.broken = true;
  broken.say("status");
  CHECK(contains(broken.read(), "tidak dapat dibuka"));
  CHECK_FALSE(contains(broken.read(), "Belum ada laporan"));
}

TEST_CASE("a service's requirements, procedure, duration and cost come from the catalog", "[bot]") {
  Chat chat;
  chat.say("syaratnya apa aja?");
  CHECK(chat.state.step == b::Step::choosing_info);
  chat.say("3");
  CHECK(chat.state.step == b::Step::idle);
  const std::string r = chat.read();
  CHECK(contains(r, "Persyaratan Pengusulan DTSEN dan Bantuan Sosial Daerah"));
  CHECK(contains(r, "\u2022 Fotokopi Kartu Keluarga"));
  CHECK(contains(r, "3. Penetapan Kemensos"));
  CHECK(contains(r, "target 7 hari kerja, paling lama 15 hari kerja"));
  CHECK(contains(r, "Biaya: Tidak dipungut biaya"));

  Chat direct;  // the service named in the question: answered at once
  direct.say("english");
  direct.say("requirements usulan dtsen");
  CHECK(contains(direct.read(), "Requirements for Proposal into DTSEN"));
  CHECK(contains(direct.read(), "aim 7 working days, at most 15 working days"));
}

TEST_CASE("asking for an officer hands over, naming the open case", "[bot]") {
  Chat chat;
  chat.say("mau ngomong sama petugas aja");
  const auto* h = chat.effect<b::RequestOfficer>();
  REQUIRE(h != nullptr);
  CHECK(h->case_id.empty());
  CHECK(h->text == "mau ngomong sama petugas aja");
  CHECK(contains(chat.read(), "Petugas akan membalas"));

  Chat open;
  open.cases.by_phone[siti] = {summary("ADU-2026-000042", d::CaseStatus::waiting_for_citizen)};
  open.say("lapor");  // mid-dialogue: the hand-over still wins
  open.tap("menu:human");
  const auto* h2 = open.effect<b::RequestOfficer>();
  REQUIRE(h2 != nullptr);
  CHECK(h2->case_id == "ADU-2026-000042");
  CHECK(open.state.step == b::Step::idle);
}

TEST_CASE("a message outside a dialogue joins the open case as a note", "[bot]") {
  Chat chat;
  chat.cases.by_phone[siti] = {summary("ADU-2026-000040", d::CaseStatus::closed, 5),
                               summary("ADU-2026-000042", d::CaseStatus::in_progress, 20)};
  chat.say("Pak, berkas KK sudah saya fotokopi, besok saya antar ke kantor");
  const auto* note = chat.effect<b::AddCitizenMessage>();
  REQUIRE(note != nullptr);
  CHECK(note->case_id == "ADU-2026-000042");
  CHECK(note->text == "Pak, berkas KK sudah saya fotokopi, besok saya antar ke kantor");
  CHECK(contains(chat.read(), "kami tambahkan ke laporan ADU-2026-000042"));

  chat.send(b::MediaSent{{"media-kk", "application/pdf", "kk.pdf"}, ""});
  const auto* file = chat.effect<b::AddCitizenMessage>();
  REQUIRE(file != nullptr);
  REQUIRE(file->media.size() == 1);
  CHECK(file->media[0].filename == "kk.pdf");

  // Without an open case the same message gets the menu, and nothing is added.
  Chat closed;
  closed.cases.by_phone[siti] = {summary("ADU-2026-000040", d::CaseStatus::closed)};
  closed.say("Pak, berkas KK sudah saya fotokopi");
  CHECK(closed.last.effects.empty());
  CHECK(contains(closed.read(), "belum memahami"));
  CHECK(closed.choice_ids().front() == "menu:complain");
}

TEST_CASE("the menu numbers pick the menu's choices", "[bot]") {
  Chat chat;
  chat.say("halo");
  REQUIRE(chat.choice_ids() ==
          std::vector<std::string>{"menu:complain", "menu:status", "menu:info", "menu:human", "lang:en"});
  CHECK_FALSE(chat.last.replies.back().list_button.empty());
  chat.say("5");
  CHECK(chat.state.language == b::Language::en);
  CHECK(chat.choice_ids().back() == "lang:id");
  chat.say("bahasa");
  CHECK(chat.state.language == b::Language::id);
}
