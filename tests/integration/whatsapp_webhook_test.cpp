// GET and POST /webhooks/whatsapp against the real server on loopback:
// verification, signatures, every message kind stored on the citizen's
// conversation stream, redeliveries, hostile bodies.
#include "events/chat_event_json.h"
#include "tests/fakes/whatsapp_payloads.h"
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"

#include <catch2/catch.hpp>

#include <chrono>

namespace tanggap::testing {

namespace {

using nlohmann::json;

void enable_whatsapp(server::Config& c) {
  enable_test_whatsapp(c, "http://127.0.0.1:9");  // never reached here: no case is on WhatsApp
  c.bot.enabled = false;  // the webhook alone: these tests count what one delivery appends
}

std::int64_t now_seconds(ServerFixture& s) {
  return std::chrono::duration_cast<std::chrono::seconds>(s.app->clock().now().time_since_epoch()).count();
}

server::ClientResponse post_signed(ServerFixture& s, const std::string& body, const std::string& signature) {
  server::Fields headers{{"Content-Type", "application/json"}};
  if (!signature.empty()) headers.emplace_back("X-Hub-Signature-256", signature);
  return s.request("POST", "/webhooks/whatsapp", body, "", std::move(headers));
}
server::ClientResponse post_signed(ServerFixture& s, const std::string& body) {
  return post_signed(s, body, wa_signature(body));
}

std::vector<domain::CitizenMessageReceived> conversation(ServerFixture& s, const std::string& wa_id = wa_citizen) {
  auto slice = s.app->store().read_stream(domain::chat_stream(domain::Channel::whatsapp, wa_id));
  REQUIRE(slice);
  std::vector<domain::CitizenMessageReceived> out;
  for (const auto& e : slice->events) {
    auto decoded = events::decode_chat_event(e.type, e.schema, e.data);
    REQUIRE(decoded);
    out.push_back(std::get<domain::CitizenMessageReceived>(*decoded));
  }
  return out;
}

}  // namespace

TEST_CASE("the verification handshake echoes the challenge only for the configured token", "[whatsapp][integration]") {
  ReadyServerFixture s(enable_whatsapp);
  auto ok = s.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" +
                  std::string(wa_verify_token));
  CHECK(ok.status == 200);
  CHECK(ok.body == "1158201444");
  CHECK(ok.header("content-type").value_or("").starts_with("text/plain"));

  CHECK(s.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=salah").status == 403);
  CHECK(s.get("/webhooks/whatsapp?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=" +
              std::string(wa_verify_token)).status == 403);
  CHECK(s.get("/webhooks/whatsapp").status == 403);
}

TEST_CASE("the webhook is not there when WhatsApp is disabled", "[whatsapp][integration]") {
  ReadyServerFixture s;
  CHECK(s.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x").status == 404);
  const auto body = wa_notification(json::array({wa_message("wamid.T1", "text", {{"body", "halo"}}, 1763800000)}));
  CHECK(post_signed(s, body).status == 404);
}

TEST_CASE("a notification is stored only when its signature matches the bytes received", "[whatsapp][integration]") {
  ReadyServerFixture s(enable_whatsapp);
  const auto body =
      wa_notification(json::array({wa_message("wamid.SIG-1", "text", {{"body", "Bantuan PKH saya belum cair"}}, now_seconds(s))}));
  const auto head = log_head(s);

  SECTION("a missing signature is 401 invalid_signature and nothing is stored") {
    auto r = post_signed(s, body, "");
    CHECK(r.status == 401);
    CHECK(error_code(r) == "invalid_signature");
  }
  SECTION("a signature made with another secret is refused") {
    auto r = post_signed(s, body, wa_signature(body, "rahasia-lain"));
    CHECK(r.status == 401);
    CHECK(error_code(r) == "invalid_signature");
  }
  SECTION("a body altered by one byte after signing is refused") {
    const auto signature = wa_signature(body);
    std::string altered = body;
    altered[altered.find("belum")] = 'B';
    CHECK(post_signed(s, altered, signature).status == 401);
  }
  SECTION("a signature without its sha256= prefix is refused") {
    CHECK(post_signed(s, body, wa_signature(body).substr(7)).status == 401);
  }
  CHECK(log_head(s) == head);
  CHECK(conversation(s).empty());
  CHECK(s.app->whatsapp_counters().deliveries_invalid_signature == 1);

  // The same body correctly signed goes in.
  CHECK(post_signed(s, body).status == 200);
  const auto stored = conversation(s);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].text == "Bantuan PKH saya belum cair");
}

