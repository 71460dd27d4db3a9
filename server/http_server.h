// server/http_server.h — the HTTP server: an io_context per thread (each
// connection lives on one, so no strands and no shared scheduler lock), the
// listener, the API. stop() is graceful: stop accepting, let
// requests in flight finish (up to a grace period), then stop the threads;
// the App (projections, store) is closed by its owner afterwards. Order at
// shutdown: stop() this, destroy the App (late callbacks post into this
// server's stopped io_contexts, which must still exist), then destroy this.
#pragma once

#include "server/app.h"

#include <chrono>
#include <memory>

namespace tanggap::server {

class HttpServer {
 public:
  // Binds config.listen (port 0: any free port) and starts `threads` threads.
  static Result<std::unique_ptr<HttpServer>> start(App& app, unsigned threads);
  ~HttpServer();
  std::uint16_t port() const;
  // Stops accepting, waits up to `grace` for open connections to finish, stops.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

 private:
  HttpServer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanggap::server
