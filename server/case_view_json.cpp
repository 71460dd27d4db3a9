#include "server/case_view_json.h"

#include "events/case_event_json.h"
#include "events/domain/case_decider.h"
#include "events/domain/case_id.h"
#include "events/domain/nik.h"
#include "server/json_body.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

std::int32_t office_offset(const d::Catalog& catalog, std::string_view office) {
  const auto* o = catalog.office(office);
  return o ? d::utc_offset_minutes(o->time_zone).value_or(7 * 60) : 7 * 60;
}

namespace {

json when(const std::optional<d::Instant>& t, std::int32_t offset) {
  if (!t) return nullptr;
  return d::format_instant(*t, offset);
}

json duration_json(const d::Duration& x) { return {{"amount", x.amount}, {"unit", d::unit_name(x.unit)}}; }

std::vector<d::ClockSchedule> schedule_of(const d::CaseState& s, const ViewRules& rules) {
  if (s.status == d::CaseStatus::none) return {};
  auto schedule = d::compute_schedule(s.sla, rules.catalog, rules.calendars, rules.now);
  return schedule ? std::move(*schedule) : std::vector<d::ClockSchedule>{};
}

const d::ClockSchedule* find_clock(const std::vector<d::ClockSchedule>& schedule, d::SlaClock clock) {
  for (const auto& c : schedule)
    if (c.clock == clock) return &c;
  return nullptr;
}

json due_of(const std::vector<d::ClockSchedule>& schedule, d::SlaClock clock, std::int32_t offset) {
  const auto* c = find_clock(schedule, clock);
  return c ? when(c->due, offset) : json(nullptr);
}

json clock_json(const d::ClockSchedule& c, d::Instant now, std::int32_t offset) {
  json time_left = nullptr;  // wall time to the limit; while paused, the clock time still unspent
  if (c.state == d::ClockState::running && c.due) time_left = (*c.due - now).count();
  if (c.state == d::ClockState::paused) time_left = c.due ? (*c.due - now).count() : c.budget_ms - c.used_ms;
  return {{"clock", d::sla_clock_name(c.clock)},
          {"state", d::clock_state_name(c.state)},
          {"target", duration_json(c.target)},
          {"limit", duration_json(c.limit)},
          {"started_at", when(c.started_at, offset)},
          {"stopped_at", when(c.stopped_at, offset)},
          {"target_due", when(c.target_due, offset)},
          {"due", when(c.due, offset)},
          {"warn_at", when(c.warn_at, offset)},
          {"time_left_ms", std::move(time_left)},
          {"paused_ms", c.paused_ms},
          {"warned", c.warned},
          {"breached", c.breached},
          {"overdue", c.overdue(now)}};
}

json step_json(const d::CaseState& s, std::string_view name) {
  return {{"index", s.step}, {"total", s.step_total}, {"name", name}};
}

std::string step_name(const CaseHistory& h) {
  std::string name;
  for (const auto& e : h.decoded) {
    if (const auto* a = std::get_if<d::StepAdvanced>(&e)) name = a->name;
    if (std::holds_alternative<d::CaseReclassified>(e)) name.clear();
  }
  return name;
}

// What the citizen may see of one event: replies, status changes and the
// reasons they are told; never notes, assignments or escalations.
std::optional<json> public_entry(const d::CaseEvent& e, d::CaseStatus before, d::CaseStatus after, std::int32_t offset) {
  return std::visit(
      [&](const auto& ev) -> std::optional<json> {
        using T = std::decay_t<decltype(ev)>;
        json entry = {{"at", d::format_instant(ev.at, offset)}};
        if constexpr (std::is_same_v<T, d::OfficerReplied>) {
          entry["kind"] = "reply";
          entry["text"] = ev.text;
          return entry;
        } else if constexpr (std::is_same_v<T, d::StepAdvanced>) {
          entry["kind"] = "step";
          entry["step"] = {{"index", ev.step}, {"total", ev.total}, {"name", ev.name}};
          return entry;
        } else if constexpr (std::is_same_v<T, d::DeadlineExtended>) {
          entry["kind"] = "extended";
          entry["text"] = ev.reason;
          return entry;
        } else {
          if (before == after) return std::nullopt;
          entry["kind"] = "status";
          entry["status"] = d::status_name(after);
          if constexpr (std::is_same_v<T, d::CitizenWaitStarted> || std::is_same_v<T, d::CaseRejected> ||
                        std::is_same_v<T, d::CaseReopened>)
            entry["text"] = ev.reason;
          if constexpr (std::is_same_v<T, d::CaseResolved>) entry["text"] = ev.resolution;
          return entry;
        }
      },
      e);
}

}  // namespace

