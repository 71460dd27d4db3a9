// The stored record of one bot turn: every effect and reply survives the log
// unchanged, and anything else read back is refused, never a crash.
#include "server/bot_turn.h"

#include <catch2/catch.hpp>

#include <string>

namespace s = tanggap::server;
namespace b = tanggap::bots;
namespace d = tanggap::domain;
using tanggap::Errc;

namespace {

s::BotTurnRecord full_turn() {
  s::BotTurnRecord t;
  t.input_event_id = "4f0c2a";
  t.state.step = b::Step::filing;
  t.state.draft.service = "pengaduan";
  t.replies = {{"Laporan sedang dikirim…", {}, ""},
               {"Pilih layanan", {{"svc:pengaduan", "Pengaduan Layanan", "Keluhan"}, {"svc-page:1", "Lainnya", ""}},
                "Pilih"}};
  b::SubmitCase submit;
  submit.submit.service = "pengaduan";
  submit.submit.office = "kab-lumajang";
  submit.submit.channel = d::Channel::whatsapp;
  submit.submit.title = "PKH belum cair";
  submit.submit.body = "PKH belum cair\nsudah \"3\" bulan";
  submit.submit.reporter.phone = "+6281234567890";
  submit.submit.privacy = d::Privacy::anonymous;
  submit.submit.privacy_given = true;
  submit.submit.location = {"Balai Desa", -8.1335, 113.2246};
  submit.media = {{"MEDIA-1", "image/jpeg", ""}};
  t.effects = {submit,
               b::AddCitizenMessage{"ADU-2026-000042", "Nomor KKS saya 1234", {{"M2", "application/pdf", "kks.pdf"}}},
               b::ReopenCase{"ADU-2026-000042", "Belum cair"},
               b::CloseCase{"ADU-2026-000043", true},
               b::RequestOfficer{"", "tolong"}};
  t.tracking_code = "K7QF-M2XA";
  t.case_id = "ADU-2026-000042";
  return t;
}

}  // namespace

TEST_CASE("a bot turn survives the log with every effect and reply", "[server][bot]") {
  const auto turn = full_turn();
  const auto encoded = s::encode_bot_turn(turn);
  auto decoded = s::decode_bot_turn(encoded);
  REQUIRE(decoded);
  CHECK(decoded->state == turn.state);
  REQUIRE(decoded->replies.size() == 2);
  CHECK(decoded->replies[1].choices == turn.replies[1].choices);
  CHECK(decoded->replies[1].list_button == "Pilih");
  REQUIRE(decoded->effects.size() == 5);
  const auto& submit = std::get<b::SubmitCase>(decoded->effects[0]);
  CHECK(submit.submit.body == "PKH belum cair\nsudah \"3\" bulan");
  CHECK(submit.submit.privacy == d::Privacy::anonymous);
  CHECK(submit.submit.privacy_given);
  REQUIRE(submit.submit.location.lat);
  CHECK(*submit.submit.location.lat == Approx(-8.1335));
  CHECK(submit.media == std::get<b::SubmitCase>(turn.effects[0]).media);
  CHECK(std::get<b::AddCitizenMessage>(decoded->effects[1]).media.front().filename == "kks.pdf");
  CHECK(std::get<b::ReopenCase>(decoded->effects[2]).reason == "Belum cair");
  CHECK(std::get<b::CloseCase>(decoded->effects[3]).by_silence);
  CHECK(std::get<b::RequestOfficer>(decoded->effects[4]).text == "tolong");
  CHECK(decoded->tracking_code == "K7QF-M2XA");
  CHECK(s::encode_bot_turn(*decoded) == encoded);  // stable
}

TEST_CASE("a broken bot turn is refused as malformed, never a crash", "[server][bot]") {
  const auto good = s::encode_bot_turn(full_turn());
  const std::string data = GENERATE_COPY(
      std::string(""), std::string("null"), std::string("[]"), std::string(10000, '['), good.substr(0, good.size() / 2),
      std::string("{\"input_event_id\":1}"), std::string("\xff\xfe"),
      [&] {
        auto t = good;
        t.replace(t.find("submit_case"), 11, "launch_case");
        return t;
      }(),
      [&] {
        auto t = good;
        t.replace(t.find("\"by_silence\":true"), 17, "\"by_silence\":\"ya\"");
        return t;
      }());
  CAPTURE(data.substr(0, 60));
  auto decoded = s::decode_bot_turn(data);
  REQUIRE_FALSE(decoded);
  CHECK(decoded.error().code == Errc::malformed);
}

TEST_CASE("bot streams are per channel and citizen", "[server][bot]") {
  CHECK(s::bot_stream(d::Channel::whatsapp, "6281234567890") == "bot-whatsapp-6281234567890");
}
