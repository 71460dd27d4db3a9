// Every message kind of PROTOCOLS.md §1.4 and the statuses of §1.5, read from
// the real-format seeds of tests/fuzz/corpus/whatsapp/ (so the seeds stay real).
#include "tests/unit/adapters/whatsapp_payloads.h"

#include <catch2/catch.hpp>

using namespace tanggap::adapters::whatsapp;
using namespace tanggap::testing::wa;

namespace {

const std::string our_wamid = "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQ0QkQ5RkU0RjlBRUIzRUFCMwA=";
const std::string sha = "lZ7kV3m2yQ8p0HcA5rT1xW9sE4uJbN6fG2hK8dL3qOc=";

InboundMessage only_message(const std::string& seed_name) {
  auto n = parsed(seed(seed_name));
  REQUIRE(n.messages.size() == 1);
  CHECK(n.statuses.empty());
  CHECK(n.dropped == 0);
  auto m = n.messages.front();
  CAPTURE(m.problem);
  CHECK(m.problem.empty());
  CHECK(m.from == "6281234567890");
  CHECK(m.wa_id == "6281234567890");
  CHECK(m.profile_name == "Siti Aminah");
  CHECK(m.phone_number_id == "PNID-TEST-1");
  CHECK(m.timestamp == 1763800000);
  return m;
}

}  // namespace

TEST_CASE("a text message gives its body, sender, profile name and timestamp", "[whatsapp][parser]") {
  const auto m = only_message("text");
  CHECK(m.kind == MessageKind::text);
  CHECK(m.type_name == "text");
  CHECK(m.wamid == "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBMEI0001RkQ0QzY3QjlEMjA3AA==");
  // Meta's escapes decoded: \ud83d\ude4f is U+1F64F, "\/" is "/".
  CHECK(m.text ==
        "Bantuan PKH saya belum cair sejak Agustus \xF0\x9F\x99\x8F mohon dibantu, Bu. Email saya "
        "siti@example.com, alamat RT 03/RW 05");
  CHECK_FALSE(m.truncated);
  CHECK(m.context_wamid.empty());
}

TEST_CASE("an interactive button reply gives the button id, title and the message it answers",
          "[whatsapp][parser]") {
  const auto m = only_message("interactive-button-reply");
  CHECK(m.kind == MessageKind::interactive_button_reply);
  CHECK(m.reply_id == "svc:ADU");
  CHECK(m.text == "Pengaduan");
  CHECK(m.context_wamid == our_wamid);
  CHECK_FALSE(m.forwarded);
}

TEST_CASE("an interactive list reply gives the row id and title", "[whatsapp][parser]") {
  const auto m = only_message("interactive-list-reply");
  CHECK(m.kind == MessageKind::interactive_list_reply);
  CHECK(m.reply_id == "ADU");
  CHECK(m.text == "Pengaduan");
  CHECK(m.context_wamid == our_wamid);
}

TEST_CASE("a template quick-reply button gives its payload and text", "[whatsapp][parser]") {
  const auto m = only_message("template-button");
  CHECK(m.kind == MessageKind::button);
  CHECK(m.reply_id == "case:ADU-2026-000042:status");
  CHECK(m.text == "Cek status");
  CHECK(m.context_wamid == our_wamid);
}

TEST_CASE("an image gives its media id, type, digest and caption", "[whatsapp][parser]") {
  const auto m = only_message("image-caption");
  CHECK(m.kind == MessageKind::image);
  CHECK(m.media_id == "1479583242983465");
  CHECK(m.media_mime_type == "image/jpeg");
  CHECK(m.media_sha256 == sha);
  CHECK(m.text == "Foto KKS yang dikumpulkan ketua kelompok");
}

TEST_CASE("a document gives its filename and caption", "[whatsapp][parser]") {
  const auto m = only_message("document");
  CHECK(m.kind == MessageKind::document);
  CHECK(m.media_id == "2843118202548790");
  CHECK(m.media_mime_type == "application/pdf");
  CHECK(m.filename == "SKTM Siti.pdf");
  CHECK(m.text == "Surat keterangan tidak mampu");
}

TEST_CASE("an audio voice note gives its media and the voice flag", "[whatsapp][parser]") {
  const auto m = only_message("audio-voice");
  CHECK(m.kind == MessageKind::audio);
  CHECK(m.media_id == "3051867201447729");
  CHECK(m.media_mime_type == "audio/ogg; codecs=opus");
  CHECK(m.voice);
  CHECK(m.text.empty());
}

TEST_CASE("a video and a sticker give their media", "[whatsapp][parser]") {
  const auto n = parsed(messages(
      message("wamid.V1", "video", R"("video":{"caption":"Antrean di kantor pos","mime_type":"video/mp4","sha256":"abc","id":"111"})") +
      "," +
      message("wamid.S1", "sticker", R"("sticker":{"mime_type":"image/webp","sha256":"def","id":"222","animated":false})")));
  REQUIRE(n.messages.size() == 2);
  CHECK(n.messages[0].kind == MessageKind::video);
  CHECK(n.messages[0].media_id == "111");
  CHECK(n.messages[0].text == "Antrean di kantor pos");
  CHECK(n.messages[1].kind == MessageKind::sticker);
  CHECK(n.messages[1].media_id == "222");
  CHECK(n.messages[1].media_mime_type == "image/webp");
}

