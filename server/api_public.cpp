// server/api_public.cpp — the citizen's routes: the catalog, submitting a
// case, and tracking it with the tracking code.
#include "events/catalog_json.h"
#include "events/domain/case_id.h"
#include "events/ids.h"
#include "events/sha256.h"
#include "projections/case_status_view.h"
#include "server/api.h"
#include "server/case_view_json.h"
#include "server/http_errors.h"
#include "server/idempotency.h"
#include "server/json_body.h"
#include "server/case_intake.h"
#include "server/form_decoder.h"
#include "server/form_submission.h"
#include "server/rate_limiter.h"
#include "server/submission_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>


namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

void get_services(const std::shared_ptr<ApiCall>& call) {
  const auto* body = call->app.services_json(call->request.query_param("office").value_or(""));
  if (!body) return call->respond(error_response(fail(Errc::not_found, "no such office", "office")));
  HttpResponse r = json_response(200, *body);
  r.headers.emplace_back("Cache-Control", "public, max-age=300");
  call->respond(std::move(r));
}

namespace {

// The body in any of the three encodings, as the JSON object the submission
// reader takes, and the files that came with it (multipart only).
Result<FormSubmission> read_case_body(const HttpRequest& request) {
  const auto content_type = request.header("content-type").value_or("");
  if (is_form_content_type(content_type)) {
    auto form = decode_form(content_type, request.body, FormLimits{});
    if (!form) return form.error();
    return submission_from_form(std::move(*form));
  }
  auto body = parse_json_object(request);
  if (!body) return body.error();
  return FormSubmission{std::move(*body), {}};
}

}  // namespace

std::optional<HttpResponse> refuse_if_rate_limited(const std::shared_ptr<ApiCall>& call) {
  if (call->staff) return std::nullopt;  // officers typing in walk-in cases are not a flood
  auto& app = call->app;
  const auto wait = app.submission_limiter().take(client_address(call->request, app.config().trusted_proxies),
                                                  RateLimiter::Clock::now());
  if (wait == 0) return std::nullopt;
  HttpResponse r = error_response(fail(
      Errc::rate_limited, fmt::format("too many cases from this address; try again in {} seconds", wait)));
  r.headers.emplace_back("Retry-After", std::to_string(wait));
  return r;
}

json submitted_json(const ApiCall& call, const Submitted& r) {
  const auto dues = dues_of(r.state, view_rules(call));
  const auto offset = office_offset(call.app.catalog(), r.state.office);
  const auto due = [offset](const std::optional<d::Instant>& t) { return t ? json(d::format_instant(*t, offset)) : json(nullptr); };
  return {{"id", r.case_id},
          {"tracking_code", r.tracking_code.empty() ? json(nullptr) : json(r.tracking_code)},
          {"status", d::status_name(r.state.status)},
          {"first_response_due", due(dues.first_response)},
          {"resolution_due", due(dues.resolution)}};
}

void post_case(const std::shared_ptr<ApiCall>& call) {
  bool answered = false;
  auto idem = check_idempotency(call, answered);
  if (answered) return;
  if (auto refused = refuse_if_rate_limited(call)) return call->respond(std::move(*refused));
  auto body = read_case_body(call->request);
  if (!body) return call->respond(error_response(body.error()));
  auto submission = read_submission(body->body, call->staff.has_value());
  if (!submission) return call->respond(error_response(submission.error()));
  const d::Actor actor = call->staff ? d::Actor{"officer", call->staff->name} : d::Actor{"citizen", "web"};
  // The seed holds the body's hash too: two racing requests with one key and
  // different bodies must not be taken for each other.
  Trace trace{call->request.request_id, "", idem ? idem->view_key + idem->request_hash : ""};
  intake_case(call->app, std::move(*submission), std::move(body->files), actor, trace,
              [call, idem](Result<Submitted> r) {
                if (!r) return call->respond(error_response(r.error()));
                if (r->appended.repeated) {
                  return answer_repeat(call, idem, *r, [call](const Error& e) {
                    HttpResponse refused = error_response(e);
                    refused.headers.emplace_back("Retry-After", "1");
                    call->respond(std::move(refused));
                  });
                }
                HttpResponse response = json_response(201, dump(submitted_json(*call, *r)));
                response.headers.emplace_back("Location", "/api/v1/track/" + r->case_id);
                remember_and_respond(call, idem, std::move(response));
              });
}

Result<std::string> public_view_text(const std::shared_ptr<ApiCall>& call, std::string_view id_text,
                                     std::string_view code) {
  // One answer for an unknown case and a wrong code: no enumeration of ids.
  const auto unknown = [] { return fail(Errc::not_found, "no case with this id and tracking code"); };
  const auto id = d::read_case_id(id_text);
  if (!id || code.empty() || code.size() > 64) return unknown();
  const std::string case_id = d::format_case_id(*id);
  const std::string code_hash = events::tracking_code_hash(code);
  // The status row (one point read) knows the code's hash; the stream's head
  // (another) the version: a view already rendered for that version is served
  // as it is. Not the row's version: the row may lag a write already
  // acknowledged, and the citizen must see it (ops/API.md).
  auto row = projections::find_case(call->app.store(), case_id);
  if (!row) return row.error();
  if (*row) {
    if (!events::equal_constant_time(code_hash, (*row)->tracking_code_hash)) return unknown();
    auto version = call->app.store().stream_version(d::case_stream(case_id));
    if (!version) return version.error();
    if (*version)
      if (auto cached = call->app.track_cache().get(case_id, **version)) return std::move(*cached);
  }
  auto history = load_case_history(call->app.store(), case_id);
  if (!history) {
    if (history.error().code == Errc::not_found) return unknown();
    return history.error();
  }
  const auto* submitted = history->submitted();
  if (!submitted || !events::equal_constant_time(code_hash, submitted->tracking_code_hash)) return unknown();
  std::string body = public_case_json(*history, view_rules(*call));
  call->app.track_cache().put(case_id, history->version, body);
  return body;
}

void get_track(const std::shared_ptr<ApiCall>& call) {
  auto view = public_view_text(call, call->params.at("id"), call->request.query_param("code").value_or(""));
  if (!view) return call->respond(error_response(view.error()));
  HttpResponse r = json_response(200, std::move(*view));
  r.headers.emplace_back("Cache-Control", "no-store");
  call->respond(std::move(r));
}

}  // namespace tanggap::server
