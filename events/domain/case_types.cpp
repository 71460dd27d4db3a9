// The wire names of the case vocabulary. Each name is stored in the log and
// sent over the API, so a name, once released, never changes.
#include "events/domain/case_types.h"
#include "events/domain/overloaded.h"

#include <array>

namespace tanggap::domain {
namespace {

// The inverse of a name function: enums are small and dense, so a scan over
// every value keeps the two directions from drifting apart.
template <class Enum, std::size_t N>
std::optional<Enum> parse_by_name(std::string_view name, const std::array<Enum, N>& all,
                                  std::string_view (*name_of)(Enum) noexcept) noexcept {
  for (const Enum value : all)
    if (name_of(value) == name) return value;
  return std::nullopt;
}

constexpr std::array all_channels{Channel::web,     Channel::whatsapp, Channel::telegram,
                                  Channel::email,   Channel::walk_in,  Channel::phone,
                                  Channel::lapor};
constexpr std::array all_statuses{CaseStatus::none,     CaseStatus::received,
                                  CaseStatus::in_progress, CaseStatus::waiting_for_citizen,
                                  CaseStatus::resolved, CaseStatus::closed,
                                  CaseStatus::rejected};
constexpr std::array all_outcomes{Outcome::granted, Outcome::partly_granted, Outcome::rejected};

}  // namespace

std::string_view channel_name(Channel c) noexcept {
  switch (c) {
    case Channel::web: return "web";
    case Channel::whatsapp: return "whatsapp";
    case Channel::telegram: return "telegram";
    case Channel::email: return "email";
    case Channel::walk_in: return "walk_in";
    case Channel::phone: return "phone";
    case Channel::lapor: return "lapor";
  }
  return "unknown";
}

std::optional<Channel> parse_channel(std::string_view name) noexcept {
  return parse_by_name(name, all_channels, &channel_name);
}

std::string_view status_name(CaseStatus s) noexcept {
  switch (s) {
    case CaseStatus::none: return "none";
    case CaseStatus::received: return "received";
    case CaseStatus::in_progress: return "in_progress";
    case CaseStatus::waiting_for_citizen: return "waiting_for_citizen";
    case CaseStatus::resolved: return "resolved";
    case CaseStatus::closed: return "closed";
    case CaseStatus::rejected: return "rejected";
  }
  return "unknown";
}

std::optional<CaseStatus> parse_status(std::string_view name) noexcept {
  return parse_by_name(name, all_statuses, &status_name);
}

std::string_view outcome_name(Outcome o) noexcept {
  switch (o) {
    case Outcome::granted: return "granted";
    case Outcome::partly_granted: return "partly_granted";
    case Outcome::rejected: return "rejected";
  }
  return "unknown";
}

std::optional<Outcome> parse_outcome(std::string_view name) noexcept {
  return parse_by_name(name, all_outcomes, &outcome_name);
}

// One lambda per alternative and no generic one: a new event or command fails
// to compile here until it has a name.
std::string_view event_type_name(const CaseEvent& e) noexcept {
  return std::visit(
      overloaded{
          [](const CaseSubmitted&) { return std::string_view{"CaseSubmitted"}; },
          [](const CaseAssigned&) { return std::string_view{"CaseAssigned"}; },
          [](const OfficerReplied&) { return std::string_view{"OfficerReplied"}; },
          [](const NoteAdded&) { return std::string_view{"NoteAdded"}; },
          [](const StepAdvanced&) { return std::string_view{"StepAdvanced"}; },
          [](const CitizenWaitStarted&) { return std::string_view{"CitizenWaitStarted"}; },
          [](const CitizenWaitEnded&) { return std::string_view{"CitizenWaitEnded"}; },
          [](const CaseEscalated&) { return std::string_view{"CaseEscalated"}; },
          [](const CaseResolved&) { return std::string_view{"CaseResolved"}; },
          [](const CaseClosed&) { return std::string_view{"CaseClosed"}; },
          [](const CaseReopened&) { return std::string_view{"CaseReopened"}; },
          [](const CaseRejected&) { return std::string_view{"CaseRejected"}; },
          [](const CaseReclassified&) { return std::string_view{"CaseReclassified"}; },
          [](const DeadlineExtended&) { return std::string_view{"DeadlineExtended"}; },
          [](const ObjectionFiled&) { return std::string_view{"ObjectionFiled"}; },
          [](const SlaWarning&) { return std::string_view{"SlaWarning"}; },
          [](const SlaBreached&) { return std::string_view{"SlaBreached"}; },
      },
      e);
}

std::string_view command_type_name(const CaseCommand& c) noexcept {
  return std::visit(overloaded{
                        [](const Submit&) { return std::string_view{"submit"}; },
                        [](const Assign&) { return std::string_view{"assign"}; },
                        [](const Reply&) { return std::string_view{"reply"}; },
                        [](const Note&) { return std::string_view{"note"}; },
                        [](const Advance&) { return std::string_view{"advance"}; },
                        [](const WaitForCitizen&) { return std::string_view{"wait_for_citizen"}; },
                        [](const Resume&) { return std::string_view{"resume"}; },
                        [](const Escalate&) { return std::string_view{"escalate"}; },
                        [](const Resolve&) { return std::string_view{"resolve"}; },
                        [](const Close&) { return std::string_view{"close"}; },
                        [](const Reopen&) { return std::string_view{"reopen"}; },
                        [](const Reject&) { return std::string_view{"reject"}; },
                        [](const Reclassify&) { return std::string_view{"reclassify"}; },
                        [](const Extend&) { return std::string_view{"extend"}; },
                        [](const Object&) { return std::string_view{"object"}; },
                        [](const CheckSla&) { return std::string_view{"check_sla"}; },
                    },
                    c);
}

}  // namespace tanggap::domain
