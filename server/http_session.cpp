#include "server/http_session.h"

#include "server/http_errors.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <spdlog/spdlog.h>

namespace tanggap::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::uint64_t body_limit_for(const SessionLimits& limits, std::string_view method, std::string_view target,
                             std::string_view content_type) {
  if (method != "POST") return limits.max_body_bytes;
  // Meta batches up to 3 MB of notifications into one POST (PROTOCOLS.md §1.2).
  constexpr std::uint64_t whatsapp_max_body = 3 * 1024 * 1024;
  if (target.substr(0, target.find('?')) == "/webhooks/whatsapp") return std::max(limits.max_body_bytes, whatsapp_max_body);
  if (limits.upload_paths.empty()) return limits.max_body_bytes;
  constexpr std::string_view multipart = "multipart/form-data";
  if (content_type.size() < multipart.size()) return limits.max_body_bytes;
  for (std::size_t i = 0; i < multipart.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(content_type[i])) != multipart[i]) return limits.max_body_bytes;
  const std::string_view path = target.substr(0, target.find('?'));
  for (const auto& upload : limits.upload_paths)
    if (path == upload) return std::max(limits.max_body_bytes, limits.max_upload_bytes);
  return limits.max_body_bytes;
}

namespace {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, std::shared_ptr<const SessionContext> context)
      : stream_(std::move(socket)), context_(std::move(context)) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }

  ~HttpSession() {
    if (context_->open_connections) context_->open_connections->fetch_sub(1);
  }

  // The socket's executor is an io_context run by one thread: every touch of
  // the stream and the buffer happens there, also when an answer comes from
  // another thread (it is dispatched there first).
  void run() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this())); }

 private:
  // The head first: the body limit depends on where the body is going.
  void do_read() {
    parser_.emplace();
    // Beast checks a Content-Length against the limit as the head ends: start
    // with the largest any route allows, and narrow it once the route is known.
    parser_->body_limit(std::max(context_->limits.max_body_bytes, context_->limits.max_upload_bytes));
    parser_->header_limit(context_->limits.max_header_bytes);
    stream_.expires_after(context_->limits.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read(ec, 0);
    const auto& head = parser_->get();
    const auto limit = body_limit_for(context_->limits, head.method_string(), head.target(),
                                      head[http::field::content_type]);
    if (parser_->content_length() && *parser_->content_length() > limit)
      return reject(Errc::body_too_large, "the body is larger than the server accepts");
    parser_->body_limit(limit);  // a chunked body counts down from here
    // An upload of some megabytes from a phone on a slow link takes longer
    // than the idle timeout: allow it at 32 KiB/s, no slower, so a client
    // trickling bytes is still cut off in bounded time.
    if (limit > context_->limits.max_body_bytes) {
      const auto expected = std::min<std::uint64_t>(parser_->content_length().value_or(limit), limit);
      stream_.expires_after(context_->limits.idle_timeout + std::chrono::seconds(expected / (32 * 1024)));
    }
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof)
      return close();
    if (ec == http::error::body_limit) return reject(Errc::body_too_large, "the body is larger than the server accepts");
    if (ec == http::error::header_limit) return reject(Errc::body_too_large, "the headers are larger than the server accepts");
    if (ec) return reject(Errc::malformed, "the request is not valid HTTP/1.1");

    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    head_ = message.method() == http::verb::head;
    version_ = message.version();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.remote_address = remote_;
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    // No read while the handler works: pipelined requests wait in the socket
    // and are answered in order. The deadline is off: a slow append is the
    // server's time, not the client's.
    stream_.expires_never();
    auto self = shared_from_this();
    // dispatch: an answer given at once (a read) is written at once; one
    // given later from another thread (an append) is posted to the session's thread.
    context_->handler(std::move(request), [self](HttpResponse response) {
      net::dispatch(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->write(std::move(response));
      });
    });
  }

  // A request that never reached the handler: answer, then close the
  // connection, since the rest of the stream cannot be trusted.
  void reject(Errc code, std::string message) {
    HttpRequest request;
    request.remote_address = remote_;
    if (parser_ && parser_->is_header_done()) {
      request.method = std::string(parser_->get().method_string());
      request.target = std::string(parser_->get().target());
    }
    auto response = error_response(fail(code, std::move(message)));
    if (context_->on_rejected) context_->on_rejected(request, response);
    keep_alive_ = false;
    head_ = false;
    write(std::move(response));
  }

  void write(HttpResponse response) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version_ == 10 ? 10 : 11);
    res->result(static_cast<http::status>(response.status));
    res->set(http::field::server, "tanggap");
    res->set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res->set(name, value);
    res->keep_alive(keep_alive_);
    if (head_) {
      res->content_length(response.body.size());
    } else {
      res->body() = std::move(response.body);
      res->prepare_payload();
    }
    stream_.expires_after(context_->limits.idle_timeout);  // a client that never reads is cut off too
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      self->on_write(ec, res->need_eof());
    });
  }

  void on_write(beast::error_code ec, bool need_eof) {
    if (ec) return close();
    if (need_eof) return close();
    do_read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<const SessionContext> context_;
  std::string remote_;
  bool keep_alive_ = false;
  bool head_ = false;
  unsigned version_ = 11;
};

}  // namespace

void start_http_session(tcp::socket socket, std::shared_ptr<const SessionContext> context) {
  std::make_shared<HttpSession>(std::move(socket), std::move(context))->run();
}

}  // namespace tanggap::server