Dues dues_of(const d::CaseState& state, const ViewRules& rules) {
  const auto schedule = schedule_of(state, rules);
  const auto* first = find_clock(schedule, d::SlaClock::first_response);
  const auto* resolution = find_clock(schedule, d::SlaClock::resolution);
  return Dues{first ? first->due : std::nullopt, resolution ? resolution->due : std::nullopt};
}

std::string clock_json_text(const d::ClockSchedule& clock, d::Instant now, std::int32_t offset) {
  return dump(clock_json(clock, now, offset));
}

std::string public_case_json(const CaseHistory& h, const ViewRules& rules) {
  const auto& catalog = rules.catalog;
  const auto& s = h.state;
  const auto schedule = schedule_of(s, rules);
  const auto offset = office_offset(catalog, s.office);
  json timeline = json::array();
  auto state = d::CaseDecider::initial_state();
  for (const auto& e : h.decoded) {
    const auto before = state.status;
    state = d::CaseDecider::evolve(std::move(state), e);
    if (auto entry = public_entry(e, before, state.status, offset)) timeline.push_back(std::move(*entry));
  }
  const auto* service = catalog.service(s.service, s.office);
  json view = {
      {"id", s.case_id},
      {"service", s.service},
      {"service_name", service ? service->name_id : s.service},
      {"office", s.office},
      {"status", d::status_name(s.status)},
      {"step", step_json(s, step_name(h))},
      {"submitted_at", when(s.submitted_at, offset)},
      {"updated_at", when(s.updated_at, offset)},
      // The limits, as the rules promise them; null while a clock is paused.
      {"first_response_due", due_of(schedule, d::SlaClock::first_response, offset)},
      {"resolution_due", due_of(schedule, d::SlaClock::resolution, offset)},
      {"timeline", std::move(timeline)},
  };
  return dump(view);
}

json message_json(const d::OutboundState& m, std::int32_t offset) {
  return {{"channel", d::channel_name(m.channel)},
          {"reason", d::reason_name(m.reason)},
          {"text", m.text},
          {"status", d::outbound_status_name(m.status)},
          {"delivery", m.delivery ? json(d::delivery_state_name(*m.delivery)) : json(nullptr)},
          {"mode", d::send_mode_name(m.mode)},
          {"attempts", m.attempts},
          {"last_error_code", m.last_error_code},
          {"last_error", m.last_error},
          {"queued_at", when(m.queued_at, offset)}};
}

