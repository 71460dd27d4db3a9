#include "server/api.h"

#include "events/ids.h"
#include "events/sha256.h"
#include "server/http_errors.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace tanggap::server {

namespace {

// Keeps a caller's X-Request-Id when it is a sane token, so a proxy's id
// threads through our logs; otherwise a fresh one.
std::string request_id_for(const HttpRequest& request) {
  if (auto given = request.header("x-request-id"); given && !given->empty() && given->size() <= 64 &&
                                                     given->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == std::string_view::npos)
    return std::string(*given);
  return events::new_event_id().substr(0, 18);
}

bool allowed(Access access, domain::Role role) {
  switch (access) {
    case Access::public_:
    case Access::optional_staff:
    case Access::staff: return true;
    case Access::reports: return role == domain::Role::ppid || role == domain::Role::supervisor || role == domain::Role::admin;
    case Access::admin: return role == domain::Role::admin;
  }
  return false;
}

}  // namespace

Api::Api(App& app, Metrics& metrics) : app_(app), metrics_(metrics) {
  add("GET", "/api/v1/services", Access::public_, get_services);
  add("POST", "/api/v1/cases", Access::optional_staff, post_case);
  add("GET", "/api/v1/track/{id}", Access::public_, get_track);
  add("GET", "/api/v1/cases", Access::staff, get_queue);
  add("GET", "/api/v1/cases/{id}", Access::staff, get_case);
  add("GET", "/api/v1/cases/{id}/attachments/{sha256}", Access::staff, get_attachment);
  add("GET", "/api/v1/sla/breaches", Access::staff, get_breaches);
  add("GET", "/api/v1/notifications", Access::staff, get_notifications);
  add("POST", "/api/v1/cases/{id}/commands", Access::staff, post_command);
  add("GET", "/api/v1/reports/response-times", Access::reports, get_response_time_report);
  add("GET", "/api/v1/events", Access::admin, get_events);
  add("POST", "/api/v1/admin/users", Access::admin, post_user);
  add("POST", "/api/v1/admin/clock", Access::admin, post_clock);
  add("POST", "/api/v1/admin/backup", Access::admin, post_backup);
  add("GET", "/lapor", Access::public_, get_lapor);
  add("POST", "/lapor", Access::public_, post_lapor);
  add("GET", "/lacak", Access::public_, get_lacak);
  add("GET", "/static/{name}", Access::public_, get_static);
  add("GET", "/console", Access::public_, get_console);  // the page; its API calls carry the token
  add("GET", "/healthz", Access::public_, get_healthz);
  add("GET", "/readyz", Access::public_, get_readyz);
  add("GET", "/metrics", Access::public_, get_metrics);
  add("GET", "/openapi.json", Access::public_, get_openapi);
  add("GET", "/webhooks/whatsapp", Access::public_, get_whatsapp_webhook);    // the verify token
  add("POST", "/webhooks/whatsapp", Access::public_, post_whatsapp_webhook);  // X-Hub-Signature-256
}

Result<std::uint64_t> number_param(const HttpRequest& request, std::string_view name, std::uint64_t fallback,
                                   std::uint64_t min, std::uint64_t max) {
  const auto text = request.query_param(name);
  if (!text) return fallback;
  const auto refuse = [&] {
    return fail(Errc::invalid_field, fmt::format("{} must be a whole number from {} to {}", name, min, max),
                std::string(name));
  };
  // 19 digits always fit in 64 bits, so std::stoull cannot throw below.
  if (text->empty() || text->size() > 19 || text->find_first_not_of("0123456789") != std::string_view::npos)
    return refuse();
  const std::uint64_t n = std::stoull(std::string(*text));
  if (n < min || n > max) return refuse();
  return n;
}

ViewRules view_rules(const ApiCall& call) {
  return ViewRules{call.app.catalog(), call.app.calendars(), call.app.clock().now()};
}

void Api::add(std::string method, std::string pattern, Access access, ApiHandler handler) {
  router_.add(std::move(method), std::move(pattern));
  handlers_.emplace_back(access, handler);
}

void Api::record_rejected(const HttpRequest& request, const HttpResponse& response) {
  metrics_.observe_request("(rejected)", request.method.empty() ? "-" : request.method, response.status, 0);
  spdlog::info("- {} (rejected) {} from {}", request.method.empty() ? "-" : request.method, response.status,
               request.remote_address);
}

void Api::handle(HttpRequest request, Respond respond) {
  const auto started = std::chrono::steady_clock::now();
  request.request_id = request_id_for(request);
  auto match = router_.match(request);
  const std::string route = match ? match->route->name : "(unmatched)";
  // Every answer passes here once: the X-Request-Id header, the log line, the metrics.
  auto finish = [this, started, route, method = request.method, id = request.request_id,
                 respond = std::move(respond)](HttpResponse response) {
    response.headers.emplace_back("X-Request-Id", id);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.observe_request(route, method, response.status, seconds);
    spdlog::info("{} {} {} {} {:.1f}ms", id, method, route, response.status, seconds * 1000);
    respond(std::move(response));
  };
  if (!match) {
    auto response = error_response(match.error());
    if (match.error().code == Errc::method_not_allowed) {
      // The message lists the methods; the header says the same for clients.
      const auto& message = match.error().message;
      const auto at = message.find("allowed: ");
      if (at != std::string::npos) response.headers.emplace_back("Allow", message.substr(at + 9));
    }
    return finish(std::move(response));
  }
  const auto index = static_cast<std::size_t>(match->route - router_.routes().data());
  const auto [access, handler] = handlers_[index];

  std::optional<projections::StaffRow> staff;
  if (const auto auth = request.header("authorization"); auth && access != Access::public_) {
    constexpr std::string_view bearer = "Bearer ";
    if (!auth->starts_with(bearer)) return finish(error_response(fail(Errc::unauthenticated, "use Authorization: Bearer TOKEN")));
    auto found = projections::find_staff_by_token(app_.store(), events::sha256_hex(auth->substr(bearer.size())));
    if (!found) return finish(error_response(found.error()));
    if (!*found) return finish(error_response(fail(Errc::unauthenticated, "the token is not valid")));
    staff = std::move(*found);
  }
  if (access == Access::staff || access == Access::reports || access == Access::admin) {
    if (!staff) return finish(error_response(fail(Errc::unauthenticated, "this needs a staff token")));
    if (!allowed(access, staff->role))
      return finish(error_response(fail(Errc::forbidden, fmt::format("the role {} may not do this", domain::role_name(staff->role)))));
  }

  auto call = std::make_shared<ApiCall>(ApiCall{std::move(request), std::move(match->params), std::move(staff), app_, std::move(finish)});
  handler(call);
}

}  // namespace tanggap::server
