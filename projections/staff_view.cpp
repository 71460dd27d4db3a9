#include "projections/staff_view.h"

#include "events/bytes.h"
#include "events/domain/staff_decider.h"
#include "events/sha256.h"
#include "events/staff_event_json.h"

#include <fmt/format.h>

#include <unordered_map>

namespace tanggap::projections {

namespace {

constexpr std::string_view name_prefix = "st/n/";
constexpr std::string_view token_prefix = "st/t/";
constexpr std::string_view staff_stream_prefix = "staff-";

// row := format:u8 (=1) role:u8 disabled:u8 str(name) str(unit) str(token_hash)
std::string encode(const StaffRow& row) {
  std::string out;
  events::ByteWriter w(out);
  w.u8(1);
  w.u8(static_cast<std::uint8_t>(row.role));
  w.u8(row.disabled ? 1 : 0);
  w.str(row.name);
  w.str(row.unit);
  w.str(row.token_hash);
  return out;
}

Result<StaffRow> decode(std::string_view bytes) {
  StaffRow row;
  events::ByteReader r(bytes);
  std::uint8_t format = 0, role = 0, disabled = 0;
  const bool ok = r.u8(format) && format == 1 && r.u8(role) && role <= static_cast<std::uint8_t>(domain::Role::admin) &&
                  r.u8(disabled) && r.str(row.name) && r.str(row.unit) && r.str(row.token_hash) && r.remaining() == 0;
  if (!ok) return fail(Errc::storage_failed, "a staff row is damaged; run `tanggap rebuild`");
  row.role = static_cast<domain::Role>(role);
  row.disabled = disabled != 0;
  return row;
}

}  // namespace

Result<std::optional<StaffRow>> find_staff(const events::EventStore& store, std::string_view name) {
  auto bytes = store.get_view(fmt::format("{}{}", name_prefix, name));
  if (!bytes) return bytes.error();
  if (!*bytes) return std::optional<StaffRow>{};
  auto row = decode(**bytes);
  if (!row) return row.error();
  return std::optional<StaffRow>{std::move(*row)};
}

Result<std::optional<StaffRow>> find_staff_by_token(const events::EventStore& store, std::string_view token_hash) {
  auto name = store.get_view(fmt::format("{}{}", token_prefix, token_hash));
  if (!name) return name.error();
  if (!*name) return std::optional<StaffRow>{};
  auto row = find_staff(store, **name);
  if (!row) return row.error();
  // The index says this hash; the row must say it too (a rotation in flight),
  // compared without timing hints.
  if (!*row || (*row)->disabled || !events::equal_constant_time((*row)->token_hash, token_hash))
    return std::optional<StaffRow>{};
  return row;
}

Result<void> StaffProjection::apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) {
  struct Dirty {
    std::string persisted_token;  // the token key to erase if it changed
    domain::StaffState state;
  };
  std::unordered_map<std::string, Dirty> accounts;
  for (const auto& e : events) {
    if (!std::string_view(e.stream).starts_with(staff_stream_prefix)) continue;
    auto decoded = events::decode_staff_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    const std::string name = e.stream.substr(staff_stream_prefix.size());
    auto it = accounts.find(name);
    if (it == accounts.end()) {
      Dirty dirty;
      dirty.state = domain::StaffDecider::initial_state();
      if (e.version > 0) {
        auto row = find_staff(store_, name);
        if (!row) return row.error();
        if (*row) {
          dirty.persisted_token = (*row)->token_hash;
          dirty.state.exists = true;
          dirty.state.name = (*row)->name;
          dirty.state.role = (*row)->role;
          dirty.state.unit = (*row)->unit;
          dirty.state.token_hash = (*row)->token_hash;
          dirty.state.disabled = (*row)->disabled;
          dirty.state.events = e.version;
        }
      }
      it = accounts.emplace(name, std::move(dirty)).first;
    }
    it->second.state = domain::StaffDecider::evolve(std::move(it->second.state), *decoded);
  }
  for (const auto& [name, dirty] : accounts) {
    const auto& s = dirty.state;
    if (!dirty.persisted_token.empty() && dirty.persisted_token != s.token_hash)
      batch.erase(fmt::format("{}{}", token_prefix, dirty.persisted_token));
    if (s.disabled) batch.erase(fmt::format("{}{}", token_prefix, s.token_hash));
    else batch.put(fmt::format("{}{}", token_prefix, s.token_hash), name);
    batch.put(fmt::format("{}{}", name_prefix, name), encode(StaffRow{s.name, s.role, s.unit, s.token_hash, s.disabled}));
  }
  return {};
}

}  // namespace tanggap::projections
