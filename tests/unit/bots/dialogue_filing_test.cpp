// Filing a complaint or request through the bot, as a citizen would.
#include "bot_fixture.h"

#include "server/dialogue_state_json.h"

using namespace tanggap::testing::bots;

TEST_CASE("a whole complaint in Indonesian ends with a submit ready for the decider", "[bot]") {
  Chat chat;
  chat.say("Assalamualaikum");
  CHECK(contains(chat.read(), "Waalaikumsalam"));
  chat.say("mau lapor pak");
  CHECK(chat.state.step == b::Step::choosing_service);
  REQUIRE(chat.choice_ids().size() == 4);
  CHECK(chat.choice_ids()[0] == "svc:pengaduan");

  chat.say("1");  // by number
  CHECK(chat.state.step == b::Step::describing);
  CHECK(contains(chat.read(), "Pengaduan Layanan"));
  chat.say("Bantuan PKH ibu saya belum cair sudah tiga bulan.\nMohon dibantu.");
  CHECK(chat.state.step == b::Step::locating);
  chat.say("Desa Sukodono, Kec. Sukodono");
  CHECK(chat.state.step == b::Step::naming);
  CHECK(chat.choice_ids() == std::vector<std::string>{"anon"});
  chat.say("Siti Aminah");
  CHECK(chat.state.step == b::Step::confirming);
  CHECK(contains(chat.read(), "Siti Aminah"));
  CHECK(contains(chat.read(), "Desa Sukodono"));
  CHECK(chat.choice_ids() == std::vector<std::string>{"yes", "cancel"});

  chat.say("iya");
  const auto* submit = chat.effect<b::SubmitCase>();
  REQUIRE(submit != nullptr);
  CHECK(chat.state.step == b::Step::filing);
  CHECK(submit->submit.service == "pengaduan");
  CHECK(submit->submit.office == "kab-lumajang");
  CHECK(submit->submit.channel == d::Channel::whatsapp);
  CHECK(submit->submit.title == "Bantuan PKH ibu saya belum cair sudah tiga bulan.");
  CHECK(submit->submit.body == "Bantuan PKH ibu saya belum cair sudah tiga bulan.\nMohon dibantu.");
  CHECK(submit->submit.reporter.name == "Siti Aminah");
  CHECK(submit->submit.reporter.phone == siti);
  CHECK_FALSE(submit->submit.privacy_given);  // the service's default privacy
  CHECK(submit->submit.location.text == "Desa Sukodono, Kec. Sukodono");
  CHECK(submit->submit.case_id.empty());  // the shell allocates it

  chat.send(b::CaseFiled{"ADU-2026-000042", "K7QF-M2XA", at(0) + std::chrono::days(7)});
  CHECK(contains(chat.read(), "ADU-2026-000042"));
  CHECK(contains(chat.read(), "K7QF-M2XA"));
  CHECK(contains(chat.read(), "9 Maret 2026"));
  CHECK(chat.state.step == b::Step::idle);
  CHECK(chat.state.draft == b::Draft{});
}

TEST_CASE("a whole complaint in English, the service chosen by list id", "[bot]") {
  Chat chat;
  chat.say("english please");
  CHECK(chat.state.language == b::Language::en);
  CHECK(contains(chat.read(), "English"));
  chat.tap("menu:complain");
  CHECK(contains(chat.read(), "Which service"));
  chat.tap("svc:usulan-dtsen");
  CHECK(contains(chat.read(), "Proposal into DTSEN"));
  chat.say("My family is not in DTSEN although we are poor.");
  chat.tap("skip");
  CHECK(chat.state.step == b::Step::naming);
  chat.say("Budi");
  CHECK(contains(chat.read(), "Send this report?"));
  chat.tap("yes");
  const auto* submit = chat.effect<b::SubmitCase>();
  REQUIRE(submit != nullptr);
  CHECK(submit->submit.service == "usulan-dtsen");
  CHECK(submit->submit.location.text.empty());
  CHECK_FALSE(submit->submit.location.lat.has_value());
  chat.send(b::CaseFiled{"DTK-2026-000007", "ABCD-EFGH", std::nullopt});
  CHECK(contains(chat.read(), "Your report is recorded as DTK-2026-000007"));
}

