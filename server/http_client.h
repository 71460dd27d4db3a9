// server/http_client.h — a small blocking HTTP/1.1 client for the command line
// (`user add` against a running server, `mailgate`) and for tests. Plain HTTP
// to a HOST:PORT; one connection per call unless a Connection is kept.
// Not for I/O threads: it blocks.
#pragma once

#include "events/domain/error.h"
#include "server/http_types.h"

#include <chrono>
#include <memory>
#include <string>

namespace tanggap::server {

struct ClientRequest {
  std::string method = "GET";
  std::string target = "/";
  Fields headers;
  std::string body;
};

struct ClientResponse {
  unsigned status = 0;
  Fields headers;  // names in lower case
  std::string body;
  std::optional<std::string_view> header(std::string_view lower_name) const;
};

// A kept-alive connection (tests of keep-alive and pipelining use it).
class HttpConnection {
 public:
  static Result<std::unique_ptr<HttpConnection>> open(const std::string& host, std::uint16_t port,
                                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpConnection();
  Result<ClientResponse> send(const ClientRequest& request);
  // Raw bytes out and one parsed response in (hostile-client tests).
  Result<void> write_raw(std::string_view bytes);
  Result<ClientResponse> read_response();

 private:
  HttpConnection();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request on a fresh connection. Errors: not_ready when the server is unreachable.
Result<ClientResponse> http_call(const std::string& host, std::uint16_t port, const ClientRequest& request,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace tanggap::server
