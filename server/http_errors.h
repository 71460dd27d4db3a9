// server/http_errors.h — the one table from error codes to HTTP statuses, and
// the contract's error shape: {"error": {"code", "message", "field"?}}.
#pragma once

#include "events/domain/error.h"
#include "server/http_types.h"

namespace tanggap::server {

unsigned http_status(Errc code) noexcept;
HttpResponse error_response(const Error& error);
// A JSON response with the given status (the body is already JSON text).
HttpResponse json_response(unsigned status, std::string body);

}  // namespace tanggap::server
