// The envelope and the statuses of a notification (PROTOCOLS.md §1.2, §1.5);
// messages[] elements are read in webhook_message.cpp. The grammar walked:
//
//   notification := { "object": "whatsapp_business_account", "entry": [ entry* ] }
//   entry        := { "id": WABA, "changes": [ change* ] }
//   change       := { "field": "messages", "value": value }      other fields: skipped
//   value        := { "metadata": { "phone_number_id", "display_phone_number" },
//                     "contacts": [ { "profile": { "name" }, "wa_id" } ],
//                     "messages": [ message* ], "statuses": [ status* ], "errors": [ error* ] }
//   status       := { "id": wamid, "status", "timestamp", "recipient_id", "errors": [ error* ] }
#include "adapters/whatsapp/webhook_parser.h"

#include "adapters/json_depth.h"
#include "adapters/whatsapp/webhook_fields.h"

#include <nlohmann/json.hpp>

#include <unordered_set>

namespace tanggap::adapters::whatsapp {

using nlohmann::json;
using detail::array_member;
using detail::capped;
using detail::is_wa_id;
using detail::is_wamid;
using detail::object_member;
using detail::present;
using detail::read_errors;
using detail::read_message;
using detail::read_timestamp;
using detail::short_text;
using detail::string_member;

std::string_view kind_name(MessageKind kind) noexcept {
  switch (kind) {
    case MessageKind::text: return "text";
    case MessageKind::interactive_button_reply: return "interactive_button_reply";
    case MessageKind::interactive_list_reply: return "interactive_list_reply";
    case MessageKind::button: return "button";
    case MessageKind::image: return "image";
    case MessageKind::document: return "document";
    case MessageKind::audio: return "audio";
    case MessageKind::video: return "video";
    case MessageKind::sticker: return "sticker";
    case MessageKind::location: return "location";
    case MessageKind::contacts: return "contacts";
    case MessageKind::reaction: return "reaction";
    case MessageKind::unknown: return "unknown";
    case MessageKind::invalid: return "invalid";
  }
  return "unknown";
}

std::string_view state_name(DeliveryState state) noexcept {
  switch (state) {
    case DeliveryState::sent: return "sent";
    case DeliveryState::delivered: return "delivered";
    case DeliveryState::read: return "read";
    case DeliveryState::played: return "played";
    case DeliveryState::failed: return "failed";
    case DeliveryState::unknown: return "unknown";
  }
  return "unknown";
}

namespace {

constexpr std::string_view notification_object = "whatsapp_business_account";
constexpr std::size_t max_phone_number_id_bytes = 64;
constexpr std::size_t max_value_errors = 16;

DeliveryState parse_state(std::string_view s) {
  if (s == "sent") return DeliveryState::sent;
  if (s == "delivered") return DeliveryState::delivered;
  if (s == "read") return DeliveryState::read;
  if (s == "played") return DeliveryState::played;
  if (s == "failed") return DeliveryState::failed;
  return DeliveryState::unknown;
}

DeliveryStatus read_status(const json& e, std::string wamid) {
  DeliveryStatus s;
  s.wamid = std::move(wamid);
  auto complain = [&s](const char* what) {
    if (s.problem.empty()) s.problem = what;
  };
  if (const std::string* status = string_member(e, "status")) {
    s.status_name = capped(*status, 64);
    s.state = parse_state(*status);
  } else {
    complain("status must be a string");
  }
  if (const std::string* r = string_member(e, "recipient_id"); r != nullptr && is_wa_id(*r)) s.recipient = *r;
  else if (present(e, "recipient_id")) complain("recipient_id must be 1 to 20 digits");
  if (const auto ts = read_timestamp(e, "timestamp")) s.timestamp = *ts;
  else complain("timestamp must be a string of Unix seconds");
  s.errors = read_errors(e);
  return s;
}

// Walks the entries, keeping the per-delivery dedupe sets and the caps.
class Walker {
 public:
  Notification out;

  void entry(const json& e, const std::string& path) {
    const json* changes = array_member(e, "changes");
    if (changes == nullptr) {
      if (present(e, "changes") || !e.is_object()) note(path + " has no changes array");
      return;
    }
    std::size_t j = 0;
    for (const auto& change : *changes) this->change(change, path + ".changes[" + std::to_string(j++) + "]");
  }

 private:
  std::unordered_set<std::string> seen_messages_;
  std::unordered_set<std::string> seen_statuses_;  // wamid + '\n' + status

  void note(std::string why) {
    if (out.notes.size() < max_notes) out.notes.push_back(std::move(why));
  }
  void drop(std::string why) {
    ++out.dropped;
    note(std::move(why));
  }

