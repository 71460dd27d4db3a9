// tests/fakes/whatsapp_payloads.h — WhatsApp Cloud API notifications as Meta
// sends them (PROTOCOLS.md §1.2–1.5), signed as Meta signs them (§1.3), for
// the webhook and outbox tests. The signature is computed here with OpenSSL
// from the same app secret the server is configured with.
#pragma once

#include "server/config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace tanggap::testing {

inline constexpr const char* wa_app_secret = "rahasia-aplikasi-uji";
inline constexpr const char* wa_verify_token = "token-verifikasi-uji";
inline constexpr const char* wa_phone_number_id = "PNID-TEST-1";
inline constexpr const char* wa_citizen = "6281234567890";

// WhatsApp on, with the secrets above, sending to `api_base` (a FakeGraphApi's base_url()).
void enable_test_whatsapp(server::Config& c, const std::string& api_base);

// "sha256=" + lowercase hex HMAC-SHA256(secret, body).
std::string wa_signature(const std::string& body, const std::string& secret = wa_app_secret);

// One message of `type` with its type object, from `wa_id`, at Unix `timestamp`.
nlohmann::json wa_message(const std::string& wamid, const std::string& type, nlohmann::json body,
                          std::int64_t timestamp, const std::string& wa_id = wa_citizen);
// One status of our message `wamid`; `error_code` non-zero adds errors[].
nlohmann::json wa_status(const std::string& wamid, const std::string& status, std::int64_t timestamp,
                         std::int64_t error_code = 0);
// The envelope around messages and/or statuses for our phone number id.
std::string wa_notification(const nlohmann::json& messages, const nlohmann::json& statuses = nlohmann::json::array(),
                            const std::string& phone_number_id = wa_phone_number_id);

}  // namespace tanggap::testing
