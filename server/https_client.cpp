#include "server/https_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

// TLS needs libssl linked and Asio's SSL part compiled once; server/CMakeLists.txt
// turns this on with TANGGAP_WITH_TLS_CLIENT (see server/README.md). Without it
// an https:// URL is refused with a clear error instead of failing to link.
#ifdef TANGGAP_WITH_TLS_CLIENT
#include <boost/asio/ssl.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/ssl.hpp>
#endif

#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace tanggap::server {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
#ifdef TANGGAP_WITH_TLS_CLIENT
namespace ssl = net::ssl;
#endif
using tcp = net::ip::tcp;

struct Target {
  bool tls = false;
  std::string host, port, path;
  unsigned short port_number = 0;
};

Result<Target> parse_target(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u) return fail(Errc::malformed, "not an absolute URL");
  Target t;
  if (u->scheme() == "https") t.tls = true;
  else if (u->scheme() != "http") return fail(Errc::malformed, "only http and https URLs are supported");
  t.host = u->host();
  if (t.host.empty()) return fail(Errc::malformed, "the URL has no host");
  t.port = u->has_port() ? std::string(u->port()) : (t.tls ? "443" : "80");
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(t.port.data(), t.port.data() + t.port.size(), port);
  if (ec != std::errc{} || end != t.port.data() + t.port.size() || port == 0 || port > 65535)
    return fail(Errc::malformed, "the URL's port must be 1 to 65535");
  t.port_number = static_cast<unsigned short>(port);
  t.path = u->encoded_target().empty() ? "/" : std::string(u->encoded_target());
  return t;
}

// Runs the io_context until `done` is set: the ops below are asynchronous
// only so that tcp_stream's deadline applies to them.
void run_until(net::io_context& ioc, const bool& done) {
  ioc.restart();
  while (!done && ioc.run_one() > 0) {
  }
}

template <class Stream>
Result<OutboundResponse> exchange(net::io_context& ioc, Stream& stream, const Target& t, const OutboundRequest& request,
                                  beast::tcp_stream& lowest) {
  http::request<http::string_body> req{http::string_to_verb(request.method), t.path, 11};
  req.set(http::field::host, t.host);
  req.set(http::field::user_agent, "tanggap");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  beast::error_code result;
  bool done = false;
  http::async_write(stream, req, [&](beast::error_code ec, std::size_t) { result = ec, done = true; });
  run_until(ioc, done);
  if (result) return fail(Errc::not_ready, fmt::format("sending the request failed: {}", result.message()));

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_response_bytes);
  done = false;
  http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) { result = ec, done = true; });
  run_until(ioc, done);
  if (result) return fail(Errc::not_ready, fmt::format("no readable answer: {}", result.message()));
  auto res = parser.release();
  beast::error_code ignored;
  lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return OutboundResponse{res.result_int(), std::string(res[http::field::content_type]), std::move(res.body())};
}

#ifdef TANGGAP_WITH_TLS_CLIENT
// One context for every call, set up once: reading the system's CA store
// costs milliseconds, and an OpenSSL context may be shared by the streams of
// many threads once it is no longer changed.
ssl::context& client_tls_context() {
  static ssl::context tls = [] {
    ssl::context c(ssl::context::tls_client);
    c.set_default_verify_paths();
    c.set_verify_mode(ssl::verify_peer);
    return c;
  }();
  return tls;
}
#endif

}  // namespace

Result<OutboundResponse> https_call(const OutboundRequest& request, std::chrono::milliseconds timeout) {
  auto target = parse_target(request.url);
  if (!target) return target.error();
  net::io_context ioc;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto left = [&] {
    return std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                      deadline - std::chrono::steady_clock::now()));
  };

  beast::error_code result;
  bool done = false;
  tcp::resolver::results_type endpoints;
  beast::error_code not_literal;
  const auto literal = net::ip::make_address(target->host, not_literal);
  if (!not_literal) {
    // An address already (a fake on loopback, a proxy by IP): Asio's resolver
    // would start a thread of its own for each call just to hand it back.
    endpoints = tcp::resolver::results_type::create(
        tcp::endpoint(literal, target->port_number), target->host, target->port);
  } else {
    tcp::resolver resolver(ioc);
    resolver.async_resolve(target->host, target->port, [&](beast::error_code ec, tcp::resolver::results_type r) {
      result = ec, endpoints = std::move(r), done = true;
    });
    run_until(ioc, done);  // the resolver has no deadline of its own; the system's applies
    if (result) return fail(Errc::not_ready, fmt::format("cannot resolve {}: {}", target->host, result.message()));
  }

  beast::tcp_stream tcp_stream(ioc);
  tcp_stream.expires_after(left());
  done = false;
  tcp_stream.async_connect(endpoints, [&](beast::error_code ec, const tcp::endpoint&) { result = ec, done = true; });
  run_until(ioc, done);
  if (result) return fail(Errc::not_ready, fmt::format("cannot connect to {}: {}", target->host, result.message()));

  if (!target->tls) {
    tcp_stream.expires_after(left());
    return exchange(ioc, tcp_stream, *target, request, tcp_stream);
  }
#ifndef TANGGAP_WITH_TLS_CLIENT
  return fail(Errc::not_ready, "this build has no TLS client (TANGGAP_WITH_TLS_CLIENT): use http:// or rebuild");
#else
  beast::ssl_stream<beast::tcp_stream&> stream(tcp_stream, client_tls_context());
  if (!SSL_set_tlsext_host_name(stream.native_handle(), target->host.c_str()))
    return fail(Errc::not_ready, "TLS: cannot set the server name");
  stream.set_verify_callback(ssl::host_name_verification(target->host));
  tcp_stream.expires_after(left());
  done = false;
  stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec) { result = ec, done = true; });
  run_until(ioc, done);
  if (result) return fail(Errc::not_ready, fmt::format("TLS handshake with {} failed: {}", target->host, result.message()));
  return exchange(ioc, stream, *target, request, tcp_stream);
#endif
}

bool tls_client_available() noexcept {
#ifdef TANGGAP_WITH_TLS_CLIENT
  return true;
#else
  return false;
#endif
}

}  // namespace tanggap::server
