// server/api.h — the HTTP API: routes, authentication and roles, the request
// pipeline (request id, one log line per request, metrics, error shape).
// Handlers live in api_*.cpp, each a function of an ApiCall; they answer
// through call->respond exactly once, from any thread. The pipeline never
// logs a token, a NIK, a phone number, a query string or a body: a log line
// names the route pattern, not the target.
#pragma once

#include "events/domain/staff_types.h"
#include "projections/staff_view.h"
#include "server/app.h"
#include "server/case_view_json.h"
#include "server/http_types.h"
#include "server/metrics.h"
#include "server/router.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <memory>
#include <optional>

namespace tanggap::server {

// Who may call a route.
enum class Access : std::uint8_t {
  public_,        // anyone
  optional_staff, // anyone; a valid token makes it a staff call (POST /api/v1/cases)
  staff,          // any staff role ("officer+")
  reports,        // ppid, supervisor, admin
  admin,
};

struct ApiCall {
  HttpRequest request;
  PathParams params;
  std::optional<projections::StaffRow> staff;
  App& app;
  Respond respond;
};
using ApiHandler = void (*)(const std::shared_ptr<ApiCall>& call);

class Api {
 public:
  Api(App& app, Metrics& metrics);
  void handle(HttpRequest request, Respond respond);
  // Logs and counts a request the session refused before routing (413, bad HTTP).
  void record_rejected(const HttpRequest& request, const HttpResponse& response);
  const Router& router() const { return router_; }

 private:
  void add(std::string method, std::string pattern, Access access, ApiHandler handler);
  App& app_;
  Metrics& metrics_;
  Router router_;
  std::vector<std::pair<Access, ApiHandler>> handlers_;  // by route index
};

// The catalog, the calendars and the server's now, for rendering cases.
ViewRules view_rules(const ApiCall& call);

// A whole-number query parameter (`limit`, `after`) within [min, max];
// `fallback` when absent; otherwise an invalid_field error naming it.
Result<std::uint64_t> number_param(const HttpRequest& request, std::string_view name, std::uint64_t fallback,
                                   std::uint64_t min, std::uint64_t max);

// POST /api/v1/cases and POST /lapor share these (api_public.cpp): a 429
// answer when a citizen's address has used up its submissions, and the 201
// answer's body.
std::optional<HttpResponse> refuse_if_rate_limited(const std::shared_ptr<ApiCall>& call);
nlohmann::json submitted_json(const ApiCall& call, const Submitted& submitted);
// The public view of a case (GET /api/v1/track, /lacak) as JSON text;
// not_found alike for an unknown id and a wrong tracking code.
Result<std::string> public_view_text(const std::shared_ptr<ApiCall>& call, std::string_view id, std::string_view code);

// The handlers (api_public.cpp, api_staff.cpp, api_sla.cpp, api_admin.cpp, api_ops.cpp).
void get_services(const std::shared_ptr<ApiCall>& call);
void post_case(const std::shared_ptr<ApiCall>& call);
void get_track(const std::shared_ptr<ApiCall>& call);
void get_queue(const std::shared_ptr<ApiCall>& call);
void get_breaches(const std::shared_ptr<ApiCall>& call);
void get_notifications(const std::shared_ptr<ApiCall>& call);
void get_case(const std::shared_ptr<ApiCall>& call);
void get_attachment(const std::shared_ptr<ApiCall>& call);
void get_lapor(const std::shared_ptr<ApiCall>& call);
void post_lapor(const std::shared_ptr<ApiCall>& call);
void get_lacak(const std::shared_ptr<ApiCall>& call);
void get_static(const std::shared_ptr<ApiCall>& call);
void get_console(const std::shared_ptr<ApiCall>& call);  // api_console.cpp
void post_command(const std::shared_ptr<ApiCall>& call);
void get_events(const std::shared_ptr<ApiCall>& call);
void post_user(const std::shared_ptr<ApiCall>& call);
void post_clock(const std::shared_ptr<ApiCall>& call);
void post_backup(const std::shared_ptr<ApiCall>& call);  // api_backup.cpp
void get_response_time_report(const std::shared_ptr<ApiCall>& call);  // api_reports.cpp
void get_healthz(const std::shared_ptr<ApiCall>& call);
void get_readyz(const std::shared_ptr<ApiCall>& call);
void get_metrics(const std::shared_ptr<ApiCall>& call);
void get_openapi(const std::shared_ptr<ApiCall>& call);
void get_whatsapp_webhook(const std::shared_ptr<ApiCall>& call);   // api_whatsapp.cpp
void post_whatsapp_webhook(const std::shared_ptr<ApiCall>& call);

}  // namespace tanggap::server
