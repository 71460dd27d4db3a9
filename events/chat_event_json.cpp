#include "events/chat_event_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <exception>
#include <optional>

// data grammar (keys sorted on the wire; at, sent_at, reported_at, retry_at: "YYYY-MM-DDTHH:MM:SS.mmmZ"):
//   CitizenMessageReceived  {at, channel, citizen, context_message_id, contact_phones[], error_codes[],
//                            forwarded, kind, lat?, lon?, media{filename, id, mime_type, sha256, voice},
//                            message_id, place_address, place_name, problem, profile_name, reply_id,
//                            sent_at, text, truncated, type_name}
//   OutboundQueued          {at, case_id, channel, choices?[{description, id, title}], list_button?, reason,
//                            recipient, source_event_id, text}   (choices and list_button only when offered)
//   OutboundAttemptStarted  {at, attempt, mode}
//   OutboundSent            {at, attempt, message_id}
//   OutboundAttemptFailed   {at, attempt, detail, error_code, http_status, permanent, retry_at?,
//                            switch_to_template}
//   OutboundAttemptUncertain {at, attempt}
//   OutboundDeliveryUpdated {at, detail, error_code, reported_at, state}

namespace tanggap::events {

namespace {

namespace d = tanggap::domain;
using json = nlohmann::json;

constexpr std::uint32_t schema_v1 = 1;

std::string at(d::Instant t) { return d::format_instant(t); }
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Reads fields of one event; the first problem is kept, later reads return defaults.
class Reader {
 public:
  Reader(const json& j, std::string_view type) : j_(j), type_(type) {
    if (!j_.is_object()) problem("", "must be a JSON object");
  }
  const json* get(const char* key, const json* in = nullptr) {
    if (error) return nullptr;
    const json& o = in ? *in : j_;
    const auto it = o.find(key);
    if (it == o.end()) {
      problem(key, "is missing");
      return nullptr;
    }
    return &*it;
  }
  std::string text(const char* key, const json* in = nullptr) {
    const json* v = get(key, in);
    if (!v) return {};
    if (!v->is_string()) return problem(key, "must be a string"), std::string{};
    return v->get_ref<const std::string&>();
  }
  bool flag(const char* key, const json* in = nullptr) {
    const json* v = get(key, in);
    if (!v) return false;
    if (!v->is_boolean()) return problem(key, "must be true or false"), false;
    return v->get<bool>();
  }
  std::int64_t integer(const char* key) {
    const json* v = get(key);
    if (!v) return 0;
    if (!v->is_number_integer()) return problem(key, "must be a whole number"), 0;
    return v->get<std::int64_t>();
  }
  std::uint32_t count(const char* key) {
    const std::int64_t n = integer(key);
    if (n < 0 || n > 0xFFFFFFFF) return problem(key, "is out of range"), 0;
    return static_cast<std::uint32_t>(n);
  }
  d::Instant instant(const char* key) {
    const std::string s = text(key);
    if (error) return {};
    const auto t = d::parse_instant(s);
    if (!t) problem(key, "must be an ISO 8601 instant with a zone");
    return t.value_or(d::Instant{});
  }
  std::optional<d::Instant> optional_instant(const char* key) {
    if (error || !j_.contains(key)) return std::nullopt;
    return instant(key);
  }
  std::optional<double> optional_number(const char* key) {
    if (error || !j_.contains(key)) return std::nullopt;
    const json& v = j_[key];
    if (!v.is_number() || !std::isfinite(v.get<double>())) return problem(key, "must be a number"), std::nullopt;
    return v.get<double>();
  }
  template <class E>
  E named(const char* key, std::optional<E> (*parse)(std::string_view) noexcept, E fallback) {
    const std::string s = text(key);
    if (error) return fallback;
    const auto e = parse(s);
    if (!e) problem(key, "is not a known name");
    return e.value_or(fallback);
  }
  const json* object(const char* key) {
    const json* v = get(key);
    if (v && !v->is_object()) return problem(key, "must be an object"), nullptr;
    return v;
  }
  const json* array(const char* key) {
    const json* v = get(key);
    if (v && !v->is_array()) return problem(key, "must be an array"), nullptr;
    return v;
  }
  std::string optional_text(const char* key) {
    if (error || !j_.contains(key)) return {};
    return text(key);
  }
  // Buttons or list rows: absent means none.
  std::vector<d::OutboundChoice> choices(const char* key) {
    std::vector<d::OutboundChoice> out;
    if (error || !j_.contains(key)) return out;
    const json* list = array(key);
    if (!list) return out;
    if (list->size() > 10) return problem(key, "has more than 10 entries"), out;
    for (const json& c : *list) {
      if (!c.is_object()) return problem(key, "must hold objects"), out;
      out.push_back({text("id", &c), text("title", &c), text("description", &c)});
      if (error) return {};
    }
    return out;
  }
  void problem(std::string_view key, std::string_view what) {
    if (error) return;
    error = fail(Errc::malformed, fmt::format("{} data: {} {}", type_, key.empty() ? "data" : key, what),
                 std::string(key));
  }
  std::optional<Error> error;

