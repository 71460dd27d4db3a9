// One element of `value.messages[]` → an InboundMessage (PROTOCOLS.md §1.4).
// A known type whose fields are of the wrong kind or out of range becomes
// MessageKind::invalid with the first problem found; what was read before it
// stays in the record for the officer's eyes. Unknown types keep their name.
#include "adapters/whatsapp/webhook_fields.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <utility>

namespace tanggap::adapters::whatsapp::detail {

namespace {

constexpr std::size_t max_type_name_bytes = 64;
constexpr std::size_t max_sha256_bytes = 128;  // hex (64) or base64 (44) in practice
constexpr std::size_t max_phone_bytes = 64;

MessageKind known_kind(std::string_view type) {
  static constexpr std::pair<std::string_view, MessageKind> kinds[] = {
      {"text", MessageKind::text},         {"image", MessageKind::image},       {"document", MessageKind::document},
      {"audio", MessageKind::audio},       {"video", MessageKind::video},       {"sticker", MessageKind::sticker},
      {"location", MessageKind::location}, {"contacts", MessageKind::contacts}, {"button", MessageKind::button},
      {"reaction", MessageKind::reaction}};
  for (const auto& [name, kind] : kinds)
    if (type == name) return kind;
  return MessageKind::unknown;
}

// Reads fields of one message and remembers the first problem.
struct Reader {
  InboundMessage& m;
  std::string problem;

  void complain(std::string what) {
    if (problem.empty()) problem = std::move(what);
  }
  const json* required_object(const json& o, const char* key, const std::string& path) {
    const json* v = object_member(o, key);
    if (v == nullptr) complain(path + " must be an object");
    return v;
  }
  const std::string* required_string(const json& o, const char* key, const std::string& path) {
    const std::string* v = string_member(o, key);
    if (v == nullptr) complain(path + " must be a string");
    return v;
  }
  // Absent → empty; present with another kind → a problem.
  std::string optional_string(const json& o, const char* key, const std::string& path, std::size_t max,
                              bool* truncated = nullptr) {
    if (const std::string* v = string_member(o, key)) return capped(*v, max, truncated);
    if (present(o, key)) complain(path + " must be a string");
    return {};
  }
  bool optional_bool(const json& o, const char* key, const std::string& path) {
    const json* v = any_member(o, key);
    if (v == nullptr) return false;
    if (!v->is_boolean()) {
      complain(path + " must be true or false");
      return false;
    }
    return v->get<bool>();
  }

  void text(const json& e) {
    const json* t = required_object(e, "text", "text");
    if (t == nullptr) return;
    if (const std::string* body = required_string(*t, "body", "text.body"))
      m.text = capped(*body, max_text_bytes, &m.truncated);
  }

  void media(const json& e, const char* key, bool captioned, bool named) {
    const std::string k(key);
    const json* o = required_object(e, key, k);
    if (o == nullptr) return;
    const std::string* id = required_string(*o, "id", k + ".id");
    if (id != nullptr && (id->empty() || id->size() > max_media_id_bytes || !is_wamid(*id)))
      complain(k + ".id is not a media id");
    else if (id != nullptr)
      m.media_id = *id;
    m.media_mime_type = optional_string(*o, "mime_type", k + ".mime_type", max_short_text_bytes);
    const std::string sha = optional_string(*o, "sha256", k + ".sha256", max_sha256_bytes + 1);
    if (sha.size() <= max_sha256_bytes) m.media_sha256 = sha;  // longer is no digest: leave it out
    if (captioned) m.text = optional_string(*o, "caption", k + ".caption", max_text_bytes, &m.truncated);
    if (named) m.filename = optional_string(*o, "filename", k + ".filename", max_short_text_bytes);
    if (k == "audio") m.voice = optional_bool(*o, "voice", "audio.voice");
  }

  void reply_id(const std::string* id, const std::string& path) {
    if (id == nullptr) return;
    if (id->empty() || id->size() > max_reply_id_bytes)
      complain(path + " must be 1 to " + std::to_string(max_reply_id_bytes) + " bytes");
    else
      m.reply_id = *id;
  }

  void interactive(const json& e) {
    const json* i = required_object(e, "interactive", "interactive");
    if (i == nullptr) return;
    const std::string* type = required_string(*i, "type", "interactive.type");
    if (type == nullptr) return;
    const char* key = nullptr;
    if (*type == "button_reply") {
      m.kind = MessageKind::interactive_button_reply;
      key = "button_reply";
    } else if (*type == "list_reply") {
      m.kind = MessageKind::interactive_list_reply;
      key = "list_reply";
    } else {  // nfm_reply (Flows) and whatever comes next: recorded, not acted on
      m.kind = MessageKind::unknown;
      m.type_name = capped("interactive/" + *type, max_type_name_bytes);
      return;
    }
    const std::string path = "interactive." + std::string(key);
    const json* r = required_object(*i, key, path);
    if (r == nullptr) return;
    reply_id(required_string(*r, "id", path + ".id"), path + ".id");
    m.text = optional_string(*r, "title", path + ".title", max_short_text_bytes);
  }