std::string staff_case_json(const CaseHistory& h, const ViewRules& rules, const projections::StaffRow& viewer,
                            const std::vector<d::OutboundState>& messages) {
  const auto& catalog = rules.catalog;
  const auto& s = h.state;
  const auto schedule = schedule_of(s, rules);
  const auto offset = office_offset(catalog, s.office);
  const auto* submitted = h.submitted();
  const bool sees_nik = viewer.role == d::Role::supervisor || viewer.role == d::Role::admin;
  json reporter = nullptr;
  if (submitted && s.privacy != d::Privacy::anonymous) {
    const auto& r = submitted->reporter;
    reporter = {{"name", r.name}, {"phone", r.phone}, {"email", r.email},
                {"nik", r.nik.empty() ? json(nullptr) : json(sees_nik ? r.nik : d::mask_nik(r.nik))}};
  }
  json timeline = json::array();
  for (const auto& e : h.recorded) {
    json data = json::parse(e.data, nullptr, false);
    if (data.is_object() && e.type == "CaseSubmitted") data.erase("reporter");  // shown above, masked
    if (data.is_object()) data.erase("tracking_code_hash");
    timeline.push_back({{"position", e.position},
                        {"version", e.version},
                        {"type", e.type},
                        {"recorded_at", d::format_instant(e.recorded_at, offset)},
                        {"actor", {{"kind", e.actor.kind}, {"id", s.privacy == d::Privacy::anonymous && e.actor.kind == "citizen" ? "" : e.actor.id}}},
                        {"data", data.is_discarded() ? json(nullptr) : std::move(data)}});
  }
  json clocks = json::array();
  for (const auto& c : schedule) clocks.push_back(clock_json(c, rules.now, offset));
  json location = nullptr;
  if (submitted) {
    location = {{"text", submitted->location.text}};
    if (submitted->location.lat) location["lat"] = *submitted->location.lat;
    if (submitted->location.lon) location["lon"] = *submitted->location.lon;
  }
  // Each with where an officer fetches it (GET .../attachments/{sha256}).
  json attachments = json::array();
  if (submitted)
    for (const auto& a : submitted->attachments)
      attachments.push_back({{"sha256", a.sha256}, {"name", a.name}, {"media_type", a.media_type}, {"size", a.size},
                             {"href", "/api/v1/cases/" + s.case_id + "/attachments/" + a.sha256}});
  json view = {
      {"id", s.case_id},
      {"version", h.version},
      {"service", s.service},
      {"office", s.office},
      {"channel", d::channel_name(s.channel)},
      {"status", d::status_name(s.status)},
      {"privacy", d::privacy_name(s.privacy)},
      {"title", submitted ? submitted->title : ""},
      {"body", submitted ? submitted->body : ""},
      {"occurred_on", submitted && !submitted->occurred_on.empty() ? json(submitted->occurred_on) : json(nullptr)},
      {"step", step_json(s, step_name(h))},
      {"unit", s.unit},
      {"assignee", s.officer},
      {"escalation_level", s.escalation_level},
      {"reopen_count", s.reopen_count},
      {"extended", s.extended},
      {"objection_filed", s.objection_filed},
      {"outcome", s.outcome ? json(d::outcome_name(*s.outcome)) : json(nullptr)},
      {"submitted_at", when(s.submitted_at, offset)},
      {"updated_at", when(s.updated_at, offset)},
      {"first_response_at", when(s.first_response_at, offset)},
      {"resolved_at", when(s.resolved_at, offset)},
      {"first_response_due", due_of(schedule, d::SlaClock::first_response, offset)},
      {"resolution_due", due_of(schedule, d::SlaClock::resolution, offset)},
      {"sla", std::move(clocks)},
      {"reporter", std::move(reporter)},
      {"location", std::move(location)},
      {"attachments", std::move(attachments)},
      {"timeline", std::move(timeline)},
  };
  json sent = json::array();
  for (const auto& m : messages) sent.push_back(message_json(m, offset));
  view["messages"] = std::move(sent);
  return dump(view);
}

std::string queue_json(const std::vector<projections::CaseStatusRow>& rows, const std::string& next_cursor,
                       const ViewRules& rules) {
  json cases = json::array();
  for (const auto& row : rows) {
    const auto& s = row.state;
    const auto offset = office_offset(rules.catalog, s.office);
    const auto schedule = schedule_of(s, rules);
    const bool overdue = std::any_of(schedule.begin(), schedule.end(), [&](const d::ClockSchedule& c) {
      return c.state != d::ClockState::stopped && c.overdue(rules.now);
    });
    cases.push_back({{"id", s.case_id},
                     {"version", row.version},
                     {"service", s.service},
                     {"office", s.office},
                     {"channel", d::channel_name(s.channel)},
                     {"status", d::status_name(s.status)},
                     {"privacy", d::privacy_name(s.privacy)},
                     {"title", row.title},
                     {"step", step_json(s, row.step_name)},
                     {"unit", s.unit},
                     {"assignee", s.officer},
                     {"escalation_level", s.escalation_level},
                     {"submitted_at", when(s.submitted_at, offset)},
                     {"updated_at", when(s.updated_at, offset)},
                     {"first_response_due", due_of(schedule, d::SlaClock::first_response, offset)},
                     {"resolution_due", due_of(schedule, d::SlaClock::resolution, offset)},
                     {"overdue", overdue}});
  }
  return dump({{"cases", std::move(cases)}, {"next_cursor", next_cursor.empty() ? json(nullptr) : json(next_cursor)}});
}

}  // namespace tanggap::server
