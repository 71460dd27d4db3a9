// events/domain/staff_types.h — staff accounts as events.
// An account is a stream "staff-<name>" folded like a case, so that who was
// given which role, and when a token was rotated or an account disabled, is in
// the same hash-chained log as the cases (CONTRACT.md §5). Only the SHA-256 of
// a token is ever stored; the token itself is printed once (CONTRACT.md §1).
// Plain values; callable from any thread.
#pragma once

#include "events/domain/time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace tanggap::domain {

// The staff roles of CONTRACT.md §3.2; the names are the wire and CLI names.
enum class Role : std::uint8_t { officer, supervisor, ppid, admin };

constexpr std::string_view role_name(Role r) noexcept {
  switch (r) {
    case Role::officer: return "officer";
    case Role::supervisor: return "supervisor";
    case Role::ppid: return "ppid";
    case Role::admin: return "admin";
  }
  return "unknown";  // only for a value cast from outside the enum
}

constexpr std::optional<Role> parse_role(std::string_view name) noexcept {
  for (const Role r : {Role::officer, Role::supervisor, Role::ppid, Role::admin})
    if (role_name(r) == name) return r;
  return std::nullopt;
}

// The stream of one account: "staff-siti".
inline std::string staff_stream(std::string_view name) {
  return "staff-" + std::string(name);
}

// ---- commands ------------------------------------------------------------

struct CreateStaff {
  std::string name;        // 1–64 of [a-z0-9._-], starting with a letter
  Role role = Role::officer;
  std::string unit;        // may be empty: not tied to one unit
  std::string token_hash;  // 64 lowercase hex: SHA-256 of the token
};
struct ChangeRole { Role role = Role::officer; };
struct RotateToken { std::string token_hash; };
struct DisableStaff { std::string reason; };

using StaffCommand = std::variant<CreateStaff, ChangeRole, RotateToken, DisableStaff>;

// ---- events --------------------------------------------------------------

struct StaffAccountCreated {
  std::string name;
  Role role = Role::officer;
  std::string unit;
  std::string token_hash;
  Instant at;
};
struct StaffRoleChanged { Role from = Role::officer; Role to = Role::officer; Instant at; };
struct StaffTokenRotated { std::string token_hash; Instant at; };
struct StaffAccountDisabled { std::string reason; Instant at; };

using StaffEvent =
    std::variant<StaffAccountCreated, StaffRoleChanged, StaffTokenRotated, StaffAccountDisabled>;

// The wire `type` of an event: its struct's name. One overload per
// alternative and no generic one, so a new event fails to compile until named.
inline std::string_view staff_event_type_name(const StaffEvent& e) noexcept {
  struct Name {
    std::string_view operator()(const StaffAccountCreated&) const { return "StaffAccountCreated"; }
    std::string_view operator()(const StaffRoleChanged&) const { return "StaffRoleChanged"; }
    std::string_view operator()(const StaffTokenRotated&) const { return "StaffTokenRotated"; }
    std::string_view operator()(const StaffAccountDisabled&) const {
      return "StaffAccountDisabled";
    }
  };
  return std::visit(Name{}, e);
}

// ---- state ---------------------------------------------------------------

struct StaffState {
  bool exists = false;
  std::string name;
  Role role = Role::officer;
  std::string unit;
  std::string token_hash;
  bool disabled = false;     // terminal: a disabled account accepts no command
  std::uint64_t events = 0;  // events folded so far: the stream's next version
};

}  // namespace tanggap::domain
