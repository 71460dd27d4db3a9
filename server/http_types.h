// server/http_types.h — a request and a response as the API sees them.
// Plain values with no Beast type, so handlers compile in seconds and are
// tested without sockets (STYLE.md §2: Inbound is a view, no Beast types).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tanggap::server {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;          // "GET"
  std::string target;          // as sent: "/api/v1/track/ADU-2026-000001?code=K7M2X9PQ"
  std::string path;            // percent-decoded path, no query
  Fields query;                // percent-decoded, in order; a key may repeat
  Fields headers;              // names in lower case
  std::string body;
  std::string remote_address;  // the peer's IP, for rate limits and logs
  std::string request_id;      // assigned on arrival, returned as X-Request-Id

  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string_view> query_param(std::string_view name) const;
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  Fields headers;  // extra headers (Retry-After, Cache-Control, ...)
};

// Completes a request; may be called from any thread, exactly once.
using Respond = std::function<void(HttpResponse)>;

}  // namespace tanggap::server
