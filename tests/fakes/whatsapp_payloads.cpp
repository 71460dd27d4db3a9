#include "tests/fakes/whatsapp_payloads.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fmt/format.h>

namespace tanggap::testing {

void enable_test_whatsapp(server::Config& c, const std::string& api_base) {
  c.whatsapp.enabled = true;
  c.whatsapp.app_secret = wa_app_secret;
  c.whatsapp.verify_token = wa_verify_token;
  c.whatsapp.phone_number_id = wa_phone_number_id;
  c.whatsapp.access_token = "token-akses-uji";
  c.whatsapp.api_base = api_base;
}

std::string wa_signature(const std::string& body, const std::string& secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &length);
  std::string hex = "sha256=";
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", mac[i]);
  return hex;
}

nlohmann::json wa_message(const std::string& wamid, const std::string& type, nlohmann::json body,
                          std::int64_t timestamp, const std::string& wa_id) {
  nlohmann::json m = {{"from", wa_id}, {"id", wamid}, {"timestamp", std::to_string(timestamp)}, {"type", type}};
  if (!body.is_null()) m[type] = std::move(body);
  return m;
}

nlohmann::json wa_status(const std::string& wamid, const std::string& status, std::int64_t timestamp,
                         std::int64_t error_code) {
  nlohmann::json s = {{"id", wamid}, {"status", status}, {"timestamp", std::to_string(timestamp)},
                      {"recipient_id", wa_citizen}};
  if (error_code != 0)
    s["errors"] = {{{"code", error_code}, {"title", "error"}, {"message", "error"},
                    {"error_data", {{"details", "details from the fake"}}}}};
  return s;
}

std::string wa_notification(const nlohmann::json& messages, const nlohmann::json& statuses,
                            const std::string& phone_number_id) {
  nlohmann::json value = {{"messaging_product", "whatsapp"},
                          {"metadata", {{"display_phone_number", "6281100000000"}, {"phone_number_id", phone_number_id}}}};
  if (!messages.empty()) {
    value["contacts"] = {{{"profile", {{"name", "Siti Aminah"}}}, {"wa_id", wa_citizen}}};
    value["messages"] = messages;
  }
  if (!statuses.empty()) value["statuses"] = statuses;
  return nlohmann::json{{"object", "whatsapp_business_account"},
                        {"entry", {{{"id", "102938475600001"}, {"changes", {{{"field", "messages"}, {"value", value}}}}}}}}
      .dump();
}

}  // namespace tanggap::testing
