// server/command_json.h — case commands from their JSON wire form:
// {"type": "assign", "expected_version": 3, "unit": "...", "officer": "..."}.
// Unknown types and unknown keys are refused, naming them.
#pragma once

#include "events/domain/case_types.h"
#include "events/event.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>

namespace tanggap::server {

struct ParsedCommand {
  domain::CaseCommand command;
  std::optional<events::Version> expected_version;
};

Result<ParsedCommand> parse_command(const nlohmann::json& body);

}  // namespace tanggap::server
