// server/api_sla.cpp — GET /api/v1/sla/breaches: clocks past their limit.
#include "events/domain/case_id.h"
#include "projections/case_status_view.h"
#include "projections/notification_view.h"
#include "projections/sla_view.h"
#include "server/api.h"
#include "server/http_errors.h"
#include "server/json_body.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <limits>

namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

// ?at=ISO8601 (default now) &clock=first_response|resolution|objection (default
// all) &limit=1..1000 (default 100) &cursor=. Most overdue first. Each entry
// names the case as the queue does, so the board needs no second request.
void get_breaches(const std::shared_ptr<ApiCall>& call) {
  const auto& req = call->request;
  d::Instant at = call->app.clock().now();
  if (auto text = req.query_param("at"); text && !text->empty()) {
    const auto parsed = d::parse_instant(*text);
    if (!parsed) return call->respond(error_response(fail(Errc::invalid_field, "at must be ISO 8601 with a zone", "at")));
    at = *parsed;
  }
  std::optional<d::SlaClock> clock;
  if (auto text = req.query_param("clock"); text && !text->empty()) {
    clock = d::parse_sla_clock(*text);
    if (!clock)
      return call->respond(error_response(
          fail(Errc::invalid_field, "clock must be first_response, resolution or objection", "clock")));
  }
  const auto limit = number_param(req, "limit", 100, 1, 1000);
  if (!limit) return call->respond(error_response(limit.error()));
  auto page = projections::query_overdue(call->app.store(), clock, at, *limit, req.query_param("cursor").value_or(""));
  if (!page) return call->respond(error_response(page.error()));

  const auto zone = d::utc_offset_minutes(call->app.config().time_zone).value_or(7 * 60);
  json breaches = json::array();
  for (const auto& c : page->clocks) {
    auto row = projections::find_case(call->app.store(), c.case_id);
    if (!row) return call->respond(error_response(row.error()));
    json entry = {{"id", c.case_id},
                  {"clock", d::sla_clock_name(c.clock)},
                  {"due", d::format_instant(c.due, zone)},
                  {"overdue_ms", (at - c.due).count()}};
    if (*row) {
      const auto& s = (*row)->state;
      const auto offset = office_offset(call->app.catalog(), s.office);
      entry["due"] = d::format_instant(c.due, offset);
      entry["service"] = s.service;
      entry["office"] = s.office;
      entry["status"] = d::status_name(s.status);
      entry["title"] = (*row)->title;
      entry["unit"] = s.unit;
      entry["assignee"] = s.officer;
      entry["escalation_level"] = s.escalation_level;
    }
    breaches.push_back(std::move(entry));
  }
  call->respond(json_response(
      200, dump({{"at", d::format_instant(at, zone)},
                 {"clock", clock ? json(d::sla_clock_name(*clock)) : json(nullptr)},
                 {"breaches", std::move(breaches)},
                 {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}})));
}

namespace {

// Whose notices a staff member reads: their own cases always; escalations to
// the head of division (level 1) and of office (level 2) by role, narrowed to
// the account's unit when it has one.
std::vector<std::string> recipients_of(const projections::StaffRow& staff) {
  std::vector<std::string> out{"officer:" + staff.name};
  if (staff.role == d::Role::officer) return out;
  const bool whole_office = staff.unit.empty() || staff.role == d::Role::admin;
  for (int level : {1, 2})
    out.push_back(whole_office ? fmt::format("level:{}", level) : fmt::format("level:{}:{}", level, staff.unit));
  return out;
}

}  // namespace

// GET /api/v1/notifications?after=POSITION&limit=N: SLA warnings, breaches
// and escalations for the caller, oldest first; `next_after` continues.
void get_notifications(const std::shared_ptr<ApiCall>& call) {
  const auto after = number_param(call->request, "after", 0, 0, std::numeric_limits<std::int64_t>::max());
  if (!after) return call->respond(error_response(after.error()));
  const auto limit = number_param(call->request, "limit", 100, 1, 500);
  if (!limit) return call->respond(error_response(limit.error()));
  auto notices = projections::query_notices(call->app.store(), recipients_of(*call->staff), *after, *limit);
  if (!notices) return call->respond(error_response(notices.error()));
  const auto zone = d::utc_offset_minutes(call->app.config().time_zone).value_or(7 * 60);
  json list = json::array();
  for (const auto& n : *notices) {
    json entry = {{"position", n.position},
                  {"kind", projections::notice_kind_name(n.kind)},
                  {"id", n.case_id},
                  {"at", d::format_instant(n.at, zone)}};
    if (n.clock) entry["clock"] = d::sla_clock_name(*n.clock);
    if (n.due) entry["due"] = d::format_instant(*n.due, zone);
    if (n.kind == projections::NoticeKind::escalation) {
      entry["level"] = n.level;
      entry["reason"] = n.reason;
    }
    list.push_back(std::move(entry));
  }
  const events::Position next = notices->empty() ? *after : notices->back().position;
  call->respond(json_response(200, dump({{"notifications", std::move(list)}, {"next_after", next}})));
}

}  // namespace tanggap::server
