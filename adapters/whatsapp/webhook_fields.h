// adapters/whatsapp/webhook_fields.h — internal to the webhook parser: reading
// one field of a parsed notification without exceptions, and the validation
// rules shared by messages and statuses. Every reader checks the JSON kind
// before touching the value, so no nlohmann accessor can throw. Pure.
#pragma once

#include "adapters/whatsapp/webhook_parser.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::adapters::whatsapp::detail {

using nlohmann::json;

// The member `key` of `object` when `object` is an object holding it with that
// kind; nullptr when absent, null, or of another kind.
const json* any_member(const json& object, const char* key);
const std::string* string_member(const json& object, const char* key);
const json* object_member(const json& object, const char* key);
const json* array_member(const json& object, const char* key);
// Present (and not null) but of another kind than wanted: a wrong field type.
bool present(const json& object, const char* key);

// At most `max` bytes of `s`, cut back to a UTF-8 character boundary.
std::string capped(std::string_view s, std::size_t max, bool* truncated = nullptr);
// A string member capped at max_short_text_bytes; empty when absent or not a string.
std::string short_text(const json& object, const char* key);

// 1..max_wamid_bytes printable ASCII (0x21..0x7E).
bool is_wamid(std::string_view s) noexcept;
// 1..max_wa_id_digits ASCII digits.
bool is_wa_id(std::string_view s) noexcept;
// A JSON string of 1..18 digits (Meta's form) or a non-negative integer.
std::optional<std::int64_t> read_timestamp(const json& object, const char* key);
// The `errors` array of `object`; malformed entries skipped, at most 16 kept.
std::vector<WaError> read_errors(const json& object);

// Fills a message from one messages[] element that has a valid wamid; the
// caller sets phone_number_id and the sender's contact.
InboundMessage read_message(const json& element, std::string wamid);

}  // namespace tanggap::adapters::whatsapp::detail
