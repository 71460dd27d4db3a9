// server/listener.h — accepts connections and starts a session for each on
// the executor `session_executor` gives it (an io_context run by one thread,
// so a session's handlers never run at once and need no strand). Past
// `max_connections` a new connection is closed at once, so thousands of idle
// sockets cannot starve the others of memory.
#pragma once

#include "events/domain/error.h"
#include "server/http_session.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <string>

namespace tanggap::server {

class Listener {
 public:
  // Binds and listens; port 0 picks a free one (tests read it back with port()).
  // The acceptor runs on `accept_on`, which must be run by one thread.
  static Result<std::shared_ptr<Listener>> open(boost::asio::io_context& accept_on,
                                                std::function<boost::asio::any_io_executor()> session_executor,
                                                const std::string& host_port, std::uint32_t max_connections,
                                                std::shared_ptr<const SessionContext> context);
  virtual ~Listener() = default;
  virtual void start() = 0;
  virtual void stop() = 0;  // stops accepting; open sessions finish
  virtual std::uint16_t port() const = 0;
  virtual std::uint32_t open_connections() const = 0;
};

}  // namespace tanggap::server
