#include "server/command_json.h"

#include "server/json_body.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <initializer_list>

namespace tanggap::server {

using nlohmann::json;

namespace {

// type and expected_version belong to every command.
Result<void> only_keys(const json& body, std::initializer_list<std::string_view> keys) {
  std::vector<std::string_view> all{"type", "expected_version"};
  all.insert(all.end(), keys.begin(), keys.end());
  return only_known_keys(body, all, "", "this command");
}

}  // namespace

Result<ParsedCommand> parse_command(const json& body) {
  auto type = string_field(body, "type", "type");
  if (!type) return type.error();
  auto version = unsigned_field(body, "expected_version", "expected_version");
  if (!version) return version.error();
  ParsedCommand out;
  out.expected_version = *version;

  auto text = [&](const char* key) { return string_field(body, key, key); };
  auto with = [&](std::initializer_list<std::string_view> keys, auto make) -> Result<ParsedCommand> {
    auto ok = only_keys(body, keys);
    if (!ok) return ok.error();
    auto command = make();
    if (!command) return command.error();
    out.command = std::move(*command);
    return out;
  };
  using domain::CaseCommand;
  auto reasoned = [&](auto tag) {
    return [&, tag]() -> Result<CaseCommand> {
      auto reason = text("reason");
      if (!reason) return reason.error();
      using T = decltype(tag);
      return CaseCommand{T{std::move(*reason)}};
    };
  };
  const std::string& t = *type;
  if (t == "assign")
    return with({"unit", "officer"}, [&]() -> Result<CaseCommand> {
      auto unit = text("unit");
      if (!unit) return unit.error();
      auto officer = text("officer");
      if (!officer) return officer.error();
      return CaseCommand{domain::Assign{std::move(*unit), std::move(*officer)}};
    });
  if (t == "reply" || t == "note")
    return with({"text"}, [&]() -> Result<CaseCommand> {
      auto value = text("text");
      if (!value) return value.error();
      if (t == "reply") return CaseCommand{domain::Reply{std::move(*value)}};
      return CaseCommand{domain::Note{std::move(*value)}};
    });
  if (t == "advance")
    return with({"step"}, [&]() -> Result<CaseCommand> {
      auto step = unsigned_field(body, "step", "step");
      if (!step) return step.error();
      if (!*step || **step > 1000) return fail(Errc::invalid_field, "step must be a step number of the service", "step");
      return CaseCommand{domain::Advance{static_cast<std::uint32_t>(**step)}};
    });
  if (t == "wait_for_citizen") return with({"reason"}, reasoned(domain::WaitForCitizen{}));
  if (t == "resume") return with({}, [] { return Result<CaseCommand>{CaseCommand{domain::Resume{}}}; });
  if (t == "escalate") return with({"reason"}, reasoned(domain::Escalate{}));
  if (t == "resolve")
    return with({"resolution", "outcome", "exemption"}, [&]() -> Result<CaseCommand> {
      auto resolution = text("resolution");
      if (!resolution) return resolution.error();
      auto outcome_text = text("outcome");
      if (!outcome_text) return outcome_text.error();
      auto exemption = text("exemption");
      if (!exemption) return exemption.error();
      domain::Resolve r{std::move(*resolution), std::nullopt, std::move(*exemption)};
      if (!outcome_text->empty()) {
        r.outcome = domain::parse_outcome(*outcome_text);
        if (!r.outcome)
          return fail(Errc::invalid_field, "outcome must be granted, partly_granted or rejected", "outcome");
      }
      return CaseCommand{std::move(r)};
    });
  if (t == "close") return with({}, [] { return Result<CaseCommand>{CaseCommand{domain::Close{}}}; });
  if (t == "reopen") return with({"reason"}, reasoned(domain::Reopen{}));
  if (t == "reject") return with({"reason"}, reasoned(domain::Reject{}));
  if (t == "reclassify")
    return with({"service"}, [&]() -> Result<CaseCommand> {
      auto service = text("service");
      if (!service) return service.error();
      return CaseCommand{domain::Reclassify{std::move(*service)}};
    });
  if (t == "extend") return with({"reason"}, reasoned(domain::Extend{}));
  if (t == "object") return with({"reason"}, reasoned(domain::Object{}));
  if (t.empty()) return fail(Errc::invalid_field, "a command needs a type", "type");
  return fail(Errc::invalid_field, fmt::format("'{}' is not a command type", t), "type");
}

}  // namespace tanggap::server
