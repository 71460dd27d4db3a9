// What the WhatsApp sender puts on the wire and how it reads Graph's answers,
// including answers that are not what Graph should send.
#include "server/whatsapp_sender.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace tanggap;
using namespace tanggap::server;

namespace {

domain::OutboundState record() {
  domain::OutboundState r;
  r.case_id = "ADU-2026-000042";
  r.recipient = "6281234567890";
  r.text = "Berkas sudah lengkap.";
  return r;
}

}  // namespace

TEST_CASE("a text message goes to the number with its + and country code", "[server][whatsapp]") {
  const auto j = nlohmann::json::parse(whatsapp_message_body(record(), domain::SendMode::text, WhatsAppConfig{}));
  CHECK(j["to"] == "+6281234567890");
  CHECK(j["type"] == "text");
  CHECK(j["text"]["body"] == "Berkas sudah lengkap.");
  CHECK(j["text"]["preview_url"] == false);
}

TEST_CASE("a text longer than WhatsApp allows is cut on a character boundary", "[server][whatsapp]") {
  auto r = record();
  r.text = std::string(4095, 'a') + "\xC3\xA9\xC3\xA9";  // 4095 + two 2-byte characters
  const auto j = nlohmann::json::parse(whatsapp_message_body(r, domain::SendMode::text, WhatsAppConfig{}));
  CHECK(j["text"]["body"].get<std::string>().size() == 4095);
}

TEST_CASE("the template names the case and carries the status button's payload", "[server][whatsapp]") {
  WhatsAppConfig config;
  config.status_template = "kabar_kasus";
  const auto j = nlohmann::json::parse(whatsapp_message_body(record(), domain::SendMode::template_message, config));
  CHECK(j["type"] == "template");
  CHECK(j["template"]["name"] == "kabar_kasus");
  CHECK(j["template"]["components"][0]["parameters"][0]["text"] == "ADU-2026-000042");
  CHECK(j["template"]["components"][1]["parameters"][0]["payload"] == "case:ADU-2026-000042:status");
  CHECK(j.dump().find("Berkas") == std::string::npos);
}

TEST_CASE("up to three choices are reply buttons, more are one list", "[server][whatsapp]") {
  auto r = record();
  r.choices = {{"yes", "Kirim", ""}, {"cancel", "Batal", ""}};
  auto j = nlohmann::json::parse(whatsapp_message_body(r, domain::SendMode::text, WhatsAppConfig{}));
  CHECK(j["type"] == "interactive");
  CHECK(j["interactive"]["type"] == "button");
  CHECK(j["interactive"]["body"]["text"] == "Berkas sudah lengkap.");
  REQUIRE(j["interactive"]["action"]["buttons"].size() == 2);
  CHECK(j["interactive"]["action"]["buttons"][1]["reply"]["id"] == "cancel");
  CHECK(j["interactive"]["action"]["buttons"][1]["reply"]["title"] == "Batal");

  for (int i = 0; i < 5; ++i) r.choices.push_back({"svc:" + std::to_string(i), "Layanan " + std::to_string(i), "isi"});
  r.list_button = "Pilih layanan";
  j = nlohmann::json::parse(whatsapp_message_body(r, domain::SendMode::text, WhatsAppConfig{}));
  CHECK(j["interactive"]["type"] == "list");
  CHECK(j["interactive"]["action"]["button"] == "Pilih layanan");
  const auto& rows = j["interactive"]["action"]["sections"][0]["rows"];
  REQUIRE(rows.size() == 7);
  CHECK(rows[0].contains("description") == false);  // none given: none sent
  CHECK(rows[6]["description"] == "isi");
}

TEST_CASE("two choices under a text too long for buttons become a list", "[server][whatsapp]") {
  auto r = record();
  r.text = std::string(1100, 'a');
  r.choices = {{"yes", "Ya", ""}, {"no", "Tidak", ""}};
  const auto j = nlohmann::json::parse(whatsapp_message_body(r, domain::SendMode::text, WhatsAppConfig{}));
  CHECK(j["interactive"]["type"] == "list");
  CHECK(j["interactive"]["action"]["button"] == "Pilih");
}

TEST_CASE("outside the window a bot reply with choices goes as the template, without them", "[server][whatsapp]") {
  auto r = record();
  r.choices = {{"res-yes:ADU-2026-000042", "Ya", ""}};
  const auto j = nlohmann::json::parse(whatsapp_message_body(r, domain::SendMode::template_message, WhatsAppConfig{}));
  CHECK(j["type"] == "template");
  CHECK(j.dump().find("res-yes") == std::string::npos);
}

TEST_CASE("an acceptance yields the wamid", "[server][whatsapp]") {
  const auto out = read_send_answer(
      {200, "application/json", R"({"messaging_product":"whatsapp","messages":[{"id":"wamid.OUT-7"}]})"});
  CHECK(out.accepted());
  CHECK(out.message_id == "wamid.OUT-7");
}

TEST_CASE("a Graph error yields its code and details", "[server][whatsapp]") {
  const auto out = read_send_answer(
      {400, "application/json",
       R"({"error":{"message":"(#131026) x","code":131026,"error_data":{"details":"Receiver is incapable"}}})"});
  CHECK_FALSE(out.accepted());
  CHECK(out.http_status == 400);
  CHECK(out.error_code == 131026);
  CHECK(out.detail == "Receiver is incapable");
}

TEST_CASE("answers that are not Graph's are failures without a code, never a crash", "[server][whatsapp]") {
  const std::string body = GENERATE(std::string(""), std::string("<html>502</html>"), std::string("{\"messages\":5}"),
                                    std::string("{\"messages\":[{\"id\":7}]}"), std::string("{\"messages\":[]}"),
                                    std::string("{\"error\":{\"code\":\"x\"}}"), std::string(5000, '['),
                                    std::string("[1]"));
  CAPTURE(body.substr(0, 40));
  for (const unsigned status : {200u, 500u}) {
    const auto out = read_send_answer({status, "application/json", body});
    CHECK_FALSE(out.accepted());
    CHECK(out.error_code == 0);
  }
}