TEST_CASE("a location gives coordinates, name and address", "[whatsapp][parser]") {
  const auto m = only_message("location");
  CHECK(m.kind == MessageKind::location);
  REQUIRE(m.lat.has_value());
  REQUIRE(m.lon.has_value());
  CHECK(*m.lat == Approx(-8.133521));
  CHECK(*m.lon == Approx(113.224758));
  CHECK(m.location_name == "Kantor Desa Sukodono");
  CHECK(m.location_address == "Jl. Raya Sukodono No. 1, Lumajang");
}

TEST_CASE("shared contacts give their names and phone numbers", "[whatsapp][parser]") {
  const auto m = only_message("contacts");
  CHECK(m.kind == MessageKind::contacts);
  CHECK(m.text == "Pak RT Slamet");
  CHECK(m.contact_phones == std::vector<std::string>{"+62 812-3456-7891"});
}

TEST_CASE("a reaction names the reacted-to message and the emoji, a removed one has none",
          "[whatsapp][parser]") {
  const auto m = only_message("reaction");
  CHECK(m.kind == MessageKind::reaction);
  CHECK(m.context_wamid == our_wamid);
  CHECK(m.text == "\xF0\x9F\x91\x8D");  // U+1F44D, sent as a surrogate pair
  const auto removed = parsed(messages(message("wamid.R2", "reaction", R"("reaction":{"message_id":"wamid.OUT-1"})")));
  REQUIRE(removed.messages.size() == 1);
  CHECK(removed.messages[0].kind == MessageKind::reaction);
  CHECK(removed.messages[0].text.empty());
  CHECK(removed.messages[0].context_wamid == "wamid.OUT-1");
}

TEST_CASE("an unsupported message is kept as unknown with its type name and errors", "[whatsapp][parser]") {
  const auto m = only_message("unsupported");
  CHECK(m.kind == MessageKind::unknown);
  CHECK(m.type_name == "unsupported");
  REQUIRE(m.errors.size() == 1);
  CHECK(m.errors[0].code == 131051);
  CHECK(m.errors[0].title == "Message type unknown");
  CHECK(m.errors[0].details == "Message type is currently not supported.");
}

TEST_CASE("types we do not know are kept as unknown with the name as sent", "[whatsapp][parser]") {
  const auto n = parsed(messages(
      message("wamid.U1", "order", R"("order":{"catalog_id":"1","product_items":[]})") + "," +
      message("wamid.U2", "interactive", R"("interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{}"}})") +
      "," + message("wamid.U3", "system", R"("system":{"body":"changed number","type":"user_changed_number"})")));
  REQUIRE(n.messages.size() == 3);
  CHECK(n.messages[0].kind == MessageKind::unknown);
  CHECK(n.messages[0].type_name == "order");
  CHECK(n.messages[1].kind == MessageKind::unknown);
  CHECK(n.messages[1].type_name == "interactive/nfm_reply");
  CHECK(n.messages[2].kind == MessageKind::unknown);
  CHECK(n.messages[2].type_name == "system");
  for (const auto& m : n.messages) CHECK(m.problem.empty());
}

TEST_CASE("a reply's context names our message, a forwarded message says so", "[whatsapp][parser]") {
  const auto n = parsed(messages(
      message("wamid.C1", "text", R"("context":{"from":"6281100000000","id":"wamid.OUT-0003"},"text":{"body":"Ya"})") +
      "," + message("wamid.C2", "text", R"("context":{"frequently_forwarded":true},"text":{"body":"Info bansos!!"})") +
      "," + message("wamid.C3", "text", R"("context":{"id":12345},"text":{"body":"x"})")));
  REQUIRE(n.messages.size() == 3);
  CHECK(n.messages[0].context_wamid == "wamid.OUT-0003");
  CHECK_FALSE(n.messages[0].forwarded);
  CHECK(n.messages[1].context_wamid.empty());
  CHECK(n.messages[1].forwarded);
  // An unreadable context is optional metadata: left out, the message stays a text.
  CHECK(n.messages[2].kind == MessageKind::text);
  CHECK(n.messages[2].context_wamid.empty());
}

TEST_CASE("sent, delivered and read statuses of one message are all returned", "[whatsapp][parser][status]") {
  const auto n = parsed(seed("statuses"));
  CHECK(n.messages.empty());
  REQUIRE(n.statuses.size() == 3);
  CHECK(n.statuses[0].state == DeliveryState::sent);
  CHECK(n.statuses[1].state == DeliveryState::delivered);
  CHECK(n.statuses[2].state == DeliveryState::read);
  for (const auto& s : n.statuses) {
    CHECK(s.wamid == "wamid.OUT-0007");
    CHECK(s.recipient == "6281234567890");
    CHECK(s.phone_number_id == "PNID-TEST-1");
    CHECK(s.errors.empty());
    CHECK(s.problem.empty());
  }
  CHECK(n.statuses[0].timestamp == 1763800100);
  CHECK(n.statuses[2].timestamp == 1763800200);
}