TEST_CASE("a service is found by its name, and a list too long is paged", "[bot]") {
  Chat chat;
  chat.say("lapor");
  chat.say("usulan dtsen");
  CHECK(chat.state.step == b::Step::describing);
  CHECK(chat.state.draft.service == "usulan-dtsen");

  Chat lost;
  lost.say("lapor");
  lost.say("sembako");  // no such service: asked again
  CHECK(lost.state.step == b::Step::choosing_service);
  CHECK(contains(lost.read(), "tidak ada di daftar"));

  // Twelve services: nine and a "more" row, then the other three.
  Chat many;
  d::Catalog big = catalog();
  for (int i = 0; i < 8; ++i) {
    d::Service s = big.services.front();
    s.type = "layanan-" + std::to_string(i);
    big.types.push_back({s.type, "L" + std::string(1, static_cast<char>('A' + i)) + "X", "Layanan", "Service",
                         d::Privacy::public_, false, false, true});
    big.services.push_back(s);
  }
  many.ctx.catalog = &big;
  many.say("lapor");
  auto ids = many.choice_ids();
  REQUIRE(ids.size() == 10);
  CHECK(ids.back() == "svc-page:1");
  many.say("10");
  ids = many.choice_ids();
  CHECK(ids.size() == 4);
  CHECK(ids.front() == "svc:layanan-5");
}

TEST_CASE("every choice the bot offers fits WhatsApp's and Telegram's limits", "[bot]") {
  Chat chat;
  chat.say("halo");
  chat.say("lapor");
  for (const auto& reply : chat.last.replies) {
    for (const auto& c : reply.choices) {
      CAPTURE(c.title);
      CHECK(c.id.size() <= b::max_choice_id_bytes);
      CHECK(c.title.size() <= b::max_row_title_chars * 3);  // bytes: "…" is three
    }
    CHECK(reply.choices.size() <= b::max_list_rows);
    if (reply.choices.size() > b::max_buttons) CHECK_FALSE(reply.list_button.empty());
  }
  // The DTSEN service's name is longer than a row: cut, and whole in the description.
  const auto& rows = chat.last.replies.back().choices;
  REQUIRE(rows.size() == 4);
  CHECK(rows[2].title == "Pengusulan DTSEN dan Ba\u2026");
  CHECK(rows[2].description == "Pengusulan DTSEN dan Bantuan Sosial Daerah");
}

TEST_CASE("a shared location and a photo go into the draft", "[bot]") {
  Chat chat;
  chat.tap("menu:complain");
  chat.tap("svc:pengaduan");
  chat.send(b::MediaSent{{"wamid-media-1", "image/jpeg", ""}, "Rumah warga roboh kena angin"});
  CHECK(contains(chat.read(), "Lampiran diterima (1 dari paling banyak 5)"));
  CHECK(chat.state.step == b::Step::locating);  // the caption answered "what happened"
  chat.send(b::LocationShared{-8.1335, 113.2248, "Balai Desa Tempeh", "Jl. Raya Tempeh"});
  CHECK(chat.state.step == b::Step::naming);
  chat.tap("anon");
  chat.say("ya");
  const auto* submit = chat.effect<b::SubmitCase>();
  REQUIRE(submit != nullptr);
  CHECK(submit->submit.body == "Rumah warga roboh kena angin");
  CHECK(submit->submit.location.lat == -8.1335);
  CHECK(submit->submit.location.lon == 113.2248);
  CHECK(submit->submit.location.text == "Balai Desa Tempeh, Jl. Raya Tempeh");
  CHECK(submit->submit.privacy == d::Privacy::anonymous);
  CHECK(submit->submit.privacy_given);
  CHECK(submit->submit.reporter.name.empty());
  REQUIRE(submit->media.size() == 1);
  CHECK(submit->media[0].media_id == "wamid-media-1");
}

