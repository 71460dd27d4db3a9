// server/api_staff.cpp — the officer's routes: the queue, a case, commands.
#include "events/domain/case_id.h"
#include "server/api.h"
#include "server/case_view_json.h"
#include "server/command_json.h"
#include "server/http_errors.h"
#include "server/idempotency.h"
#include "server/json_body.h"
#include "projections/sla_view.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

namespace {

// Every case with a clock past its limit as of `now`: what the SLA view's
// deadline index lists, at a cost in proportion to it.
Result<std::unordered_set<std::string>> overdue_cases(const events::EventStore& store, d::Instant now) {
  std::unordered_set<std::string> ids;
  std::string cursor;
  do {
    auto page = projections::query_overdue(store, std::nullopt, now, 1000, cursor);
    if (!page) return page.error();
    for (auto& c : page->clocks) ids.insert(std::move(c.case_id));
    cursor = std::move(page->next_cursor);
  } while (!cursor.empty());
  return ids;
}

}  // namespace

void get_queue(const std::shared_ptr<ApiCall>& call) {
  const auto& req = call->request;
  projections::QueueFilter filter;
  const std::pair<const char*, std::optional<std::string>*> fields[] = {
      {"status", &filter.status}, {"service", &filter.service}, {"office", &filter.office},
      {"unit", &filter.unit},     {"assignee", &filter.assignee}, {"channel", &filter.channel}};
  for (const auto& [name, out] : fields)
    if (auto v = req.query_param(name); v && !v->empty()) *out = std::string(*v);
  if (filter.status && !d::parse_status(*filter.status))
    return call->respond(error_response(fail(Errc::invalid_field, "unknown status", "status")));
  if (req.query_param("q"))
    return call->respond(error_response(fail(Errc::invalid_field, "the 'q' filter is not available yet", "q")));
  if (auto breached = req.query_param("breached")) {
    if (*breached != "true" && *breached != "false")
      return call->respond(error_response(fail(Errc::invalid_field, "breached must be true or false", "breached")));
    auto overdue = overdue_cases(call->app.store(), call->app.clock().now());
    if (!overdue) return call->respond(error_response(overdue.error()));
    (*breached == "true" ? filter.only : filter.except) = std::move(*overdue);
  }
  std::size_t limit = 50;
  if (auto v = req.query_param("limit")) {
    const std::string text(*v);
    if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos || std::stoul(text) == 0)
      return call->respond(error_response(fail(Errc::invalid_field, "limit must be 1 to 500", "limit")));
    limit = std::stoul(text);
  }
  auto page = projections::query_queue(call->app.store(), filter, limit, req.query_param("cursor").value_or(""));
  if (!page) return call->respond(error_response(page.error()));
  call->respond(json_response(200, queue_json(page->rows, page->next_cursor, view_rules(*call))));
}

void get_case(const std::shared_ptr<ApiCall>& call) {
  const auto id = d::parse_case_id(call->params.at("id"));
  if (!id) return call->respond(error_response(fail(Errc::malformed, "a case id is PREFIX-YYYY-NNNNNN", "id")));
  auto history = load_case_history(call->app.store(), d::format_case_id(*id));
  if (!history) return call->respond(error_response(history.error()));
  call->respond(json_response(200, staff_case_json(*history, view_rules(*call), *call->staff)));
}

void post_command(const std::shared_ptr<ApiCall>& call) {
  const auto id = d::parse_case_id(call->params.at("id"));
  if (!id) return call->respond(error_response(fail(Errc::malformed, "a case id is PREFIX-YYYY-NNNNNN", "id")));
  bool answered = false;
  auto idem = check_idempotency(call, answered);
  if (answered) return;
  auto body = parse_json_object(call->request);
  if (!body) return call->respond(error_response(body.error()));
  auto parsed = parse_command(*body);
  if (!parsed) return call->respond(error_response(parsed.error()));
  // The seed holds the body's hash too: two racing requests with one key and
  // different bodies must not be taken for each other.
  Trace trace{call->request.request_id, "", idem ? idem->view_key + idem->request_hash : ""};
  call->app.cases().execute(
      d::format_case_id(*id), std::move(parsed->command), parsed->expected_version, {"officer", call->staff->name}, trace,
      [call, idem](Result<Executed> r) {
        call->app.defer([call, idem, r = std::move(r)]() mutable {
          if (!r) return call->respond(error_response(r.error()));
          json appended = json::array();
          for (const auto& e : r->events) appended.push_back(d::event_type_name(e));
          json answer = {{"version", r->version}, {"status", d::status_name(r->state.status)}, {"events", std::move(appended)}};
          remember_and_respond(call, idem, json_response(200, dump(answer)));
        });
      });
}

}  // namespace tanggap::server
