// Clients that misbehave on purpose: half a request and then silence, headers
// trickled a byte at a time, hundreds of idle sockets, garbage bytes, huge
// header lines, more connections than allowed. The server cuts them off or
// refuses them, never crashes, and keeps answering everyone else. Waits are
// "until this holds, or fail after N ms"; the file runs in a few seconds.
#include "tests/support/http_test_helpers.h"
#include "tests/support/raw_socket.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using tanggap::server::ClientRequest;
using tanggap::server::HttpConnection;
using tanggap::testing::RawSocket;
using tanggap::testing::ReadyServerFixture;
using tanggap::testing::ServerFixture;

namespace {

using Clock = std::chrono::steady_clock;

void idle_timeout_1s(tanggap::server::Config& c) { c.limits.idle_timeout_s = 1; }

// GET /healthz on a fresh connection with a short deadline: 200 or not.
bool healthy(const ServerFixture& s, std::chrono::milliseconds timeout = 2000ms) {
  ClientRequest r;
  r.target = "/healthz";
  auto answer = tanggap::server::http_call("127.0.0.1", s.port, r, timeout);
  return answer && answer->status == 200;
}

// The server either answers `status` and closes, or closes without a word.
void check_refused_or_closed(RawSocket& socket, const char* status) {
  REQUIRE(socket.wait_closed(3000ms));
  const std::string& got = socket.received();
  CAPTURE(got);
  if (!got.empty()) CHECK(got.rfind(std::string("HTTP/1.1 ") + status, 0) == 0);
}

}  // namespace

TEST_CASE("a client that sends half a request line and goes quiet is cut off while others are served",
          "[integration][http][hostile]") {
  ReadyServerFixture s(idle_timeout_1s);
  auto quiet = RawSocket::connect(s.port);
  REQUIRE(quiet->send("GET /heal"));
  const auto started = Clock::now();

  int served = 0;
  bool cut_off = false;
  while (!cut_off && Clock::now() - started < 3000ms) {
    CHECK(healthy(s));
    ++served;
    cut_off = quiet->wait_closed(100ms);
  }
  const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  CAPTURE(after.count(), served);
  CHECK(cut_off);
  CHECK(after >= 900ms);  // by the idle timeout, not at once
  CHECK(served >= 2);     // others were answered meanwhile
  CHECK(quiet->received().empty());
}

TEST_CASE("a client trickling its headers a byte at a time is cut off", "[integration][http][hostile]") {
  ReadyServerFixture s(idle_timeout_1s);
  auto slow = RawSocket::connect(s.port);
  // Each byte comes well within the idle timeout, but the whole request would
  // take 8 s: the deadline covers the request, not each byte.
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: " + std::string(20, 'a') + "\r\n\r\n";
  const auto started = Clock::now();
  std::size_t sent = 0;
  bool cut_off = false;
  while (!cut_off && sent < request.size() && Clock::now() - started < 4000ms) {
    if (!slow->send(request.substr(sent, 1))) break;  // a reset: cut off too
    ++sent;
    cut_off = slow->wait_closed(150ms);
  }
  if (!cut_off) cut_off = slow->wait_closed(500ms);
  const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  CAPTURE(sent, request.size(), after.count());
  CHECK(cut_off);
  CHECK(sent < request.size());
  CHECK(after < 3000ms);
  CHECK(slow->received().find("200") == std::string::npos);
  CHECK(healthy(s));
}

TEST_CASE("two hundred idle connections do not keep a normal request from an answer", "[integration][http][hostile]") {
  ReadyServerFixture s;
  std::vector<std::unique_ptr<RawSocket>> idle;
  for (int i = 0; i < 200; ++i) idle.push_back(RawSocket::connect(s.port));
  const auto started = Clock::now();
  CHECK(healthy(s, 3000ms));
  CHECK(Clock::now() - started < 2000ms);
  // They are still open: the server did not shed them to answer.
  CHECK_FALSE(idle.front()->wait_closed(0ms));
  CHECK_FALSE(idle.back()->wait_closed(0ms));
}

TEST_CASE("garbage bytes get a 400 or a closed connection and the server goes on", "[integration][http][hostile]") {
  ReadyServerFixture s;
  SECTION("binary noise") {
    auto noise = RawSocket::connect(s.port);
    REQUIRE(noise->send(std::string("\x00\xff\xfe\x01\x02garbage\r\n\r\n", 16)));
    check_refused_or_closed(*noise, "400");
  }
  SECTION("an HTTP version that does not exist") {
    auto future = RawSocket::connect(s.port);
    REQUIRE(future->send("GET / HTTP/9.9\r\nHost: t\r\n\r\n"));
    check_refused_or_closed(*future, "400");
  }
  SECTION("a request line with no version") {
    auto old = RawSocket::connect(s.port);
    REQUIRE(old->send("GET /healthz\r\n\r\n"));
    check_refused_or_closed(*old, "400");
  }
  SECTION("a Content-Length that is no number") {
    auto bad = RawSocket::connect(s.port);
    REQUIRE(bad->send("POST /api/v1/cases HTTP/1.1\r\nHost: t\r\nContent-Length: lots\r\n\r\n{}"));
    check_refused_or_closed(*bad, "400");
  }
  CHECK(healthy(s));
}

TEST_CASE("a request with a 100 KB header line is refused", "[integration][http][hostile]") {
  ReadyServerFixture s;
  auto big = RawSocket::connect(s.port);
  big->send("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(100 * 1024, 'a') + "\r\n\r\n");  // may fail half-way: refused
  check_refused_or_closed(*big, "413");
  CHECK(healthy(s));
}

TEST_CASE("past limits.max_connections a new connection is closed while the others work", "[integration][http][hostile]") {
  ReadyServerFixture s([](tanggap::server::Config& c) { c.limits.max_connections = 5; });
  std::vector<std::unique_ptr<HttpConnection>> five;
  ClientRequest health;
  health.target = "/healthz";
  for (int i = 0; i < 5; ++i) {
    auto opened = HttpConnection::open("127.0.0.1", s.port, 3000ms);
    REQUIRE(opened);
    auto answer = (*opened)->send(health);  // answered: the server counts it as open
    REQUIRE(answer);
    CHECK(answer->status == 200);
    five.push_back(std::move(*opened));
  }

  auto sixth = RawSocket::connect(s.port);  // the kernel accepts; the server closes it
  sixth->send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(sixth->wait_closed(2000ms));
  CHECK(sixth->received().empty());

  for (auto& connection : five) {
    auto answer = connection->send(health);
    REQUIRE(answer);
    CHECK(answer->status == 200);
  }

  // A place freed is a place taken again.
  five.pop_back();
  CHECK(tanggap::testing::wait_until([&] { return healthy(s, 1000ms); }, 3000ms));
}
