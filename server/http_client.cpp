#include "server/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fmt/format.h>

namespace tanggap::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::optional<std::string_view> ClientResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return std::string_view(value);
  return std::nullopt;
}

struct HttpConnection::Impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout{10000};
  std::string host;
};

HttpConnection::HttpConnection() : impl_(std::make_unique<Impl>()) {}
HttpConnection::~HttpConnection() {
  beast::error_code ignored;
  impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

Result<std::unique_ptr<HttpConnection>> HttpConnection::open(const std::string& host, std::uint16_t port,
                                                             std::chrono::milliseconds timeout) {
  std::unique_ptr<HttpConnection> c(new HttpConnection());
  c->impl_->timeout = timeout;
  c->impl_->host = host;
  beast::error_code ec;
  tcp::resolver resolver(c->impl_->ioc);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return fail(Errc::not_ready, fmt::format("cannot resolve {}: {}", host, ec.message()));
  c->impl_->stream.socket().connect(*results.begin(), ec);
  if (ec) return fail(Errc::not_ready, fmt::format("cannot connect to {}:{}: {}", host, port, ec.message()));
  return c;
}

Result<void> HttpConnection::write_raw(std::string_view bytes) {
  beast::error_code ec;
  net::write(impl_->stream.socket(), net::buffer(bytes.data(), bytes.size()), ec);
  if (ec) return fail(Errc::not_ready, fmt::format("write failed: {}", ec.message()));
  return {};
}

Result<ClientResponse> HttpConnection::read_response() {
  // Blocking reads with a deadline: run the async read on our own io_context.
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);
  beast::error_code result;
  bool done = false;
  impl_->stream.expires_after(impl_->timeout);
  http::async_read(impl_->stream, impl_->buffer, parser, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  impl_->ioc.restart();
  while (!done && impl_->ioc.run_one() > 0) {
  }
  if (result) return fail(Errc::not_ready, fmt::format("no response: {}", result.message()));
  auto res = parser.release();
  ClientResponse out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  out.body = std::move(res.body());
  return out;
}

Result<ClientResponse> HttpConnection::send(const ClientRequest& request) {
  http::request<http::string_body> req{http::string_to_verb(request.method), request.target, 11};
  req.set(http::field::host, impl_->host);
  req.set(http::field::user_agent, "tanggap-cli");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  beast::error_code ec;
  http::write(impl_->stream.socket(), req, ec);
  if (ec) return fail(Errc::not_ready, fmt::format("write failed: {}", ec.message()));
  return read_response();
}

Result<ClientResponse> http_call(const std::string& host, std::uint16_t port, const ClientRequest& request,
                                 std::chrono::milliseconds timeout) {
  auto connection = HttpConnection::open(host, port, timeout);
  if (!connection) return connection.error();
  return (*connection)->send(request);
}

}  // namespace tanggap::server
