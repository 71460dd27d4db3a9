// server/api_staff.cpp — the officer's routes: the queue, a case, commands.
#include "events/domain/case_id.h"
#include "server/api.h"
#include "server/case_view_json.h"
#include "server/command_json.h"
#include "server/http_errors.h"
#include "server/idempotency.h"
#include "server/json_body.h"
#include "projections/outbound_view.h"
#include "projections/sla_view.h"
#include "server/outbox.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

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
    // The SLA view's deadline index: a cost in proportion to what is overdue.
    auto overdue = projections::all_overdue(call->app.store(), call->app.clock().now());
    if (!overdue) return call->respond(error_response(overdue.error()));
    std::unordered_set<std::string> ids;
    for (auto& c : *overdue) ids.insert(std::move(c.case_id));
    (*breached == "true" ? filter.only : filter.except) = std::move(ids);
  }
  // Larger limits are capped at 500 by the view (ops/API.md), not refused.
  const auto limit = number_param(req, "limit", 50, 1, 9999);
  if (!limit) return call->respond(error_response(limit.error()));
  auto page = projections::query_queue(call->app.store(), filter, *limit, req.query_param("cursor").value_or(""));
  if (!page) return call->respond(error_response(page.error()));
  call->respond(json_response(200, queue_json(page->rows, page->next_cursor, view_rules(*call))));
}

void get_case(const std::shared_ptr<ApiCall>& call) {
  const auto id = d::parse_case_id(call->params.at("id"));
  if (!id) return call->respond(error_response(fail(Errc::malformed, "a case id is PREFIX-YYYY-NNNNNN", "id")));
  auto history = load_case_history(call->app.store(), d::format_case_id(*id));
  if (!history) return call->respond(error_response(history.error()));
  // What went out to the citizen and how far it got (the outbound records).
  std::vector<d::OutboundState> messages;
  if (auto ids = projections::outbound_of_case(call->app.store(), d::format_case_id(*id))) {
    for (const auto& outbound : *ids)
      if (auto loaded = load_outbound(call->app.store(), outbound)) messages.push_back(std::move(loaded->first));
  }
  std::sort(messages.begin(), messages.end(), [](const auto& a, const auto& b) { return a.queued_at < b.queued_at; });
  call->respond(json_response(200, staff_case_json(*history, view_rules(*call), *call->staff, messages)));
}

namespace {

// RFC 6266/8187: an ASCII fallback and the UTF-8 name, percent-encoded.
std::string content_disposition(std::string_view name) {
  std::string ascii, encoded;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = std::isalnum(u) || c == '.' || c == '-' || c == '_';
    ascii.push_back(plain || c == ' ' ? c : '_');
    if (plain) encoded.push_back(c);
    else encoded += fmt::format("%{:02X}", u);
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded);
}

}  // namespace

// An attachment is served only through a case that names it: the hash alone
// opens nothing.
void get_attachment(const std::shared_ptr<ApiCall>& call) {
  const auto id = d::parse_case_id(call->params.at("id"));
  if (!id) return call->respond(error_response(fail(Errc::malformed, "a case id is PREFIX-YYYY-NNNNNN", "id")));
  auto history = load_case_history(call->app.store(), d::format_case_id(*id));
  if (!history) return call->respond(error_response(history.error()));
  const auto* submitted = history->submitted();
  const std::string& sha = call->params.at("sha256");
  const d::Attachment* found = nullptr;
  if (submitted)
    for (const auto& a : submitted->attachments)
      if (a.sha256 == sha) found = &a;
  if (!found) return call->respond(error_response(fail(Errc::not_found, "this case has no such attachment")));
  call->app.run_blocking([call, attachment = *found] {
    auto bytes = call->app.attachments().read(attachment.sha256);
    if (!bytes) return call->respond(error_response(bytes.error()));
    HttpResponse r;
    r.status = 200;
    r.content_type = attachment.media_type;
    r.body = std::move(*bytes);
    r.headers = {{"Content-Disposition", content_disposition(attachment.name)},
                 {"X-Content-Type-Options", "nosniff"},
                 {"Content-Security-Policy", "default-src 'none'; sandbox"},
                 {"Cache-Control", "private, max-age=3600, immutable"}};
    call->respond(std::move(r));
  });
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