 private:
  const json& j_;
  std::string_view type_;
};

d::Channel channel_of(Reader& r) { return r.named("channel", &d::parse_channel, d::Channel::whatsapp); }

// ---- chat ----------------------------------------------------------------

json to_json(const d::CitizenMessageReceived& m) {
  json j = {{"channel", std::string(d::channel_name(m.channel))},
            {"message_id", m.message_id},
            {"citizen", m.citizen},
            {"profile_name", m.profile_name},
            {"kind", m.kind},
            {"type_name", m.type_name},
            {"text", m.text},
            {"truncated", m.truncated},
            {"reply_id", m.reply_id},
            {"media", {{"id", m.media.id}, {"mime_type", m.media.mime_type}, {"sha256", m.media.sha256},
                       {"filename", m.media.filename}, {"voice", m.media.voice}}},
            {"place_name", m.place_name},
            {"place_address", m.place_address},
            {"contact_phones", m.contact_phones},
            {"context_message_id", m.context_message_id},
            {"forwarded", m.forwarded},
            {"error_codes", m.error_codes},
            {"problem", m.problem},
            {"sent_at", at(m.sent_at)},
            {"at", at(m.at)}};
  if (m.lat) j["lat"] = *m.lat;
  if (m.lon) j["lon"] = *m.lon;
  return j;
}

d::CitizenMessageReceived read_message(Reader& r) {
  d::CitizenMessageReceived m;
  m.channel = channel_of(r);
  m.message_id = r.text("message_id");
  m.citizen = r.text("citizen");
  m.profile_name = r.text("profile_name");
  m.kind = r.text("kind");
  m.type_name = r.text("type_name");
  m.text = r.text("text");
  m.truncated = r.flag("truncated");
  m.reply_id = r.text("reply_id");
  if (const json* media = r.object("media")) {
    m.media.id = r.text("id", media);
    m.media.mime_type = r.text("mime_type", media);
    m.media.sha256 = r.text("sha256", media);
    m.media.filename = r.text("filename", media);
    m.media.voice = r.flag("voice", media);
  }
  m.lat = r.optional_number("lat");
  m.lon = r.optional_number("lon");
  m.place_name = r.text("place_name");
  m.place_address = r.text("place_address");
  if (const json* phones = r.array("contact_phones"))
    for (const auto& p : *phones) {
      if (!p.is_string()) return r.problem("contact_phones", "must hold strings"), m;
      m.contact_phones.push_back(p.get<std::string>());
    }
  m.context_message_id = r.text("context_message_id");
  m.forwarded = r.flag("forwarded");
  if (const json* codes = r.array("error_codes"))
    for (const auto& c : *codes) {
      if (!c.is_number_integer()) return r.problem("error_codes", "must hold whole numbers"), m;
      m.error_codes.push_back(c.get<std::int64_t>());
    }
  m.problem = r.text("problem");
  m.sent_at = r.instant("sent_at");
  m.at = r.instant("at");
  return m;
}

// ---- outbound ------------------------------------------------------------

json to_json(const d::OutboundQueued& e) {
  json j = {{"channel", std::string(d::channel_name(e.channel))}, {"case_id", e.case_id}, {"recipient", e.recipient},
            {"text", e.text}, {"reason", std::string(d::reason_name(e.reason))},
            {"source_event_id", e.source_event_id}, {"at", at(e.at)}};
  if (!e.choices.empty()) {
    json choices = json::array();
    for (const auto& c : e.choices) choices.push_back({{"id", c.id}, {"title", c.title}, {"description", c.description}});
    j["choices"] = std::move(choices);
  }
  if (!e.list_button.empty()) j["list_button"] = e.list_button;
  return j;
}
json to_json(const d::OutboundAttemptStarted& e) {
  return {{"attempt", e.attempt}, {"mode", std::string(d::send_mode_name(e.mode))}, {"at", at(e.at)}};
}
json to_json(const d::OutboundSent& e) {
  return {{"attempt", e.attempt}, {"message_id", e.message_id}, {"at", at(e.at)}};
}
json to_json(const d::OutboundAttemptFailed& e) {
  json j = {{"attempt", e.attempt}, {"http_status", e.http_status}, {"error_code", e.error_code},
            {"detail", e.detail}, {"permanent", e.permanent}, {"switch_to_template", e.switch_to_template},
            {"at", at(e.at)}};
  if (e.retry_at) j["retry_at"] = at(*e.retry_at);
  return j;
}
json to_json(const d::OutboundAttemptUncertain& e) { return {{"attempt", e.attempt}, {"at", at(e.at)}}; }
json to_json(const d::OutboundDeliveryUpdated& e) {
  return {{"state", std::string(d::delivery_state_name(e.state))}, {"error_code", e.error_code},
          {"detail", e.detail}, {"reported_at", at(e.reported_at)}, {"at", at(e.at)}};
}

std::optional<d::OutboundEvent> read_outbound(std::string_view type, Reader& r) {
  if (type == "OutboundQueued") {
    d::OutboundQueued q{channel_of(r), r.text("case_id"), r.text("recipient"), r.text("text"),
                        r.named("reason", &d::parse_reason, d::OutboundReason::officer_reply),
                        r.text("source_event_id"), r.instant("at"), {}, {}};
    q.choices = r.choices("choices");
    q.list_button = r.optional_text("list_button");
    return q;
  }
  if (type == "OutboundAttemptStarted")
    return d::OutboundAttemptStarted{r.count("attempt"), r.named("mode", &d::parse_send_mode, d::SendMode::text),
                                     r.instant("at")};
  if (type == "OutboundSent") return d::OutboundSent{r.count("attempt"), r.text("message_id"), r.instant("at")};
  if (type == "OutboundAttemptFailed") {
    d::OutboundAttemptFailed f;
    f.attempt = r.count("attempt");
    f.http_status = r.count("http_status");
    f.error_code = r.integer("error_code");
    f.detail = r.text("detail");
    f.permanent = r.flag("permanent");
    f.switch_to_template = r.flag("switch_to_template");
    f.retry_at = r.optional_instant("retry_at");
    f.at = r.instant("at");
    return f;
  }
  if (type == "OutboundAttemptUncertain") return d::OutboundAttemptUncertain{r.count("attempt"), r.instant("at")};
  if (type == "OutboundDeliveryUpdated")
    return d::OutboundDeliveryUpdated{r.named("state", &d::parse_delivery_state, d::DeliveryState::sent),
                                      r.integer("error_code"), r.text("detail"), r.instant("reported_at"),
                                      r.instant("at")};
  return std::nullopt;
}

template <class T, class Read>
Result<T> decode(std::string_view type, std::uint32_t schema, std::string_view data, Read read) {
  try {
    const auto text = upcast(type, schema, schema_v1, data);
    if (!text) return text.error();
    const json j = json::parse(text->begin(), text->end(), nullptr, false);
    if (j.is_discarded()) return fail(Errc::malformed, fmt::format("{} data is not JSON", type));
    Reader r(j, type);
    if (r.error) return std::move(*r.error);
    T event = read(r, j);
    if (r.error) return std::move(*r.error);
    return event;
  } catch (const std::exception& e) {
    // Only allocation should throw above; a log reader must get an answer anyway.
    return fail(Errc::malformed, fmt::format("{} cannot be decoded: {}", type, e.what()));
  }
}

}  // namespace

EncodedEvent encode_chat_event(const domain::ChatEvent& event) {
  return EncodedEvent{std::string(d::chat_event_type_name(event)), schema_v1,
                      dump(std::visit([](const auto& e) { return to_json(e); }, event))};
}

bool is_chat_event_type(std::string_view type) noexcept { return type == "CitizenMessageReceived"; }

Result<domain::ChatEvent> decode_chat_event(std::string_view type, std::uint32_t schema, std::string_view data) {
  // The type is not echoed when unknown: it may be anything a caller passed.
  if (!is_chat_event_type(type)) return fail(Errc::malformed, "not a chat event type");
  return decode<d::ChatEvent>(type, schema, data,
                              [](Reader& r, const json&) -> d::ChatEvent { return read_message(r); });
}

EncodedEvent encode_outbound_event(const domain::OutboundEvent& event) {
  return EncodedEvent{std::string(d::outbound_event_type_name(event)), schema_v1,
                      dump(std::visit([](const auto& e) { return to_json(e); }, event))};
}

bool is_outbound_event_type(std::string_view type) noexcept {
  return type == "OutboundQueued" || type == "OutboundAttemptStarted" || type == "OutboundSent" ||
         type == "OutboundAttemptFailed" || type == "OutboundAttemptUncertain" || type == "OutboundDeliveryUpdated";
}

Result<domain::OutboundEvent> decode_outbound_event(std::string_view type, std::uint32_t schema,
                                                    std::string_view data) {
  if (!is_outbound_event_type(type)) return fail(Errc::malformed, "not an outbound event type");
  return decode<d::OutboundEvent>(type, schema, data, [type](Reader& r, const json&) -> d::OutboundEvent {
    return *read_outbound(type, r);  // the type was checked above, so a reader exists
  });
}

}  // namespace tanggap::events
