#include "events/domain/staff_decider.h"
#include "events/domain/overloaded.h"

#include <fmt/format.h>

namespace tanggap::domain {

namespace {

using Events = std::vector<StaffEvent>;

constexpr std::size_t max_name_length = 64;
constexpr std::size_t token_hash_length = 64;

// What every command but CreateStaff needs: an account that exists and is enabled.
Result<void> check_active(const StaffState& s) {
  if (!s.exists) return fail(Errc::not_found, "no such staff account");
  if (s.disabled)
    return fail(Errc::illegal_transition,
                fmt::format("the staff account {} is disabled", s.name));
  return {};
}

}  // namespace

Result<void> check_staff_name(std::string_view name) {
  if (name.empty() || name.size() > max_name_length)
    return fail(Errc::invalid_field,
                fmt::format("a staff name has 1 to {} characters", max_name_length), "name");
  if (name[0] < 'a' || name[0] > 'z')
    return fail(Errc::invalid_field, "a staff name starts with a lowercase letter", "name");
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                    c == '-';
    if (!ok)
      return fail(Errc::invalid_field,
                  "a staff name has only lowercase letters, digits, dots, underscores and dashes",
                  "name");
  }
  return {};
}

Result<void> check_token_hash(std::string_view hash) {
  bool ok = hash.size() == token_hash_length;
  for (const char c : hash) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok)
    return fail(Errc::invalid_field, "a token hash is 64 lowercase hex digits (SHA-256)",
                "token_hash");
  return {};
}

StaffState StaffDecider::initial_state() { return StaffState{}; }

Result<std::vector<StaffEvent>> StaffDecider::decide(const Command& command, const State& s,
                                                     const Context& ctx) {
  return std::visit(
      overloaded{
          [&](const CreateStaff& c) -> Result<Events> {
            // Checked before the name: a stream that exists answers "duplicate"
            // even to a differently spelled request, and a disabled name is never reused.
            if (s.exists)
              return fail(Errc::duplicate, fmt::format("a staff account named {} exists", s.name));
            if (auto r = check_staff_name(c.name); !r) return r.error();
            if (auto r = check_token_hash(c.token_hash); !r) return r.error();
            return Events{StaffAccountCreated{c.name, c.role, c.unit, c.token_hash, ctx.now}};
          },
          [&](const ChangeRole& c) -> Result<Events> {
            if (auto r = check_active(s); !r) return r.error();
            if (c.role == s.role) return Events{};  // already so: write nothing
            if (ctx.actor.id == s.name)
              return fail(Errc::forbidden, "staff cannot change their own role");
            return Events{StaffRoleChanged{s.role, c.role, ctx.now}};
          },
          [&](const RotateToken& c) -> Result<Events> {
            if (auto r = check_active(s); !r) return r.error();
            if (auto r = check_token_hash(c.token_hash); !r) return r.error();
            if (c.token_hash == s.token_hash) return Events{};  // a retried rotation
            return Events{StaffTokenRotated{c.token_hash, ctx.now}};
          },
          [&](const DisableStaff& c) -> Result<Events> {
            if (auto r = check_active(s); !r) return r.error();
            if (ctx.actor.id == s.name)
              return fail(Errc::forbidden, "staff cannot disable their own account");
            return Events{StaffAccountDisabled{c.reason, ctx.now}};
          },
      },
      command);
}

StaffState StaffDecider::evolve(State s, const Event& event) {
  std::visit(overloaded{
                 [&](const StaffAccountCreated& e) {
                   s.exists = true;
                   s.name = e.name;
                   s.role = e.role;
                   s.unit = e.unit;
                   s.token_hash = e.token_hash;
                 },
                 [&](const StaffRoleChanged& e) { s.role = e.to; },
                 [&](const StaffTokenRotated& e) { s.token_hash = e.token_hash; },
                 [&](const StaffAccountDisabled&) { s.disabled = true; },
             },
             event);
  ++s.events;
  return s;
}

bool StaffDecider::is_terminal(const State& s) { return s.disabled; }

}  // namespace tanggap::domain
