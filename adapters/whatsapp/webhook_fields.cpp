#include "adapters/whatsapp/webhook_fields.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace tanggap::adapters::whatsapp::detail {

namespace {
constexpr std::size_t max_errors = 16;
constexpr std::size_t max_timestamp_digits = 18;  // below INT64_MAX, so no overflow
}  // namespace

const json* any_member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

const std::string* string_member(const json& object, const char* key) {
  const json* m = any_member(object, key);
  return m != nullptr && m->is_string() ? m->get_ptr<const std::string*>() : nullptr;
}

const json* object_member(const json& object, const char* key) {
  const json* m = any_member(object, key);
  return m != nullptr && m->is_object() ? m : nullptr;
}

const json* array_member(const json& object, const char* key) {
  const json* m = any_member(object, key);
  return m != nullptr && m->is_array() ? m : nullptr;
}

bool present(const json& object, const char* key) { return any_member(object, key) != nullptr; }

std::string capped(std::string_view s, std::size_t max, bool* truncated) {
  if (s.size() <= max) return std::string(s);
  if (truncated != nullptr) *truncated = true;
  std::size_t end = max;
  // Back off over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0U) == 0x80U) --end;
  return std::string(s.substr(0, end));
}

std::string short_text(const json& object, const char* key) {
  const std::string* s = string_member(object, key);
  return s != nullptr ? capped(*s, max_short_text_bytes) : std::string();
}

bool is_wamid(std::string_view s) noexcept {
  if (s.empty() || s.size() > max_wamid_bytes) return false;
  for (const char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

bool is_wa_id(std::string_view s) noexcept {
  if (s.empty() || s.size() > max_wa_id_digits) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<std::int64_t> read_timestamp(const json& object, const char* key) {
  const json* m = any_member(object, key);
  if (m == nullptr) return std::nullopt;
  if (m->is_number_unsigned()) {
    const auto v = m->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (!m->is_string()) return std::nullopt;
  const auto& s = m->get_ref<const std::string&>();
  if (s.empty() || s.size() > max_timestamp_digits) return std::nullopt;
  std::int64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::vector<WaError> read_errors(const json& object) {
  std::vector<WaError> out;
  const json* errors = array_member(object, "errors");
  if (errors == nullptr) return out;
  for (const auto& e : *errors) {
    if (out.size() == max_errors) break;
    const json* code = any_member(e, "code");
    if (code == nullptr || !code->is_number_integer()) continue;  // no code, nothing to act on
    if (code->is_number_unsigned() &&
        code->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      continue;
    WaError error;
    error.code = code->get<std::int64_t>();
    error.title = short_text(e, "title");
    if (const json* data = object_member(e, "error_data")) error.details = short_text(*data, "details");
    if (error.details.empty()) error.details = short_text(e, "message");
    out.push_back(std::move(error));
  }
  return out;
}

}  // namespace tanggap::adapters::whatsapp::detail
