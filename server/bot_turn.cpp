// server/bot_turn.cpp — see bot_turn.h. Grammar (keys sorted on the wire):
//   {case_id, effects[], input_event_id, replies[{choices[{description, id, title}], list_button, text}],
//    state{…dialogue_state_json…}, tracking_code}
//   effect := {kind: "submit_case", service, office, channel, title, body, name, phone, chat_id,
//              anonymous, location{text, lat, lon}, media[{media_id, mime_type, filename}]}
//           | {kind: "add_message", case_id, text, media[…]}
//           | {kind: "reopen", case_id, reason} | {kind: "close", case_id, by_silence}
//           | {kind: "request_officer", case_id, text}
#include "server/bot_turn.h"

#include "adapters/json_depth.h"
#include "events/domain/overloaded.h"
#include "server/dialogue_state_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>

namespace tanggap::server {

namespace {

using json = nlohmann::json;

constexpr std::size_t max_turn_bytes = 512 * 1024;
constexpr std::size_t max_items = 64;  // replies, effects, choices, media per record

json number_or_null(const std::optional<double>& d) { return d ? json(*d) : json(nullptr); }

json media_json(const std::vector<bots::MediaItem>& media) {
  json out = json::array();
  for (const auto& m : media) out.push_back({{"media_id", m.media_id}, {"mime_type", m.mime_type}, {"filename", m.filename}});
  return out;
}

json effect_json(const bots::Effect& effect) {
  return std::visit(
      domain::overloaded{
          [](const bots::SubmitCase& s) -> json {
            const auto& c = s.submit;
            return {{"kind", "submit_case"},
                    {"service", c.service},
                    {"office", c.office},
                    {"channel", std::string(domain::channel_name(c.channel))},
                    {"title", c.title},
                    {"body", c.body},
                    {"name", c.reporter.name},
                    {"phone", c.reporter.phone},
                    {"chat_id", c.reporter.chat_id},
                    {"anonymous", c.privacy_given && c.privacy == domain::Privacy::anonymous},
                    {"location", {{"text", c.location.text}, {"lat", number_or_null(c.location.lat)},
                                  {"lon", number_or_null(c.location.lon)}}},
                    {"media", media_json(s.media)}};
          },
          [](const bots::AddCitizenMessage& m) -> json {
            return {{"kind", "add_message"}, {"case_id", m.case_id}, {"text", m.text}, {"media", media_json(m.media)}};
          },
          [](const bots::ReopenCase& r) -> json {
            return {{"kind", "reopen"}, {"case_id", r.case_id}, {"reason", r.reason}};
          },
          [](const bots::CloseCase& c) -> json {
            return {{"kind", "close"}, {"case_id", c.case_id}, {"by_silence", c.by_silence}};
          },
          [](const bots::RequestOfficer& r) -> json {
            return {{"kind", "request_officer"}, {"case_id", r.case_id}, {"text", r.text}};
          },
      },
      effect);
}

// ---- decoding: every read checks the type first; the first problem wins ----

class Reader {
 public:
  std::optional<Error> error;

