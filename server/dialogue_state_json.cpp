// server/dialogue_state_json.cpp — see dialogue_state_json.h.
#include "server/dialogue_state_json.h"

#include "adapters/json_depth.h"
#include "bots/dialogue.h"
#include "events/domain/case_id.h"
#include "events/domain/time.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <initializer_list>

namespace tanggap::server {

namespace {

using json = nlohmann::json;

constexpr std::size_t max_depth = 8;            // the format nests 4 deep
constexpr std::size_t max_text_bytes = 64 * 1024;  // a description; the decider's own limit
constexpr std::size_t max_short_bytes = 1024;      // ids, names, mime types
constexpr std::uint32_t max_service_page = 1000;

// ---- encoding ---------------------------------------------------------------

json instant_json(const std::optional<domain::Instant>& t) {
  return t ? json(domain::format_instant(*t)) : json(nullptr);
}

json optional_number(const std::optional<double>& d) { return d ? json(*d) : json(nullptr); }

json draft_json(const bots::Draft& d) {
  json media = json::array();
  for (const bots::MediaItem& m : d.media)
    media.push_back({{"media_id", m.media_id}, {"mime_type", m.mime_type}, {"filename", m.filename}});
  return {{"service", d.service},
          {"office", d.office},
          {"description", d.description},
          {"location", {{"text", d.location.text}, {"lat", optional_number(d.location.lat)},
                        {"lon", optional_number(d.location.lon)}}},
          {"name", d.name},
          {"anonymous", d.anonymous},
          {"media", std::move(media)}};
}

// ---- decoding: each reader checks the JSON type before touching the value --

Error bad(std::string_view field, std::string_view what) {
  return fail(Errc::malformed, fmt::format("dialogue state: {} {}", field, what), std::string(field));
}

std::string at(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

Result<void> exact_keys(const json& o, std::string_view path, std::initializer_list<const char*> keys) {
  if (!o.is_object()) return bad(path.empty() ? "state" : path, "must be an object");
  for (const char* k : keys)
    if (!o.contains(k)) return bad(at(path, k), "is missing");
  if (o.size() != keys.size()) {
    for (const auto& item : o.items()) {
      bool known = false;
      for (const char* k : keys) known = known || item.key() == k;
      if (!known) return bad(at(path, item.key().substr(0, 60)), "is not a field of the state");
    }
  }
  return {};
}

Result<std::string> text(const json& o, const char* key, std::string_view path, std::size_t max_bytes) {
  const json& v = o.at(key);  // exact_keys() ran first: present
  if (!v.is_string()) return bad(at(path, key), "must be a string");
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > max_bytes) return bad(at(path, key), fmt::format("is longer than {} bytes", max_bytes));
  return s;
}

Result<std::optional<double>> coordinate(const json& o, const char* key, std::string_view path, double limit) {
  const json& v = o.at(key);
  if (v.is_null()) return std::optional<double>{};
  if (!v.is_number()) return bad(at(path, key), "must be a number or null");
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < -limit || d > limit) return bad(at(path, key), "is out of range");
  return std::optional<double>{d};
}

Result<std::optional<domain::Instant>> instant(const json& v, const std::string& field, bool nullable) {
  if (nullable && v.is_null()) return std::optional<domain::Instant>{};
  if (!v.is_string()) return bad(field, nullable ? "must be an ISO 8601 time or null" : "must be an ISO 8601 time");
  auto t = domain::parse_instant(v.get_ref<const std::string&>());
  if (!t) return bad(field, "is not an ISO 8601 time");
  return std::optional<domain::Instant>{*t};
}

Result<std::string> case_id(const json& o, const char* key, std::string_view path, bool may_be_empty) {
  auto s = text(o, key, path, max_short_bytes);
  if (!s) return s.error();
  if (s->empty() && may_be_empty) return s;
  if (!domain::parse_case_id(*s)) return bad(at(path, key), "is not a case id");
  return s;
}

Result<bots::Draft> draft_of(const json& o) {
  if (auto r = exact_keys(o, "draft", {"service", "office", "description", "location", "name", "anonymous", "media"});
      !r)
    return r.error();
  bots::Draft d;
  auto service = text(o, "service", "draft", max_short_bytes);
  if (!service) return service.error();
  auto office = text(o, "office", "draft", max_short_bytes);
  if (!office) return office.error();
  auto description = text(o, "description", "draft", max_text_bytes);
  if (!description) return description.error();
  auto name = text(o, "name", "draft", max_short_bytes);
  if (!name) return name.error();
  if (!o.at("anonymous").is_boolean()) return bad("draft.anonymous", "must be true or false");
  d.service = std::move(*service);
  d.office = std::move(*office);
  d.description = std::move(*description);
  d.name = std::move(*name);
  d.anonymous = o.at("anonymous").get<bool>();

  const json& l = o.at("location");
  if (auto r = exact_keys(l, "draft.location", {"text", "lat", "lon"}); !r) return r.error();
  auto where = text(l, "text", "draft.location", max_text_bytes);
  if (!where) return where.error();
  auto lat = coordinate(l, "lat", "draft.location", 90.0);
  if (!lat) return lat.error();
  auto lon = coordinate(l, "lon", "draft.location", 180.0);
  if (!lon) return lon.error();
  d.location = domain::Location{std::move(*where), *lat, *lon};

  const json& media = o.at("media");
  if (!media.is_array()) return bad("draft.media", "must be an array");
  if (media.size() > domain::max_attachments_per_case) return bad("draft.media", "holds too many files");
  for (std::size_t i = 0; i < media.size(); ++i) {
    const std::string path = fmt::format("draft.media[{}]", i);
    if (auto r = exact_keys(media[i], path, {"media_id", "mime_type", "filename"}); !r) return r.error();
    auto id = text(media[i], "media_id", path, max_short_bytes);
    if (!id) return id.error();
    if (id->empty()) return bad(path + ".media_id", "is empty");
    auto mime = text(media[i], "mime_type", path, max_short_bytes);
    if (!mime) return mime.error();
    auto filename = text(media[i], "filename", path, max_short_bytes);
    if (!filename) return filename.error();
    d.media.push_back(bots::MediaItem{std::move(*id), std::move(*mime), std::move(*filename)});
  }
  return d;
}

Result<std::vector<bots::PendingConfirmation>> pending_of(const json& a) {
  if (!a.is_array()) return bad("pending", "must be an array");
  if (a.size() > max_pending_confirmations) return bad("pending", "holds too many cases");
  std::vector<bots::PendingConfirmation> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string path = fmt::format("pending[{}]", i);
    if (auto r = exact_keys(a[i], path, {"case_id", "resolution", "asked_at"}); !r) return r.error();
    auto id = case_id(a[i], "case_id", path, false);
    if (!id) return id.error();
    auto resolution = text(a[i], "resolution", path, max_text_bytes);
    if (!resolution) return resolution.error();
    auto asked = instant(a[i].at("asked_at"), path + ".asked_at", false);
    if (!asked) return asked.error();
    out.push_back(bots::PendingConfirmation{std::move(*id), std::move(*resolution), **asked});
  }
  return out;
}