TEST_CASE("every kind of message is stored on the citizen's conversation stream", "[whatsapp][integration]") {
  ReadyServerFixture s(enable_whatsapp);
  const auto t = now_seconds(s);
  const json messages = json::array({
      wa_message("wamid.K-text", "text", {{"body", "Halo, saya mau lapor"}}, t),
      wa_message("wamid.K-btn", "interactive",
                 {{"type", "button_reply"}, {"button_reply", {{"id", "svc:ADU"}, {"title", "Pengaduan"}}}}, t),
      wa_message("wamid.K-list", "interactive",
                 {{"type", "list_reply"},
                  {"list_reply", {{"id", "svc:INFO"}, {"title", "Informasi"}, {"description", "Permohonan"}}}},
                 t),
      wa_message("wamid.K-tpl", "button", {{"payload", "case:ADU-2026-000042:status"}, {"text", "Cek status"}}, t),
      wa_message("wamid.K-img", "image",
                 {{"id", "MEDIA-IMG-1"}, {"mime_type", "image/jpeg"}, {"sha256", "abc="}, {"caption", "Foto rumah"}}, t),
      wa_message("wamid.K-doc", "document",
                 {{"id", "MEDIA-DOC-1"}, {"mime_type", "application/pdf"}, {"sha256", "def="}, {"filename", "kk.pdf"}}, t),
      wa_message("wamid.K-aud", "audio",
                 {{"id", "MEDIA-AUD-1"}, {"mime_type", "audio/ogg; codecs=opus"}, {"sha256", "ghi="}, {"voice", true}}, t),
      wa_message("wamid.K-loc", "location",
                 {{"latitude", -8.1335}, {"longitude", 113.2248}, {"name", "Balai Desa"}, {"address", "Jl. Raya 1"}}, t),
      wa_message("wamid.K-con", "contacts",
                 json::array({{{"name", {{"formatted_name", "Pak RT Slamet"}}},
                               {"phones", json::array({{{"phone", "+62 812-3456-7891"}, {"type", "CELL"}}})}}}),
                 t),
      wa_message("wamid.K-order", "order", {{"catalog_id", "1"}}, t),
  });
  auto r = post_signed(s, wa_notification(messages));
  REQUIRE(r.status == 200);

  const auto stored = conversation(s);
  REQUIRE(stored.size() == 10);
  std::map<std::string, domain::CitizenMessageReceived> by_id;
  for (const auto& m : stored) by_id[m.message_id] = m;
  CHECK(by_id["wamid.K-text"].kind == "text");
  CHECK(by_id["wamid.K-btn"].kind == "interactive_button_reply");
  CHECK(by_id["wamid.K-btn"].reply_id == "svc:ADU");
  CHECK(by_id["wamid.K-list"].kind == "interactive_list_reply");
  CHECK(by_id["wamid.K-list"].reply_id == "svc:INFO");
  CHECK(by_id["wamid.K-tpl"].kind == "button");
  CHECK(by_id["wamid.K-tpl"].reply_id == "case:ADU-2026-000042:status");
  CHECK(by_id["wamid.K-img"].media.id == "MEDIA-IMG-1");
  CHECK(by_id["wamid.K-img"].text == "Foto rumah");
  CHECK(by_id["wamid.K-doc"].media.filename == "kk.pdf");
  CHECK(by_id["wamid.K-aud"].media.voice);
  REQUIRE(by_id["wamid.K-loc"].lat.has_value());
  CHECK(*by_id["wamid.K-loc"].lat == Approx(-8.1335));
  CHECK(by_id["wamid.K-loc"].place_name == "Balai Desa");
  CHECK(by_id["wamid.K-con"].kind == "contacts");
  CHECK(by_id["wamid.K-con"].contact_phones.size() == 1);
  CHECK(by_id["wamid.K-order"].kind == "unknown");
  CHECK(by_id["wamid.K-order"].type_name == "order");
  for (const auto& m : stored) {
    CHECK(m.citizen == wa_citizen);
    CHECK(m.profile_name == "Siti Aminah");
  }
}

