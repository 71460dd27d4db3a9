#include "server/http_errors.h"

#include <nlohmann/json.hpp>

namespace tanggap::server {

unsigned http_status(Errc code) noexcept {
  switch (code) {
    case Errc::malformed: return 400;
    case Errc::unauthenticated: return 401;
    case Errc::forbidden: return 403;
    case Errc::not_found: return 404;
    case Errc::method_not_allowed: return 405;
    case Errc::version_conflict: return 409;
    case Errc::duplicate: return 409;
    case Errc::body_too_large: return 413;
    case Errc::unsupported_media_type: return 415;
    case Errc::illegal_transition: return 422;
    case Errc::invalid_field: return 422;
    case Errc::rate_limited: return 429;
    case Errc::storage_failed: return 500;
    case Errc::not_ready: return 503;
  }
  return 500;
}

HttpResponse error_response(const Error& error) {
  nlohmann::json inner = {{"code", code_name(error.code)}, {"message", error.message}};
  if (!error.field.empty()) inner["field"] = error.field;
  HttpResponse r;
  r.status = http_status(error.code);
  r.body = nlohmann::json{{"error", inner}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (error.code == Errc::unauthenticated) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

HttpResponse json_response(unsigned status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace tanggap::server
