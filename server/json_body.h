// server/json_body.h — reading JSON request bodies safely.
// Checks the content type (415), the nesting depth before parsing (a body of
// 100,000 '[' must not cost a deep recursion anywhere), then parses without
// exceptions (400 on failure). Field readers return Results naming the field.
// Include <nlohmann/json.hpp> in the .cpp that calls these.
#pragma once

#include "events/domain/error.h"
#include "server/http_types.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <vector>
#include <string>

namespace tanggap::server {

inline constexpr std::size_t max_json_depth = 32;

bool has_content_type(const HttpRequest& request, std::string_view media_type);
// Parses the body as a JSON object.
Result<nlohmann::json> parse_json_object(const HttpRequest& request);
// Same for text already in hand (tests, fuzzing): depth check, then parse.
Result<nlohmann::json> parse_json_object_text(std::string_view text);

// Field readers: absent → empty/nullopt; present with the wrong kind → invalid_field.
Result<std::string> string_field(const nlohmann::json& object, const char* key, std::string_view path);
Result<std::optional<std::uint64_t>> unsigned_field(const nlohmann::json& object, const char* key, std::string_view path);
Result<std::optional<double>> number_field(const nlohmann::json& object, const char* key, std::string_view path);
// An object member that must be an object when present; null when absent.
Result<const nlohmann::json*> object_field(const nlohmann::json& object, const char* key, std::string_view path);

// Refuses a member not in `keys`, so a typo ("reson") is named rather than
// silently dropped. `prefix` makes the field path ("reporter.nam"); `what`
// ends the message ("a case", "this command").
Result<void> only_known_keys(const nlohmann::json& object, const std::vector<std::string_view>& keys,
                             std::string_view prefix, std::string_view what);

std::string dump(const nlohmann::json& value);  // compact, invalid UTF-8 replaced

}  // namespace tanggap::server
