// bots/dialogue_lookup.cpp — the answers that change nothing: the status of
// the citizen's own cases, a service's requirements, procedure, duration and
// cost from the catalog; and the hand-over to a human officer.
#include "bots/conversation.h"

#include "events/domain/case_id.h"

#include <string>

namespace tanggap::bots {

namespace {

std::string status_label(const Conversation& c, domain::CaseStatus s) {
  return c.text("status." + std::string(domain::status_name(s)));
}

void say_one(Conversation& c, const CaseSummary& s) {
  std::string text = c.text("status.one", {{"case_id", s.case_id},
                                           {"service", service_name(c.ctx, c.state().language, s.service)},
                                           {"status", status_label(c, s.status)},
                                           {"updated", spoken_date(c, s.updated_at)}});
  if (s.step > 0 && s.step_total > 0)
    text += "\n" + c.text("status.step", {{"step", std::to_string(s.step)},
                                          {"total", std::to_string(s.step_total)},
                                          {"name", s.step_name}});
  if (s.resolution_due && is_open(s.status))
    text += "\n" + c.text("status.due", {{"date", spoken_date(c, *s.resolution_due)}});
  c.say(std::move(text));
}

std::string duration(const Conversation& c, const domain::Duration& d) {
  return c.text("unit." + std::string(domain::unit_name(d.unit)), {{"amount", std::to_string(d.amount)}});
}

}  // namespace

void show_status(Conversation& c, const std::optional<domain::CaseId>& id) {
  auto cases = c.ctx.cases->cases_of(c.ctx.citizen);
  if (!cases) return c.say(c.text("status.unavailable"));
  if (id) {
    // Only this citizen's cases are searched: another's id reads as unknown.
    const std::string wanted = domain::format_case_id(*id);
    for (const CaseSummary& s : *cases)
      if (s.case_id == wanted) return say_one(c, s);
    return c.say(c.text("status.not_found", {{"case_id", wanted}}));
  }
  if (cases->empty()) return c.say(c.text("status.no_cases"));
  if (cases->size() == 1) return say_one(c, cases->front());
  std::string text = c.text("status.all_header", {{"count", std::to_string(cases->size())}});
  std::size_t listed = 0;
  for (const CaseSummary& s : *cases) {
    if (++listed > max_list_rows) break;  // the newest ten; the web page has the rest
    text += "\n" + c.text("status.all_line", {{"case_id", s.case_id},
                                              {"service", service_name(c.ctx, c.state().language, s.service)},
                                              {"status", status_label(c, s.status)},
                                              {"updated", spoken_date(c, s.updated_at)}});
  }
  c.say(std::move(text));
}

void start_info(Conversation& c, std::string_view text) {
  if (const domain::Service* s = service_named(c.ctx, text)) return show_service_info(c, *s);
  c.state().step = Step::choosing_info;
  c.state().service_page = 0;
  offer_services(c, "info.choose");
}

void show_service_info(Conversation& c, const domain::Service& s) {
  const std::string name = service_name(c.ctx, c.state().language, s.type);
  if (s.requirements.empty()) {
    c.say(c.text("info.no_requirements", {{"service", name}}));
  } else {
    std::string list;
    for (const std::string& r : s.requirements) list += "\n\u2022 " + r;
    c.say(c.text("info.requirements", {{"service", name}, {"list", list}}));
  }
  if (!s.steps.empty()) {
    std::string list;
    std::size_t n = 0;
    for (const domain::ProcedureStep& step : s.steps) list += "\n" + std::to_string(++n) + ". " + step.name;
    c.say(c.text("info.procedure", {{"list", list}}));
  }
  std::string text = c.text("info.duration", {{"target", duration(c, s.resolution.target)},
                                               {"limit", duration(c, s.resolution.limit)}});
  if (!s.cost.empty()) text += "\n" + c.text("info.cost", {{"cost", s.cost}});
  c.say(std::move(text));
}

void hand_over(Conversation& c, std::string_view text) {
  const auto id = open_case(c);
  c.effect(RequestOfficer{id.value_or(""), std::string(text)});
  if (id) c.say(c.text("human.requested_case", {{"case_id", *id}}));
  else c.say(c.text("human.requested"));
}

}  // namespace tanggap::bots