Result<std::vector<std::string>> offered_of(const json& a) {
  if (!a.is_array()) return bad("offered", "must be an array");
  if (a.size() > bots::max_list_rows) return bad("offered", "holds more choices than a list");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) return bad(fmt::format("offered[{}]", i), "must be a string");
    const auto& id = a[i].get_ref<const std::string&>();
    if (id.empty() || id.size() > bots::max_choice_id_bytes)
      return bad(fmt::format("offered[{}]", i), "is not a choice id");
    out.push_back(id);
  }
  return out;
}

}  // namespace

json dialogue_state_json(const bots::DialogueState& s) {
  json pending = json::array();
  for (const bots::PendingConfirmation& p : s.pending)
    pending.push_back({{"case_id", p.case_id}, {"resolution", p.resolution}, {"asked_at", instant_json(p.asked_at)}});
  const json j = {{"v", dialogue_state_version},
                  {"language", std::string(bots::language_code(s.language))},
                  {"step", std::string(bots::step_name(s.step))},
                  {"draft", draft_json(s.draft)},
                  {"offered", s.offered},
                  {"service_page", s.service_page},
                  {"pending", std::move(pending)},
                  {"reopen_case_id", s.reopen_case_id},
                  {"updated_at", instant_json(s.updated_at)}};
  return j;
}

std::string encode_dialogue_state(const bots::DialogueState& s) {
  // Replace, never throw: the strings came from citizens through adapters
  // that checked UTF-8, but a stored state must be writable whatever it holds.
  return dialogue_state_json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<bots::DialogueState> decode_dialogue_state(std::string_view text_in) {
  if (text_in.size() > max_dialogue_state_bytes) return bad("state", "is too large");
  if (adapters::json_nested_deeper_than(text_in, max_depth)) return bad("state", "is nested too deep");
  const json j = json::parse(text_in, nullptr, false);
  if (j.is_discarded()) return bad("state", "is not JSON");
  return dialogue_state_from_json(j);
}

Result<bots::DialogueState> dialogue_state_from_json(const json& j) {
  if (auto r = exact_keys(j, "", {"v", "language", "step", "draft", "offered", "service_page", "pending",
                                  "reopen_case_id", "updated_at"});
      !r)
    return r.error();
  if (!j.at("v").is_number_integer() || j.at("v").get<std::int64_t>() != dialogue_state_version)
    return bad("v", "is not a known version");

  bots::DialogueState s;
  auto language = text(j, "language", "", max_short_bytes);
  if (!language) return language.error();
  const auto lang = bots::parse_language(*language);
  if (!lang) return bad("language", "must be \"id\" or \"en\"");
  s.language = *lang;
  auto step = text(j, "step", "", max_short_bytes);
  if (!step) return step.error();
  const auto parsed_step = bots::parse_step(*step);
  if (!parsed_step) return bad("step", "is not a dialogue step");
  s.step = *parsed_step;

  auto draft = draft_of(j.at("draft"));
  if (!draft) return draft.error();
  s.draft = std::move(*draft);
  auto offered = offered_of(j.at("offered"));
  if (!offered) return offered.error();
  s.offered = std::move(*offered);
  const json& page = j.at("service_page");
  if (!page.is_number_unsigned() || page.get<std::uint64_t>() > max_service_page)
    return bad("service_page", "must be a whole number from 0 to 1000");
  s.service_page = page.get<std::uint32_t>();
  auto pending = pending_of(j.at("pending"));
  if (!pending) return pending.error();
  s.pending = std::move(*pending);
  auto reopen = case_id(j, "reopen_case_id", "", true);
  if (!reopen) return reopen.error();
  s.reopen_case_id = std::move(*reopen);
  auto updated = instant(j.at("updated_at"), "updated_at", true);
  if (!updated) return updated.error();
  s.updated_at = *updated;
  return s;
}

}  // namespace tanggap::server