TEST_CASE("a redelivered wamid stores nothing new and is answered like the first time", "[whatsapp][integration]") {
  ReadyServerFixture s(enable_whatsapp);
  const auto t = now_seconds(s);
  const auto first = wa_notification(json::array({wa_message("wamid.R-1", "text", {{"body", "satu"}}, t)}));
  REQUIRE(post_signed(s, first).status == 200);
  const auto head = log_head(s);

  auto again = post_signed(s, first);
  CHECK(again.status == 200);
  CHECK(again.body == R"({"status":"received"})");
  CHECK(log_head(s) == head);

  // A redelivery batched with a new message: the old one is skipped, the new one stored.
  const auto mixed = wa_notification(json::array({wa_message("wamid.R-1", "text", {{"body", "satu"}}, t),
                                                  wa_message("wamid.R-2", "text", {{"body", "dua"}}, t)}));
  CHECK(post_signed(s, mixed).status == 200);
  CHECK(log_head(s) == head + 1);
  CHECK(conversation(s).size() == 2);
  CHECK(s.app->whatsapp_counters().messages_repeated == 2);

  // What an operator sees of it.
  const auto metrics = s.get("/metrics").body;
  CHECK(metrics.find(R"(tanggap_webhook_deliveries_total{channel="whatsapp",result="stored"} 3)") != std::string::npos);
  CHECK(metrics.find(R"(tanggap_webhook_records_total{channel="whatsapp",kind="message",outcome="repeated"} 2)") !=
        std::string::npos);
  CHECK(metrics.find(R"(tanggap_webhook_records_total{channel="whatsapp",kind="message",outcome="stored"} 2)") !=
        std::string::npos);
}

TEST_CASE("signed bodies that are not notifications are acknowledged and store nothing", "[whatsapp][integration]") {
  ReadyServerFixture s(enable_whatsapp);
  const auto head = log_head(s);
  const auto good = wa_notification(json::array({wa_message("wamid.M-1", "text", {{"body", "x"}}, now_seconds(s))}));
  const std::string depth(100000, '[');
  const auto body = GENERATE_COPY(std::string("{\"object\": \"whatsapp_business_account\", \"entry\": [}"),
                                  good.substr(0, good.size() / 2),  // truncated
                                  std::string("null"), std::string(""), std::string("[1,2,3]"),
                                  std::string("{\"object\":\"page\",\"entry\":[]}"), depth,
                                  "{\"object\":\"whatsapp_business_account\",\"entry\":" + depth + "}",
                                  std::string("\xff\xfe{}"));
  CAPTURE(body.substr(0, 60));
  auto r = post_signed(s, body);
  CHECK(r.status == 200);
  CHECK(log_head(s) == head);
}

TEST_CASE("a body over the webhook's 3 MB limit is refused with 413", "[whatsapp][integration]") {
  ReadyServerFixture s(enable_whatsapp);
  const auto head = log_head(s);
  // Up to 3 MB is Meta's own limit, above the default 1 MiB of other routes.
  const std::string text(2 * 1024 * 1024, 'a');
  const auto big = wa_notification(json::array({wa_message("wamid.BIG-1", "text", {{"body", text}}, now_seconds(s))}));
  CHECK(post_signed(s, big).status == 200);
  const auto stored = conversation(s);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].truncated);

  // The server answers 413 from the head alone and closes: send only the head.
  auto connection = server::HttpConnection::open("127.0.0.1", s.port);
  REQUIRE(connection);
  REQUIRE((*connection)->write_raw("POST /webhooks/whatsapp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                   "X-Hub-Signature-256: sha256=00\r\nContent-Length: 3145729\r\n\r\n"));
  auto refused = (*connection)->read_response();
  REQUIRE(refused);
  CHECK(refused->status == 413);
  CHECK(log_head(s) == head + 1);
}

TEST_CASE("statuses for messages we never sent and messages for another number are not stored",
          "[whatsapp][integration]") {
  ReadyServerFixture s(enable_whatsapp);
  const auto head = log_head(s);
  const auto t = now_seconds(s);
  CHECK(post_signed(s, wa_notification(json::array(), json::array({wa_status("wamid.NOT-OURS", "delivered", t)})))
            .status == 200);
  CHECK(s.app->whatsapp_counters().statuses_unknown == 1);
  CHECK(post_signed(s, wa_notification(json::array({wa_message("wamid.F-1", "text", {{"body", "x"}}, t)}),
                                       json::array(), "PNID-OTHER"))
            .status == 200);
  CHECK(s.app->whatsapp_counters().records_foreign == 1);
  CHECK(log_head(s) == head);
}

}  // namespace tanggap::testing
