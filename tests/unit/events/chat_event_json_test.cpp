// The conversation and outbound codecs: round trips and hostile data.
#include "events/chat_event_json.h"

#include <catch2/catch.hpp>

using namespace tanggap;
using namespace tanggap::domain;
using namespace std::chrono_literals;

namespace {

const Instant t = Instant{} + 1'763'800'000'123ms;

CitizenMessageReceived full_message() {
  CitizenMessageReceived m;
  m.message_id = "wamid.A";
  m.citizen = "6281234567890";
  m.profile_name = "Siti Aminah";
  m.kind = "location";
  m.type_name = "location";
  m.text = "Kantor desa \xE2\x80\x94 dekat pasar";
  m.reply_id = "svc:ADU";
  m.media = {"MEDIA-1", "image/jpeg", "abc=", "foto.jpg", true};
  m.lat = -8.1335;
  m.lon = 113.2248;
  m.place_name = "Balai Desa";
  m.contact_phones = {"+62 812"};
  m.context_message_id = "wamid.OUT-1";
  m.forwarded = true;
  m.error_codes = {131051};
  m.sent_at = t;
  m.at = t + 5s;
  return m;
}

}  // namespace

TEST_CASE("a citizen's message survives encoding and decoding unchanged", "[events][whatsapp]") {
  const auto encoded = events::encode_chat_event(full_message());
  CHECK(encoded.type == "CitizenMessageReceived");
  auto decoded = events::decode_chat_event(encoded.type, encoded.schema, encoded.data);
  REQUIRE(decoded);
  const auto& m = std::get<CitizenMessageReceived>(*decoded);
  CHECK(m.citizen == "6281234567890");
  CHECK(m.text == full_message().text);
  CHECK(m.media.voice);
  REQUIRE(m.lat);
  CHECK(*m.lat == Approx(-8.1335));
  CHECK(m.error_codes == std::vector<std::int64_t>{131051});
  CHECK(m.at == t + 5s);
  CHECK(events::encode_chat_event(*decoded).data == encoded.data);  // canonical
}

TEST_CASE("every outbound event survives encoding and decoding unchanged", "[events][whatsapp]") {
  OutboundAttemptFailed failed{3, 503, 131000, "down", false, false, t + 30s, t};
  const std::vector<OutboundEvent> all = {
      OutboundQueued{Channel::whatsapp, "ADU-2026-000001", "628", "Halo", OutboundReason::officer_reply, "e1", t, {}, {}},
      OutboundQueued{Channel::whatsapp, "", "628", "Pilih layanan", OutboundReason::bot_reply, "e0", t,
                     {{"svc:pengaduan", "Pengaduan", "Keluhan layanan"}, {"menu:human", "Petugas", ""}}, "Pilih"},
      OutboundAttemptStarted{1, SendMode::template_message, t},
      OutboundSent{1, "wamid.OUT-1", t},
      failed,
      OutboundAttemptUncertain{2, t},
      OutboundDeliveryUpdated{DeliveryState::failed, 131026, "blocked", t, t + 1s}};
  for (const auto& e : all) {
    const auto encoded = events::encode_outbound_event(e);
    CAPTURE(encoded.type, encoded.data);
    auto decoded = events::decode_outbound_event(encoded.type, encoded.schema, encoded.data);
    REQUIRE(decoded);
    CHECK(decoded->index() == e.index());
    CHECK(events::encode_outbound_event(*decoded).data == encoded.data);
  }
}

TEST_CASE("hostile event data is refused as malformed, never a crash", "[events][whatsapp]") {
  const auto good = events::encode_chat_event(full_message()).data;
  const std::string data = GENERATE_COPY(std::string(""), std::string("null"), std::string("[]"), std::string("{"),
                                         std::string(10000, '['), std::string("{\"citizen\":1}"),
                                         good.substr(0, good.size() / 2), std::string("\xff\xfe"));
  CAPTURE(data.substr(0, 40));
  auto chat = events::decode_chat_event("CitizenMessageReceived", 1, data);
  REQUIRE_FALSE(chat);
  CHECK(chat.error().code == Errc::malformed);
  auto outbound = events::decode_outbound_event("OutboundSent", 1, data);
  REQUIRE_FALSE(outbound);
  CHECK(outbound.error().code == Errc::malformed);
}

TEST_CASE("a field of the wrong kind is named in the error", "[events][whatsapp]") {
  auto r = events::decode_outbound_event("OutboundAttemptStarted", 1,
                                         R"({"at":"2025-11-22T08:26:40.000Z","attempt":-1,"mode":"text"})");
  REQUIRE_FALSE(r);
  CHECK(r.error().field == "attempt");
  auto mode = events::decode_outbound_event("OutboundAttemptStarted", 1,
                                            R"({"at":"2025-11-22T08:26:40.000Z","attempt":1,"mode":"fax"})");
  REQUIRE_FALSE(mode);
  CHECK(mode.error().field == "mode");
  CHECK_FALSE(events::decode_chat_event("OutboundSent", 1, "{}"));
  CHECK_FALSE(events::decode_outbound_event("CaseSubmitted", 1, "{}"));
  // A schema newer than this build writes cannot be read.
  const auto encoded = events::encode_chat_event(full_message());
  CHECK_FALSE(events::decode_chat_event(encoded.type, 2, encoded.data));
}