  const json* get(const json& o, const char* key) {
    if (error) return nullptr;
    if (!o.is_object()) return problem(key, "is inside something that is not an object"), nullptr;
    const auto it = o.find(key);
    if (it == o.end()) return problem(key, "is missing"), nullptr;
    return &*it;
  }
  std::string text(const json& o, const char* key) {
    const json* v = get(o, key);
    if (!v) return {};
    if (!v->is_string()) return problem(key, "must be a string"), std::string{};
    return v->get_ref<const std::string&>();
  }
  bool flag(const json& o, const char* key) {
    const json* v = get(o, key);
    if (!v) return false;
    if (!v->is_boolean()) return problem(key, "must be true or false"), false;
    return v->get<bool>();
  }
  std::optional<double> number(const json& o, const char* key) {
    const json* v = get(o, key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number() || !std::isfinite(v->get<double>())) return problem(key, "must be a number or null"), std::nullopt;
    return v->get<double>();
  }
  const json* list(const json& o, const char* key) {
    const json* v = get(o, key);
    if (!v) return nullptr;
    if (!v->is_array()) return problem(key, "must be an array"), nullptr;
    if (v->size() > max_items) return problem(key, "has too many entries"), nullptr;
    return v;
  }
  std::vector<bots::MediaItem> media(const json& o) {
    std::vector<bots::MediaItem> out;
    const json* items = list(o, "media");
    if (!items) return out;
    for (const json& m : *items) out.push_back({text(m, "media_id"), text(m, "mime_type"), text(m, "filename")});
    return out;
  }
  void problem(std::string_view key, std::string_view what) {
    if (!error) error = fail(Errc::malformed, fmt::format("bot turn: {} {}", key, what), std::string(key));
  }
};

std::optional<bots::Effect> read_effect(Reader& r, const json& e) {
  const std::string kind = r.text(e, "kind");
  if (kind == "submit_case") {
    bots::SubmitCase s;
    auto& c = s.submit;
    c.service = r.text(e, "service");
    c.office = r.text(e, "office");
    const auto channel = domain::parse_channel(r.text(e, "channel"));
    if (!channel) r.problem("channel", "is not a known channel");
    c.channel = channel.value_or(domain::Channel::whatsapp);
    c.title = r.text(e, "title");
    c.body = r.text(e, "body");
    c.reporter.name = r.text(e, "name");
    c.reporter.phone = r.text(e, "phone");
    c.reporter.chat_id = r.text(e, "chat_id");
    if (r.flag(e, "anonymous")) {
      c.privacy = domain::Privacy::anonymous;
      c.privacy_given = true;
    }
    if (const json* where = r.get(e, "location")) {
      c.location.text = r.text(*where, "text");
      c.location.lat = r.number(*where, "lat");
      c.location.lon = r.number(*where, "lon");
    }
    s.media = r.media(e);
    return s;
  }
  if (kind == "add_message") return bots::AddCitizenMessage{r.text(e, "case_id"), r.text(e, "text"), r.media(e)};
  if (kind == "reopen") return bots::ReopenCase{r.text(e, "case_id"), r.text(e, "reason")};
  if (kind == "close") return bots::CloseCase{r.text(e, "case_id"), r.flag(e, "by_silence")};
  if (kind == "request_officer") return bots::RequestOfficer{r.text(e, "case_id"), r.text(e, "text")};
  r.problem("kind", "is not a known effect");
  return std::nullopt;
}

}  // namespace

std::string bot_stream(domain::Channel channel, std::string_view citizen) {
  return fmt::format("{}{}-{}", bot_stream_prefix, domain::channel_name(channel), citizen);
}

std::string encode_bot_turn(const BotTurnRecord& turn) {
  json replies = json::array();
  for (const auto& reply : turn.replies) {
    json choices = json::array();
    for (const auto& c : reply.choices) choices.push_back({{"id", c.id}, {"title", c.title}, {"description", c.description}});
    replies.push_back({{"text", reply.text}, {"choices", std::move(choices)}, {"list_button", reply.list_button}});
  }
  json effects = json::array();
  for (const auto& e : turn.effects) effects.push_back(effect_json(e));
  json j = {{"input_event_id", turn.input_event_id},
            {"state", dialogue_state_json(turn.state)},
            {"replies", std::move(replies)},
            {"effects", std::move(effects)},
            {"tracking_code", turn.tracking_code},
            {"case_id", turn.case_id}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<BotTurnRecord> decode_bot_turn(std::string_view data) {
  if (data.size() > max_turn_bytes) return fail(Errc::malformed, "bot turn: too large");
  if (adapters::json_nested_deeper_than(data, 16)) return fail(Errc::malformed, "bot turn: nested too deeply");
  const json j = json::parse(data, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(Errc::malformed, "bot turn: not a JSON object");
  Reader r;
  BotTurnRecord turn;
  turn.input_event_id = r.text(j, "input_event_id");
  turn.tracking_code = r.text(j, "tracking_code");
  turn.case_id = r.text(j, "case_id");
  if (const json* state = r.get(j, "state")) {
    auto decoded = dialogue_state_from_json(*state);
    if (!decoded) return decoded.error();
    turn.state = std::move(*decoded);
  }
  if (const json* replies = r.list(j, "replies"))
    for (const json& reply : *replies) {
      bots::Reply out;
      out.text = r.text(reply, "text");
      out.list_button = r.text(reply, "list_button");
      if (const json* choices = r.list(reply, "choices"))
        for (const json& c : *choices) out.choices.push_back({r.text(c, "id"), r.text(c, "title"), r.text(c, "description")});
      turn.replies.push_back(std::move(out));
    }
  if (const json* effects = r.list(j, "effects"))
    for (const json& e : *effects)
      if (auto effect = read_effect(r, e)) turn.effects.push_back(std::move(*effect));
  if (r.error) return *r.error;
  return turn;
}

}  // namespace tanggap::server
