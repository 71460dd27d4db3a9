// server/api_ops.cpp — health, readiness and the OpenAPI document.
#include "server/api.h"
#include "server/http_errors.h"
#include "server/json_body.h"

#include <nlohmann/json.hpp>

namespace tanggap::server {

using nlohmann::json;

extern const char* const openapi_document;  // generated from ops/openapi.json at build time

void get_healthz(const std::shared_ptr<ApiCall>& call) { call->respond(json_response(200, R"({"status":"ok"})")); }

void get_readyz(const std::shared_ptr<ApiCall>& call) {
  const auto head = call->app.store().head();
  const auto now = std::chrono::steady_clock::now();
  bool ready = true;
  json projections = json::array();
  for (const auto& s : call->app.projections().status()) {
    const bool current = s.checkpoint >= head || now - s.caught_up_at <= std::chrono::seconds(1);
    ready = ready && !s.error && current;
    projections.push_back({{"name", s.name},
                           {"checkpoint", s.checkpoint},
                           {"lag", head > s.checkpoint ? head - s.checkpoint : 0},
                           {"error", s.error ? json(s.error->message) : json(nullptr)}});
  }
  // Missing holiday data does not stop the service (weekends still count),
  // but it miscounts deadlines on the missing holidays: say so here.
  json warnings = json::array();
  for (auto& gap : domain::holiday_gaps(call->app.calendars(), call->app.clock().now())) warnings.push_back(std::move(gap));
  call->respond(json_response(ready ? 200 : 503, dump({{"status", ready ? "ready" : "not_ready"},
                                                       {"head", head},
                                                       {"projections", std::move(projections)},
                                                       {"warnings", std::move(warnings)}})));
}

void get_metrics(const std::shared_ptr<ApiCall>& call) {
  const auto head = call->app.store().head();
  for (const auto& s : call->app.projections().status())
    call->app.metrics().set_projection_lag(s.name, static_cast<double>(head > s.checkpoint ? head - s.checkpoint : 0));
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = call->app.metrics().render();
  call->respond(std::move(r));
}

void get_openapi(const std::shared_ptr<ApiCall>& call) {
  HttpResponse r = json_response(200, openapi_document);
  r.headers.emplace_back("Cache-Control", "public, max-age=300");
  call->respond(std::move(r));
}

}  // namespace tanggap::server
