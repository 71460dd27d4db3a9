#include "events/staff_event_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

// data grammar (keys sorted on the wire):
//   StaffAccountCreated  {at, name, role, token_hash, unit}
//   StaffRoleChanged     {at, from, to}
//   StaffTokenRotated    {at, token_hash}
//   StaffAccountDisabled {at, reason}
// at: "YYYY-MM-DDTHH:MM:SS.mmmZ"; roles: role_name().

namespace tanggap::events {

namespace {

namespace d = tanggap::domain;
using json = nlohmann::json;

// Every staff event type is at schema 1; see case_event_json.cpp for how a
// type moves on.
constexpr std::uint32_t schema_v1 = 1;

std::string str(std::string_view s) { return std::string(s); }
std::string at(d::Instant t) { return d::format_instant(t); }

json to_json(const d::StaffAccountCreated& e) {
  return {{"name", e.name}, {"role", str(d::role_name(e.role))}, {"unit", e.unit},
          {"token_hash", e.token_hash}, {"at", at(e.at)}};
}
json to_json(const d::StaffRoleChanged& e) {
  return {{"from", str(d::role_name(e.from))}, {"to", str(d::role_name(e.to))}, {"at", at(e.at)}};
}
json to_json(const d::StaffTokenRotated& e) {
  return {{"token_hash", e.token_hash}, {"at", at(e.at)}};
}
json to_json(const d::StaffAccountDisabled& e) { return {{"reason", e.reason}, {"at", at(e.at)}}; }

// The staff codec's small subset of case_event_json.cpp's field reader: the
// first problem is kept and later reads return defaults.
class Fields {
 public:
  Fields(const json& object, std::string_view type) : j_(object), type_(type) {
    if (!j_.is_object()) problem("", "must be a JSON object");
  }
  std::string text(const char* key) {
    const json* v = get(key);
    if (v == nullptr) return {};
    if (!v->is_string()) {
      problem(key, "must be a string");
      return std::string{};
    }
    return v->get_ref<const std::string&>();
  }
  d::Role role(const char* key) {
    const std::string s = text(key);
    const auto r = d::parse_role(s);
    if (!r && ok()) problem(key, "is not a role");
    return r.value_or(d::Role::officer);
  }
  d::Instant instant(const char* key) {
    const std::string s = text(key);
    const auto t = d::parse_instant(s);
    if (!t && ok()) problem(key, "must be an ISO 8601 instant with a zone");
    return t.value_or(d::Instant{});
  }
  bool ok() const { return !error.has_value(); }
  std::optional<Error> error;

 private:
  const json* get(const char* key) {
    if (!ok()) return nullptr;
    const auto it = j_.find(key);
    if (it == j_.end()) {
      problem(key, "is missing");
      return nullptr;
    }
    return &*it;
  }
  void problem(std::string_view key, std::string_view what) {
    if (!ok()) return;
    error = fail(Errc::malformed,
                 fmt::format("{} data: {} {}", type_, key.empty() ? "data" : key, what),
                 std::string(key));
  }
  const json& j_;
  std::string_view type_;
};

template <class T>
using as = std::type_identity<T>;

d::StaffEvent read(Fields& f, as<d::StaffAccountCreated>) {
  return d::StaffAccountCreated{f.text("name"), f.role("role"), f.text("unit"),
                                f.text("token_hash"), f.instant("at")};
}
d::StaffEvent read(Fields& f, as<d::StaffRoleChanged>) {
  return d::StaffRoleChanged{f.role("from"), f.role("to"), f.instant("at")};
}
d::StaffEvent read(Fields& f, as<d::StaffTokenRotated>) {
  return d::StaffTokenRotated{f.text("token_hash"), f.instant("at")};
}
d::StaffEvent read(Fields& f, as<d::StaffAccountDisabled>) {
  return d::StaffAccountDisabled{f.text("reason"), f.instant("at")};
}

// One entry per StaffEvent alternative, named by domain::staff_event_type_name
// so the wire names have one source. A missing read() overload fails to compile.
struct Entry {
  std::string_view type;
  std::uint32_t schema;
  d::StaffEvent (*read)(Fields&);
};
template <class T>
d::StaffEvent read_as(Fields& f) {
  return read(f, as<T>{});
}
template <std::size_t... I>
std::array<Entry, sizeof...(I)> make_table(std::index_sequence<I...>) {
  return {Entry{d::staff_event_type_name(d::StaffEvent{std::in_place_index<I>}), schema_v1,
                &read_as<std::variant_alternative_t<I, d::StaffEvent>>}...};
}
const Entry* find_entry(std::string_view type) {
  static const auto table =
      make_table(std::make_index_sequence<std::variant_size_v<d::StaffEvent>>{});
  for (const Entry& e : table)
    if (e.type == type) return &e;
  return nullptr;
}

}  // namespace

EncodedEvent encode_staff_event(const domain::StaffEvent& event) {
  const json j = std::visit([](const auto& e) { return to_json(e); }, event);
  return EncodedEvent{std::string(d::staff_event_type_name(event)), schema_v1,
                      j.dump(-1, ' ', false, json::error_handler_t::replace)};
}

Result<domain::StaffEvent> decode_staff_event(std::string_view type, std::uint32_t schema,
                                              std::string_view data) {
  try {
    const Entry* entry = find_entry(type);
    // The type is not echoed: it may be anything a caller passed.
    if (entry == nullptr) return fail(Errc::malformed, "not a staff event type");
    const auto text = upcast(entry->type, schema, entry->schema, data);
    if (!text) return text.error();
    const json j = json::parse(text->begin(), text->end(), nullptr, false);
    if (j.is_discarded()) return fail(Errc::malformed, fmt::format("{} data is not JSON", entry->type));
    Fields fields(j, entry->type);
    d::StaffEvent event = entry->read(fields);
    if (fields.error) return std::move(*fields.error);
    return event;
  } catch (const std::exception& e) {
    // Nothing above should throw but allocation; a log reader must get an answer anyway.
    return fail(Errc::malformed, fmt::format("staff event cannot be decoded: {}", e.what()));
  }
}

bool is_staff_event_type(std::string_view type) noexcept { return find_entry(type) != nullptr; }

std::uint32_t staff_event_schema(std::string_view type) noexcept {
  const Entry* entry = find_entry(type);
  return entry == nullptr ? 0 : entry->schema;
}

}  // namespace tanggap::events
