// bots/dialogue_state.cpp — see dialogue_state.h. The step names are stored
// (server/dialogue_state_json.cpp): renaming one breaks saved dialogues.
#include "bots/dialogue_state.h"

#include <array>
#include <utility>

namespace tanggap::bots {

namespace {

constexpr std::array<std::pair<Step, std::string_view>, 10> step_names = {{
    {Step::idle, "idle"},
    {Step::choosing_service, "choosing_service"},
    {Step::describing, "describing"},
    {Step::locating, "locating"},
    {Step::naming, "naming"},
    {Step::confirming, "confirming"},
    {Step::filing, "filing"},
    {Step::choosing_info, "choosing_info"},
    {Step::answering_resolution, "answering_resolution"},
    {Step::giving_reopen_reason, "giving_reopen_reason"},
}};

}  // namespace

std::string_view step_name(Step step) noexcept {
  for (const auto& [s, name] : step_names)
    if (s == step) return name;
  return "idle";
}

bool Draft::operator==(const Draft& o) const {
  return service == o.service && office == o.office && description == o.description &&
         location.text == o.location.text && location.lat == o.location.lat && location.lon == o.location.lon &&
         name == o.name && anonymous == o.anonymous && media == o.media;
}

std::optional<Step> parse_step(std::string_view name) noexcept {
  for (const auto& [s, n] : step_names)
    if (n == name) return s;
  return std::nullopt;
}

}  // namespace tanggap::bots
