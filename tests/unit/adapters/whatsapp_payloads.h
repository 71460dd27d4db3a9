// Builders for WhatsApp change notifications in Meta's real format
// (PROTOCOLS.md §1.2–1.5), and a reader for the seed corpus of fuzz_whatsapp.
#pragma once

#include "adapters/whatsapp/webhook_parser.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace tanggap::testing::wa {

inline const std::string siti_contact = R"({"profile":{"name":"Siti Aminah"},"wa_id":"6281234567890"})";

// One change of field "messages" whose value holds `inner` after the metadata,
// e.g. R"("contacts":[...],"messages":[...])".
inline std::string value(const std::string& inner) {
  return R"({"messaging_product":"whatsapp","metadata":{"display_phone_number":"6281100000000","phone_number_id":"PNID-TEST-1"},)" +
         inner + "}";
}
inline std::string entry(const std::string& values_json_list, const std::string& waba = "102938475600001") {
  return R"({"id":")" + waba + R"(","changes":[)" + values_json_list + "]}";
}
inline std::string change(const std::string& value_json, const std::string& field = "messages") {
  return R"({"value":)" + value_json + R"(,"field":")" + field + R"("})";
}
inline std::string notification(const std::string& entries_json_list) {
  return R"({"object":"whatsapp_business_account","entry":[)" + entries_json_list + "]}";
}
// A notification from Siti holding the given messages[] elements.
inline std::string messages(const std::string& elements) {
  return notification(entry(change(value(R"("contacts":[)" + siti_contact + R"(],"messages":[)" + elements + "]"))));
}
inline std::string statuses(const std::string& elements) {
  return notification(entry(change(value(R"("statuses":[)" + elements + "]"))));
}
// A messages[] element: common fields, then `rest` (the type's object and more).
inline std::string message(const std::string& wamid, const std::string& type, const std::string& rest,
                           const std::string& from = "6281234567890", const std::string& ts = "1763800000") {
  return R"({"from":")" + from + R"(","id":")" + wamid + R"(","timestamp":")" + ts + R"(","type":")" + type +
         R"(")" + (rest.empty() ? "" : "," + rest) + "}";
}
inline std::string text_message(const std::string& wamid, const std::string& body) {
  return message(wamid, "text", R"("text":{"body":")" + body + R"("})");
}

inline adapters::whatsapp::Notification parsed(const std::string& body) {
  auto r = adapters::whatsapp::parse_notification(body);
  INFO(r);
  REQUIRE(r.has_value());
  return std::move(*r);
}

inline std::string seed(const std::string& name) {
  std::ifstream in(std::string(TANGGAP_SOURCE_DIR) + "/tests/fuzz/corpus/whatsapp/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace tanggap::testing::wa
