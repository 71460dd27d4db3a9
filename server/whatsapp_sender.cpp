#include "server/whatsapp_sender.h"

#include "adapters/json_depth.h"

#include <nlohmann/json.hpp>

namespace tanggap::server {

namespace {

using json = nlohmann::json;

constexpr std::size_t max_text_chars = 4096;  // Meta refuses longer text bodies (§1.7)

// Cuts at a UTF-8 boundary, never inside a character.
std::string cut_utf8(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Choices as WhatsApp's interactive message (PROTOCOLS.md §1.7): up to 3
// reply buttons when the text fits a button message's 1,024-character body,
// else one list (body up to 4,096). The bot cut titles and ids to fit both.
json interactive(const domain::OutboundState& record) {
  constexpr std::size_t max_button_body_chars = 1024;
  const std::string body = cut_utf8(record.text, max_text_chars);
  if (record.choices.size() <= 3 && code_points(body) <= max_button_body_chars) {
    json buttons = json::array();
    for (const auto& c : record.choices) buttons.push_back({{"type", "reply"}, {"reply", {{"id", c.id}, {"title", c.title}}}});
    return {{"type", "button"}, {"body", {{"text", body}}}, {"action", {{"buttons", std::move(buttons)}}}};
  }
  json rows = json::array();
  for (const auto& c : record.choices) {
    json row = {{"id", c.id}, {"title", c.title}};
    if (!c.description.empty()) row["description"] = c.description;
    rows.push_back(std::move(row));
  }
  const std::string button = record.list_button.empty() ? "Pilih" : record.list_button;
  return {{"type", "list"},
          {"body", {{"text", body}}},
          {"action", {{"button", button}, {"sections", json::array({{{"title", button}, {"rows", std::move(rows)}}})}}}};
}

}  // namespace

std::string whatsapp_message_body(const domain::OutboundState& record, domain::SendMode mode,
                                  const WhatsAppConfig& config) {
  // "+" and the country code: without "+" Meta prepends our own country code.
  json j = {{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", "+" + record.recipient}};
  if (mode == domain::SendMode::text && !record.choices.empty()) {
    j["type"] = "interactive";
    j["interactive"] = interactive(record);
  } else if (mode == domain::SendMode::text) {
    j["type"] = "text";
    j["text"] = {{"body", cut_utf8(record.text, max_text_chars)}, {"preview_url", false}};
  } else {
    // Outside the window only an approved template may go out: it tells the
    // citizen that case X has news and offers a button to ask for it, which
    // opens the window again (its payload is read by the bot).
    j["type"] = "template";
    j["template"] = {
        {"name", config.status_template},
        {"language", {{"code", "id"}, {"policy", "deterministic"}}},
        {"components",
         json::array({{{"type", "body"}, {"parameters", json::array({{{"type", "text"}, {"text", record.case_id}}})}},
                      {{"type", "button"},
                       {"sub_type", "quick_reply"},
                       {"index", "0"},
                       {"parameters",
                        json::array({{{"type", "payload"}, {"payload", "case:" + record.case_id + ":status"}}})}}})}};
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

SendOutcome read_send_answer(const OutboundResponse& response) {
  SendOutcome out;
  out.http_status = response.status;
  // Graph's answers nest 4 deep; anything much deeper is not Graph's.
  const bool too_deep = adapters::json_nested_deeper_than(response.body, 32);
  const json j = too_deep ? json(json::value_t::discarded) : json::parse(response.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    out.detail = "the answer is not JSON";
    return out;
  }
  if (response.status >= 200 && response.status < 300) {
    const auto messages = j.find("messages");
    if (messages != j.end() && messages->is_array() && !messages->empty() && (*messages)[0].is_object()) {
      const auto id = (*messages)[0].find("id");
      if (id != (*messages)[0].end() && id->is_string() && !id->get_ref<const std::string&>().empty() &&
          id->get_ref<const std::string&>().size() <= 256)
        out.message_id = id->get<std::string>();
    }
    if (out.message_id.empty()) out.detail = "accepted without a message id";
    return out;
  }
  const auto error = j.find("error");
  if (error != j.end() && error->is_object()) {
    if (const auto code = error->find("code"); code != error->end() && code->is_number_integer())
      out.error_code = code->get<std::int64_t>();
    if (const auto data = error->find("error_data"); data != error->end() && data->is_object())
      if (const auto details = data->find("details"); details != data->end() && details->is_string())
        out.detail = details->get<std::string>();
    if (out.detail.empty())
      if (const auto message = error->find("message"); message != error->end() && message->is_string())
        out.detail = message->get<std::string>();
  }
  out.detail = cut_utf8(out.detail, 512);
  return out;
}

SendOutcome send_whatsapp(const domain::OutboundState& record, domain::SendMode mode, const WhatsAppConfig& config) {
  OutboundRequest request;
  request.url = config.api_base + "/" + config.phone_number_id + "/messages";
  request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + config.access_token}};
  request.body = whatsapp_message_body(record, mode, config);
  auto answer = https_call(request);
  if (!answer) {
    SendOutcome out;
    out.detail = answer.error().message;
    return out;
  }
  return read_send_answer(*answer);
}

}  // namespace tanggap::server
