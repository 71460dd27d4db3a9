#include "server/json_body.h"

#include "adapters/json_depth.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace tanggap::server {

using nlohmann::json;

bool has_content_type(const HttpRequest& request, std::string_view media_type) {
  const auto value = request.header("content-type");
  if (!value) return false;
  std::string lower(value->substr(0, value->find(';')));
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  return lower == media_type;
}

Result<json> parse_json_object_text(std::string_view text) {
  if (adapters::json_nested_deeper_than(text, max_json_depth))
    return fail(Errc::malformed, fmt::format("the JSON is nested deeper than {} levels", max_json_depth));
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return fail(Errc::malformed, "the body is not valid JSON");
  if (!parsed.is_object()) return fail(Errc::malformed, "the body must be a JSON object");
  // Spelled out: a json converts to anything, so the plain conversion is ambiguous.
  return Result<json>(boost::system::in_place_value, std::move(parsed));
}

Result<json> parse_json_object(const HttpRequest& request) {
  if (!has_content_type(request, "application/json"))
    return fail(Errc::unsupported_media_type, "send the body as application/json");
  return parse_json_object_text(request.body);
}

Result<std::string> string_field(const json& object, const char* key, std::string_view path) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return fail(Errc::invalid_field, fmt::format("{} must be a string", path), std::string(path));
  return it->get<std::string>();
}

Result<std::optional<std::uint64_t>> unsigned_field(const json& object, const char* key, std::string_view path) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<std::uint64_t>{};
  if (!it->is_number_unsigned())
    return fail(Errc::invalid_field, fmt::format("{} must be a whole number of 0 or more", path), std::string(path));
  return std::optional<std::uint64_t>{it->get<std::uint64_t>()};
}

Result<std::optional<double>> number_field(const json& object, const char* key, std::string_view path) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<double>{};
  if (!it->is_number()) return fail(Errc::invalid_field, fmt::format("{} must be a number", path), std::string(path));
  return std::optional<double>{it->get<double>()};
}

Result<const json*> object_field(const json& object, const char* key, std::string_view path) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_object()) return fail(Errc::invalid_field, fmt::format("{} must be an object", path), std::string(path));
  return &*it;
}

Result<void> only_known_keys(const json& object, const std::vector<std::string_view>& keys, std::string_view prefix,
                             std::string_view what) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (const auto k : keys) known = known || k == it.key();
    if (known) continue;
    const std::string path = prefix.empty() ? it.key() : std::string(prefix) + "." + it.key();
    return fail(Errc::invalid_field, fmt::format("'{}' is not a field of {}", path, what), path);
  }
  return {};
}

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace tanggap::server