TEST_CASE("failed statuses carry their error codes and details", "[whatsapp][parser][status]") {
  const auto n = parsed(seed("status-failed"));
  REQUIRE(n.statuses.size() == 2);
  CHECK(n.statuses[0].state == DeliveryState::failed);
  CHECK(n.statuses[0].wamid == "wamid.OUT-0008");
  REQUIRE(n.statuses[0].errors.size() == 1);
  CHECK(n.statuses[0].errors[0].code == 131047);
  CHECK(n.statuses[0].errors[0].title == "Re-engagement message");
  CHECK_THAT(n.statuses[0].errors[0].details, Catch::Contains("more than 24 hours"));
  CHECK(n.statuses[1].state == DeliveryState::failed);
  CHECK(n.statuses[1].recipient == "6285700000001");
  REQUIRE(n.statuses[1].errors.size() == 1);
  CHECK(n.statuses[1].errors[0].code == 131026);
}

TEST_CASE("played and unheard-of statuses are told apart from the four known ones", "[whatsapp][parser][status]") {
  const auto n = parsed(statuses(
      R"({"id":"wamid.OUT-1","status":"played","timestamp":"1763800400","recipient_id":"6281234567890"},)"
      R"({"id":"wamid.OUT-1","status":"deleted","timestamp":"1763800401","recipient_id":"6281234567890"})"));
  REQUIRE(n.statuses.size() == 2);
  CHECK(n.statuses[0].state == DeliveryState::played);
  CHECK(n.statuses[1].state == DeliveryState::unknown);
  CHECK(n.statuses[1].status_name == "deleted");
}

TEST_CASE("messages and statuses across two entries are all returned, each with its number and contact",
          "[whatsapp][parser]") {
  const auto n = parsed(seed("batch-two-entries"));
  REQUIRE(n.messages.size() == 3);
  REQUIRE(n.statuses.size() == 1);
  CHECK(n.messages[0].text == "Halo, saya mau tanya status");
  CHECK(n.messages[1].text == "status ADU-2026-000042");
  CHECK(n.messages[1].timestamp == 1763800005);
  CHECK(n.messages[2].from == "6285700000001");
  CHECK(n.messages[2].profile_name == "Budi");
  CHECK(n.messages[0].profile_name == "Siti Aminah");
  CHECK(n.statuses[0].state == DeliveryState::delivered);
  CHECK(n.statuses[0].wamid == "wamid.OUT-0010");
}

TEST_CASE("the sender's contact is the one with its wa_id, or the only one", "[whatsapp][parser]") {
  // Two senders in one value: each gets their own name.
  const auto two = parsed(notification(entry(change(value(
      R"("contacts":[{"profile":{"name":"Budi"},"wa_id":"6285700000001"},)" + siti_contact + R"(],"messages":[)" +
      text_message("wamid.A", "satu") + "," +
      message("wamid.B", "text", R"("text":{"body":"dua"})", "6285700000001") + "]")))));
  REQUIRE(two.messages.size() == 2);
  CHECK(two.messages[0].profile_name == "Siti Aminah");
  CHECK(two.messages[1].profile_name == "Budi");
  // WhatsApp's id may differ from `from` (PROTOCOLS.md §1.2): the only contact's wa_id wins.
  const auto differs = parsed(notification(entry(change(value(
      R"("contacts":[{"profile":{"name":"Joana"},"wa_id":"5511912345678"}],"messages":[)" +
      message("wamid.BR", "text", R"("text":{"body":"oi"})", "551112345678") + "]")))));
  REQUIRE(differs.messages.size() == 1);
  CHECK(differs.messages[0].from == "551112345678");
  CHECK(differs.messages[0].wa_id == "5511912345678");
  CHECK(differs.messages[0].profile_name == "Joana");
}

TEST_CASE("a change of another field is acknowledged and yields nothing", "[whatsapp][parser]") {
  const auto n = parsed(seed("account-update"));
  CHECK(n.messages.empty());
  CHECK(n.statuses.empty());
  CHECK(n.dropped == 0);
  CHECK(n.notes.empty());
}

TEST_CASE("account-level errors of a value are returned", "[whatsapp][parser]") {
  const auto n = parsed(notification(entry(change(value(
      R"("errors":[{"code":131000,"title":"Something went wrong","message":"Something went wrong","error_data":{"details":"Unknown error"}}])")))));
  REQUIRE(n.errors.size() == 1);
  CHECK(n.errors[0].code == 131000);
  CHECK(n.errors[0].details == "Unknown error");
}

TEST_CASE("every seed of the fuzz corpus is a notification", "[whatsapp][parser]") {
  for (const char* name : {"account-update", "audio-voice", "batch-two-entries", "contacts", "document",
                           "image-caption", "interactive-button-reply", "interactive-list-reply", "location",
                           "reaction", "status-failed", "statuses", "template-button", "text", "unsupported"}) {
    CAPTURE(name);
    const auto n = parsed(seed(name));
    CHECK(n.dropped == 0);
    for (const auto& m : n.messages) CHECK(m.kind != MessageKind::invalid);
  }
}
