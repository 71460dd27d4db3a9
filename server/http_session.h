// server/http_session.h — one HTTP connection, served by Beast on one I/O thread.
// The session class lives in the .cpp (Beast stays out of headers). Per
// request: a fresh parser with the body and header limits, the idle timeout
// re-armed before every read (a client trickling its headers is cut off when
// it runs out), keep-alive, and requests pipelined on one connection answered
// in order, one at a time.
#pragma once

#include "server/http_types.h"

#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::server {

struct SessionLimits {
  std::uint64_t max_body_bytes = 1048576;
  std::uint32_t max_header_bytes = 16384;
  std::chrono::seconds idle_timeout{30};
  // A POST of multipart/form-data to one of these paths (file uploads) may be
  // up to max_upload_bytes; everything else stops at max_body_bytes.
  std::uint64_t max_upload_bytes = 12 * 1024 * 1024;
  std::vector<std::string> upload_paths;
};

// The body limit for a request with this head (see SessionLimits).
std::uint64_t body_limit_for(const SessionLimits& limits, std::string_view method, std::string_view target,
                             std::string_view content_type);

// Handles one parsed request; `respond` may be called later, from any thread.
using RequestHandler = std::function<void(HttpRequest, Respond)>;

struct SessionContext {
  SessionLimits limits;
  RequestHandler handler;
  std::shared_ptr<std::atomic<std::uint32_t>> open_connections;  // decremented when a session ends
  // Called for a request that never reached the handler (too large, malformed
  // HTTP), so that it is logged and counted like every other.
  std::function<void(const HttpRequest&, const HttpResponse&)> on_rejected;
};

void start_http_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<const SessionContext> context);

}  // namespace tanggap::server
