// evolve(): what each recorded event makes true of a case, and the invariants
// that every state reached through decide() keeps. evolve() trusts its events
// (they were decided, or are history that must replay as it was): it refuses
// nothing and has no catch-all, so a new event type fails to compile here.
#include "events/domain/case_decider.h"
#include "events/domain/overloaded.h"
#include "events/domain/sla.h"

#include <fmt/format.h>

namespace tanggap::domain {
namespace {

void start_if_received(CaseState& s) {
  if (s.status == CaseStatus::received) s.status = CaseStatus::in_progress;
}

// Back to work after resolution: the earlier resolution and outcome no longer hold.
void back_in_progress(CaseState& s) {
  s.status = CaseStatus::in_progress;
  s.resolved_at.reset();
  s.outcome.reset();
}

Instant at_of(const CaseEvent& event) {
  return std::visit([](const auto& e) { return e.at; }, event);
}

}  // namespace

CaseState CaseDecider::initial_state() { return CaseState{}; }

bool CaseDecider::is_terminal(const CaseState& s) {
  return s.status == CaseStatus::rejected ||
         (s.status == CaseStatus::closed && s.reopen_count >= max_reopens);
}

CaseState CaseDecider::evolve(CaseState s, const CaseEvent& event) {
  std::visit(overloaded{
                 [&](const CaseSubmitted& e) {
                   s.status = CaseStatus::received;
                   s.case_id = e.case_id;
                   s.service = e.service;
                   s.office = e.office;
                   s.channel = e.channel;
                   s.privacy = e.privacy;
                   s.information_request = e.information_request;
                   s.step = 0;
                   s.step_total = e.step_total;
                   s.submitted_at = e.at;
                 },
                 [&](const CaseAssigned& e) {
                   s.unit = e.unit;
                   s.officer = e.officer;
                   start_if_received(s);
                 },
                 [&](const OfficerReplied&) { start_if_received(s); },
                 [&](const NoteAdded&) {},
                 [&](const StepAdvanced& e) {
                   s.step = e.step;
                   s.step_total = e.total;
                   start_if_received(s);
                 },
                 [&](const CitizenWaitStarted&) { s.status = CaseStatus::waiting_for_citizen; },
                 [&](const CitizenWaitEnded&) { s.status = CaseStatus::in_progress; },
                 [&](const CaseEscalated& e) { s.escalation_level = e.level; },
                 [&](const CaseResolved& e) {
                   s.status = CaseStatus::resolved;
                   s.resolved_at = e.at;
                   s.outcome = e.outcome;
                 },
                 [&](const CaseClosed&) { s.status = CaseStatus::closed; },
                 [&](const CaseReopened&) {
                   back_in_progress(s);
                   ++s.reopen_count;
                 },
                 [&](const CaseRejected&) { s.status = CaseStatus::rejected; },
                 [&](const CaseReclassified& e) {
                   s.service = e.to_service;
                   s.information_request = e.information_request;
                   s.step = 0;  // the new service's steps start over
                   s.step_total = e.step_total;
                 },
                 [&](const DeadlineExtended&) { s.extended = true; },
                 [&](const ObjectionFiled&) {
                   back_in_progress(s);
                   s.objection_filed = true;
                 },
                 [&](const SlaWarning&) {},
                 [&](const SlaBreached&) {},
             },
             event);
  // The citizen-visible events that stop the first-response clock are listed
  // once, in evolve_sla(); first_response_at is that clock's stop.
  s.sla = evolve_sla(std::move(s.sla), event);
  s.first_response_at = s.sla.run(SlaClock::first_response).stopped_at;
  // The monitor's records are not activity on the case: the queue's order and
  // the citizen's "updated" stay as they were.
  if (!std::holds_alternative<SlaWarning>(event) && !std::holds_alternative<SlaBreached>(event))
    s.updated_at = at_of(event);
  ++s.events;
  return s;
}

CaseState fold(const std::vector<CaseEvent>& events) {
  CaseState s = CaseDecider::initial_state();
  for (const CaseEvent& e : events) s = CaseDecider::evolve(std::move(s), e);
  return s;
}

std::string broken_invariant(const CaseState& s) {
  const bool exists = s.status != CaseStatus::none;
  const bool done = s.status == CaseStatus::resolved || s.status == CaseStatus::closed;
  if (exists != (s.events > 0)) return "status none if and only if no event was folded";
  if (!exists) {
    if (!(s == CaseState{})) return "a case with status none holds no data";
    return {};
  }
  if (s.case_id.empty() || s.service.empty() || s.office.empty())
    return "a case has a case id, a service and an office";
  if (!s.submitted_at || !s.updated_at) return "a case has submitted_at and updated_at";
  if (*s.updated_at < *s.submitted_at) return "updated_at is not before submitted_at";
  if (s.escalation_level > max_escalation_level)
    return fmt::format("escalation level {} exceeds {}", s.escalation_level, max_escalation_level);
  if (s.reopen_count > max_reopens)
    return fmt::format("reopened {} times, more than {}", s.reopen_count, max_reopens);
  if (s.step > s.step_total) return fmt::format("step {} beyond {}", s.step, s.step_total);
  if (s.resolved_at.has_value() != done) return "resolved_at is set exactly when resolved or closed";
  if (s.resolved_at && *s.resolved_at < *s.submitted_at)
    return "resolved_at is not before submitted_at";
  if (s.first_response_at && *s.first_response_at < *s.submitted_at)
    return "first_response_at is not before submitted_at";
  const bool answered = s.status == CaseStatus::waiting_for_citizen || done ||
                        s.status == CaseStatus::rejected;
  if (answered && !s.first_response_at)
    return "a case waiting, resolved, closed or rejected has had its first response";
  if (s.outcome && !s.information_request) return "only an information request has an outcome";
  if (s.outcome.has_value() != (s.information_request && done))
    return "an information request has an outcome exactly when resolved or closed";
  return {};
}

}  // namespace tanggap::domain