TEST_CASE("an information request cannot be anonymous", "[bot]") {
  Chat chat;
  chat.say("lapor");
  chat.tap("svc:permohonan-informasi");
  chat.say("Data penerima PKH per kecamatan 2025");
  chat.say("-");
  CHECK(chat.choice_ids().empty());  // no "Anonim" button offered
  chat.say("anonim");
  CHECK(contains(chat.read(), "tidak dapat diajukan tanpa nama"));
  CHECK(chat.state.step == b::Step::naming);
}

TEST_CASE("cancelling midway drops the draft and submits nothing", "[bot]") {
  Chat chat;
  chat.say("lapor");
  chat.say("2");
  chat.say("Saya minta data");
  chat.say("gak jadi deh");
  CHECK(contains(chat.read(), "dibatalkan"));
  CHECK(chat.state.step == b::Step::idle);
  CHECK(chat.state.draft == b::Draft{});
  CHECK(chat.last.effects.empty());
  // "batal" inside a description is part of the story, not a command.
  chat.say("lapor");
  chat.say("1");
  chat.say("Pencairan dibatalkan sepihak oleh agen");
  CHECK(chat.state.step == b::Step::locating);
  CHECK(chat.state.draft.description == "Pencairan dibatalkan sepihak oleh agen");
}

TEST_CASE("a refused filing goes back to the question whose answer was refused", "[bot]") {
  Chat chat;
  chat.say("lapor");
  chat.say("1");
  chat.say("Bantuan tidak sampai");
  chat.say("lewati");
  chat.say("Siti");
  chat.say("ya");
  chat.send(b::FilingRefused{tanggap::fail(tanggap::Errc::invalid_field, "too long", "reporter.name")});
  CHECK(contains(chat.read(), "belum dapat dicatat"));
  CHECK(chat.state.step == b::Step::naming);
  CHECK(chat.state.draft.description == "Bantuan tidak sampai");
}

TEST_CASE("a restart mid-dialogue continues at the same question", "[bot]") {
  Chat before;
  before.say("lapor");
  before.tap("svc:pengaduan");
  before.say("Bantuan sembako tidak dibagikan");
  REQUIRE(before.state.step == b::Step::locating);

  // The shell stores the state after every turn; a new process reads it back.
  const std::string stored = tanggap::server::encode_dialogue_state(before.state);
  auto restored = tanggap::server::decode_dialogue_state(stored);
  REQUIRE(restored.has_value());
  CHECK(*restored == before.state);

  Chat after;
  after.state = *restored;
  after.say("Dusun Krajan RT 02");
  CHECK(after.state.step == b::Step::naming);
  after.say("Siti");
  after.say("y");
  const auto* submit = after.effect<b::SubmitCase>();
  REQUIRE(submit != nullptr);
  CHECK(submit->submit.body == "Bantuan sembako tidak dibagikan");
  CHECK(submit->submit.location.text == "Dusun Krajan RT 02");
}

TEST_CASE("a Telegram citizen is the reporter by chat id", "[bot]") {
  Chat chat(d::Channel::telegram);
  chat.ctx.citizen = b::Citizen{d::Channel::telegram, "", "123456789"};
  chat.say("lapor");
  chat.say("1");
  chat.say("Jalan ke kantor desa rusak");
  chat.say("skip");
  chat.say("Budi");
  chat.say("ok");
  const auto* submit = chat.effect<b::SubmitCase>();
  REQUIRE(submit != nullptr);
  CHECK(submit->submit.channel == d::Channel::telegram);
  CHECK(submit->submit.reporter.chat_id == "123456789");
  CHECK(submit->submit.reporter.phone.empty());
}
