// events/domain/case_decider.h — the rules of one case. Pure: time, actor and
// catalog come in through Context, so every rule is tested with plain values.
// decide() refuses an illegal command with an Error (the API answers 422) and
// returns an empty list when the command asks for what already holds.
#pragma once

#include "events/domain/case_types.h"

#include <vector>

namespace tanggap::domain {

struct CaseDecider {
  using Command = CaseCommand;
  using Event = CaseEvent;
  using State = CaseState;

  static State initial_state();
  static Result<std::vector<Event>> decide(const Command& command, const State& state,
                                           const Context& ctx);
  static State evolve(State state, const Event& event);
  // A terminal case accepts no command but `note` (internal notes stay possible for the audit).
  static bool is_terminal(const State& state);
};

// The invariants every reachable state keeps; the property test checks them
// after each step. Returns the broken one's description, or empty.
std::string broken_invariant(const CaseState& state);

// Folds events from the initial state.
CaseState fold(const std::vector<CaseEvent>& events);

}  // namespace tanggap::domain
