#include "server/listener.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace tanggap::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class TcpListener final : public Listener, public std::enable_shared_from_this<TcpListener> {
 public:
  TcpListener(net::io_context& accept_on, std::function<net::any_io_executor()> session_executor,
              std::uint32_t max_connections, std::shared_ptr<const SessionContext> context)
      : session_executor_(std::move(session_executor)), acceptor_(accept_on), max_connections_(max_connections),
        context_(std::move(context)) {}

  Result<void> bind(const tcp::endpoint& endpoint) {
    boost::system::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail(Errc::not_ready, fmt::format("cannot listen on {}:{}: {}", endpoint.address().to_string(), endpoint.port(), ec.message()));
    return {};
  }

  void start() override { do_accept(); }

  void stop() override {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

  std::uint16_t port() const override {
    boost::system::error_code ec;
    return acceptor_.local_endpoint(ec).port();
  }

  std::uint32_t open_connections() const override { return context_->open_connections->load(); }

 private:
  void do_accept() {
    acceptor_.async_accept(session_executor_(), [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
      self->on_accept(ec, std::move(socket));
    });
  }

  void on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;  // stopped
    if (!ec) {
      if (context_->open_connections->fetch_add(1) >= max_connections_) {
        context_->open_connections->fetch_sub(1);
        boost::system::error_code ignored;
        socket.close(ignored);  // over the limit: refuse rather than queue
      } else {
        start_http_session(std::move(socket), context_);
      }
    } else if (ec == net::error::no_descriptors) {
      // Accepting again at once would spin: wait for sessions to close some.
      spdlog::warn("accept: out of file descriptors ({} connections open); pausing 100 ms",
                   context_->open_connections->load());
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([self = shared_from_this()](boost::system::error_code) { self->do_accept(); });
      return;
    }
    do_accept();
  }

  std::function<net::any_io_executor()> session_executor_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_{acceptor_.get_executor()};
  std::uint32_t max_connections_;
  std::shared_ptr<const SessionContext> context_;
};

Result<tcp::endpoint> resolve(const std::string& host_port) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos) return fail(Errc::invalid_field, fmt::format("listen '{}' is not HOST:PORT", host_port), "listen");
  std::string host = host_port.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = host_port.substr(colon + 1);
  unsigned long port = 0;
  try {
    std::size_t used = 0;
    port = std::stoul(port_text, &used);
    if (used != port_text.size() || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return fail(Errc::invalid_field, fmt::format("listen '{}' has no valid port", host_port), "listen");
  }
  boost::system::error_code ec;
  const auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return fail(Errc::invalid_field, fmt::format("listen '{}' needs an IP address", host_port), "listen");
  return tcp::endpoint(address, static_cast<std::uint16_t>(port));
}

}  // namespace

Result<std::shared_ptr<Listener>> Listener::open(net::io_context& accept_on,
                                                 std::function<net::any_io_executor()> session_executor,
                                                 const std::string& host_port, std::uint32_t max_connections,
                                                 std::shared_ptr<const SessionContext> context) {
  auto endpoint = resolve(host_port);
  if (!endpoint) return endpoint.error();
  auto listener = std::make_shared<TcpListener>(accept_on, std::move(session_executor), max_connections,
                                                std::move(context));
  auto bound = listener->bind(*endpoint);
  if (!bound) return bound.error();
  return std::shared_ptr<Listener>(listener);
}

}  // namespace tanggap::server