  void button(const json& e) {
    const json* b = required_object(e, "button", "button");
    if (b == nullptr) return;
    const std::string* payload = string_member(*b, "payload");
    if (payload == nullptr && present(*b, "payload")) complain("button.payload must be a string");
    if (payload != nullptr && !payload->empty()) reply_id(payload, "button.payload");
    m.text = optional_string(*b, "text", "button.text", max_short_text_bytes);
    if (m.reply_id.empty() && m.text.empty()) complain("button has neither payload nor text");
  }

  void coordinate(const json& o, const char* key, double limit, std::optional<double>& out) {
    const std::string path = std::string("location.") + key;
    const json* v = any_member(o, key);
    if (v == nullptr || !v->is_number()) {
      complain(path + " must be a number");
      return;
    }
    const double d = v->get<double>();
    if (std::isfinite(d) && d >= -limit && d <= limit) out = d;
    else complain(path + " must lie within ±" + std::to_string(static_cast<int>(limit)));
  }

  void location(const json& e) {
    const json* l = required_object(e, "location", "location");
    if (l == nullptr) return;
    coordinate(*l, "latitude", 90.0, m.lat);
    coordinate(*l, "longitude", 180.0, m.lon);
    m.location_name = optional_string(*l, "name", "location.name", max_short_text_bytes);
    m.location_address = optional_string(*l, "address", "location.address", max_short_text_bytes);
  }

  void contacts(const json& e) {
    const json* list = array_member(e, "contacts");
    if (list == nullptr) {
      complain("contacts must be an array");
      return;
    }
    std::string names;
    for (const auto& c : *list) {
      if (const json* name = object_member(c, "name")) {
        const std::string n = short_text(*name, "formatted_name");
        if (!n.empty()) names += (names.empty() ? "" : ", ") + n;
      }
      const json* phones = array_member(c, "phones");
      if (phones == nullptr) continue;
      for (const auto& p : *phones) {
        const std::string* phone = string_member(p, "phone");
        if (phone == nullptr || phone->empty() || phone->size() > max_phone_bytes) continue;
        if (m.contact_phones.size() < max_contact_phones) m.contact_phones.push_back(*phone);
      }
    }
    m.text = capped(names, max_short_text_bytes);
  }

  void reaction(const json& e) {
    const json* r = required_object(e, "reaction", "reaction");
    if (r == nullptr) return;
    const std::string* target = required_string(*r, "message_id", "reaction.message_id");
    if (target != nullptr && !is_wamid(*target)) complain("reaction.message_id is not a wamid");
    else if (target != nullptr) m.context_wamid = *target;
    m.text = optional_string(*r, "emoji", "reaction.emoji", max_short_text_bytes);  // empty: removed
  }

  void common(const json& e) {
    const std::string* from = required_string(e, "from", "from");
    if (from != nullptr && !is_wa_id(*from)) complain("from must be 1 to 20 digits");
    else if (from != nullptr) m.from = *from;
    if (const auto ts = read_timestamp(e, "timestamp")) m.timestamp = *ts;
    else complain("timestamp must be a string of Unix seconds");
    // A context is optional metadata: an unreadable one is left out, not a problem.
    if (const json* c = object_member(e, "context")) {
      if (const std::string* id = string_member(*c, "id"); id != nullptr && is_wamid(*id)) m.context_wamid = *id;
      const json* f = any_member(*c, "forwarded");
      const json* ff = any_member(*c, "frequently_forwarded");
      m.forwarded = (f != nullptr && f->is_boolean() && f->get<bool>()) ||
                    (ff != nullptr && ff->is_boolean() && ff->get<bool>());
    }
    m.errors = read_errors(e);
  }

  void body(const json& e) {
    const std::string* type = required_string(e, "type", "type");
    if (type == nullptr) return;
    m.type_name = capped(*type, max_type_name_bytes);
    const std::string& t = *type;
    if (t == "interactive") return interactive(e);  // the kind depends on interactive.type
    m.kind = known_kind(t);
    switch (m.kind) {
      case MessageKind::text: return text(e);
      case MessageKind::image: return media(e, "image", true, false);
      case MessageKind::document: return media(e, "document", true, true);
      case MessageKind::audio: return media(e, "audio", false, false);
      case MessageKind::video: return media(e, "video", true, false);
      case MessageKind::sticker: return media(e, "sticker", false, false);
      case MessageKind::location: return location(e);
      case MessageKind::contacts: return contacts(e);
      case MessageKind::button: return button(e);
      case MessageKind::reaction: return reaction(e);
      default: return;  // unsupported, system, order, …: type_name says which
    }
  }
};

}  // namespace

InboundMessage read_message(const json& element, std::string wamid) {
  InboundMessage m;
  m.wamid = std::move(wamid);
  Reader r{m, {}};
  r.common(element);
  r.body(element);
  if (!r.problem.empty()) {
    m.kind = MessageKind::invalid;
    m.problem = std::move(r.problem);
  }
  return m;
}

}  // namespace tanggap::adapters::whatsapp::detail