  void change(const json& c, const std::string& path) {
    // Meta always names the field; a change without one is read as messages.
    if (const std::string* field = string_member(c, "field"); field != nullptr && *field != "messages") return;
    const json* value = object_member(c, "value");
    if (value == nullptr) {
      note(path + ".value is not an object");
      return;
    }
    std::string phone_number_id;
    if (const json* metadata = object_member(*value, "metadata")) {
      const std::string* id = string_member(*metadata, "phone_number_id");
      if (id != nullptr && id->size() <= max_phone_number_id_bytes && is_wamid(*id)) phone_number_id = *id;
    }
    const json* contacts = array_member(*value, "contacts");
    each(*value, "messages", path + ".value", [&](const json& m, const std::string& at) {
      message(m, at, phone_number_id, contacts);
    });
    each(*value, "statuses", path + ".value", [&](const json& s, const std::string& at) {
      status(s, at, phone_number_id);
    });
    for (auto& error : read_errors(*value))
      if (out.errors.size() < max_value_errors) out.errors.push_back(std::move(error));
  }

  template <class F>
  void each(const json& value, const char* key, const std::string& path, F&& read) {
    const std::string at = path + "." + key;
    const json* list = array_member(value, key);
    if (list == nullptr) {
      if (present(value, key)) note(at + " is not an array");
      return;
    }
    std::size_t k = 0;
    for (const auto& element : *list) read(element, at + "[" + std::to_string(k++) + "]");
  }

  // The wamid of a messages[]/statuses[] element, or nullptr after dropping it.
  const std::string* wamid_of(const json& e, const std::string& path) {
    const std::string* id = string_member(e, "id");
    if (id != nullptr && is_wamid(*id)) return id;
    drop(path + ": no valid id");
    return nullptr;
  }

  void message(const json& e, const std::string& path, const std::string& phone_number_id, const json* contacts) {
    const std::string* wamid = wamid_of(e, path);
    if (wamid == nullptr || seen_messages_.contains(*wamid)) return;
    if (out.messages.size() == max_records) {
      drop(path + ": more than " + std::to_string(max_records) + " messages");
      return;
    }
    seen_messages_.insert(*wamid);
    InboundMessage m = read_message(e, *wamid);
    m.phone_number_id = phone_number_id;
    sender(m, contacts);
    out.messages.push_back(std::move(m));
  }

  // The sender's contact: the one whose wa_id is `from`, else the only one
  // (Meta's wa_id may differ from `from`, PROTOCOLS.md §1.2).
  static void sender(InboundMessage& m, const json* contacts) {
    m.wa_id = m.from;
    if (contacts == nullptr) return;
    const json* match = nullptr;
    for (const auto& c : *contacts) {
      const std::string* wa_id = string_member(c, "wa_id");
      if (wa_id != nullptr && !m.from.empty() && *wa_id == m.from) {
        match = &c;
        break;
      }
    }
    if (match == nullptr && contacts->size() == 1) match = &contacts->front();
    if (match == nullptr) return;
    if (const std::string* wa_id = string_member(*match, "wa_id"); wa_id != nullptr && is_wa_id(*wa_id))
      m.wa_id = *wa_id;
    if (const json* profile = object_member(*match, "profile")) m.profile_name = short_text(*profile, "name");
  }

  void status(const json& e, const std::string& path, const std::string& phone_number_id) {
    const std::string* wamid = wamid_of(e, path);
    if (wamid == nullptr) return;
    DeliveryStatus s = read_status(e, *wamid);
    if (!seen_statuses_.insert(s.wamid + '\n' + s.status_name).second) return;
    if (out.statuses.size() == max_records) {
      drop(path + ": more than " + std::to_string(max_records) + " statuses");
      return;
    }
    s.phone_number_id = phone_number_id;
    out.statuses.push_back(std::move(s));
  }
};

}  // namespace

Result<Notification> parse_notification(std::string_view raw_body) {
  // Before parsing: nlohmann recurses once per level.
  if (json_nested_deeper_than(raw_body, max_json_depth))
    return fail(Errc::malformed, "the notification is nested deeper than " + std::to_string(max_json_depth) +
                                     " levels");
  const json doc = json::parse(raw_body, nullptr, false);
  if (doc.is_discarded()) return fail(Errc::malformed, "the notification is not valid JSON (or not UTF-8)");
  if (!doc.is_object()) return fail(Errc::malformed, "the notification must be a JSON object");
  const std::string* object = string_member(doc, "object");
  if (object == nullptr || *object != notification_object)
    return fail(Errc::malformed, "not a WhatsApp notification: object must be whatsapp_business_account",
                "object");
  const json* entries = array_member(doc, "entry");
  if (entries == nullptr) return fail(Errc::malformed, "the notification has no entry array", "entry");
  Walker walker;
  std::size_t i = 0;
  for (const auto& entry : *entries) walker.entry(entry, "entry[" + std::to_string(i++) + "]");
  return std::move(walker.out);
}

}  // namespace tanggap::adapters::whatsapp
