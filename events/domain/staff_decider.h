// events/domain/staff_decider.h — the rules of one staff account. Pure: time
// and actor come in through Context (case_types.h), so every rule is tested
// with plain values. Like CaseDecider, a refused command is an Error and a
// command asking for what already holds returns an empty list.
#pragma once

#include "events/domain/case_types.h"
#include "events/domain/error.h"
#include "events/domain/staff_types.h"

#include <string_view>
#include <vector>

namespace tanggap::domain {

struct StaffDecider {
  using Command = StaffCommand;
  using Event = StaffEvent;
  using State = StaffState;

  static State initial_state();
  // Refusals: a bad name or token hash → invalid_field ("name", "token_hash");
  // creating an existing account → duplicate; any command to an account that
  // does not exist → not_found; any command to a disabled account →
  // illegal_transition; changing one's own role or disabling oneself →
  // forbidden (the last admin must not lock everyone out).
  static Result<std::vector<Event>> decide(const Command& command, const State& state,
                                           const Context& ctx);
  static State evolve(State state, const Event& event);
  // A disabled account is terminal: its name is never reused either.
  static bool is_terminal(const State& state);
};

// Checks a staff name: 1–64 characters of [a-z0-9._-], starting with a letter
// (it becomes part of a stream name and of log lines). Field "name".
Result<void> check_staff_name(std::string_view name);

// Checks a token hash: 64 lowercase hex digits. Field "token_hash".
Result<void> check_token_hash(std::string_view hash);

}  // namespace tanggap::domain
