// HTTP/1.1 as clients use it: keep-alive, pipelining, HEAD; and what a
// request stored surviving a restart of the server.
#include "tests/support/http_test_helpers.h"
#include "tests/support/raw_socket.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using nlohmann::json;
using tanggap::server::ClientRequest;
using tanggap::server::HttpConnection;
using tanggap::testing::json_of;
using tanggap::testing::projections_caught_up;
using tanggap::testing::RawSocket;
using tanggap::testing::ReadyServerFixture;
using tanggap::testing::ServerFixture;
using tanggap::testing::submit_case;

TEST_CASE("several requests share one kept-alive connection", "[integration][http][protocol]") {
  ReadyServerFixture s;
  auto opened = HttpConnection::open("127.0.0.1", s.port);
  REQUIRE(opened);
  auto& connection = **opened;

  ClientRequest submit;
  submit.method = "POST";
  submit.target = "/api/v1/cases";
  submit.headers = {{"Content-Type", "application/json"}};
  submit.body = ServerFixture::complaint_json();
  auto submitted = connection.send(submit);
  REQUIRE(submitted);
  REQUIRE(submitted->status == 201);
  CHECK(submitted->header("connection") != std::optional<std::string_view>("close"));
  const auto answer = json_of(*submitted);

  ClientRequest track;
  track.target = "/api/v1/track/" + answer["id"].get<std::string>() + "?code=" + answer["tracking_code"].get<std::string>();
  for (int i = 0; i < 5; ++i) {
    CAPTURE(i);
    auto tracked = connection.send(track);
    REQUIRE(tracked);
    CHECK(tracked->status == 200);
    CHECK(json_of(*tracked)["id"] == answer["id"]);
  }
  ClientRequest unknown;
  unknown.target = "/no/such/thing";
  auto missing = connection.send(unknown);  // an error answer keeps the connection too
  REQUIRE(missing);
  CHECK(missing->status == 404);
  ClientRequest health;
  health.target = "/healthz";
  auto healthy = connection.send(health);
  REQUIRE(healthy);
  CHECK(healthy->status == 200);
}

TEST_CASE("two pipelined requests in one write are answered in order", "[integration][http][protocol]") {
  ReadyServerFixture s;
  auto opened = HttpConnection::open("127.0.0.1", s.port);
  REQUIRE(opened);
  auto& connection = **opened;
  REQUIRE(connection.write_raw("GET /readyz HTTP/1.1\r\nHost: t\r\nX-Request-Id: first-one\r\n\r\n"
                               "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Request-Id: second-one\r\n\r\n"));
  auto first = connection.read_response();
  auto second = connection.read_response();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->status == 200);
  CHECK(first->header("x-request-id") == std::optional<std::string_view>("first-one"));
  CHECK(json_of(*first).contains("projections"));
  CHECK(second->status == 200);
  CHECK(second->header("x-request-id") == std::optional<std::string_view>("second-one"));
  CHECK(json_of(*second) == json{{"status", "ok"}});
}

TEST_CASE("HEAD answers the headers of GET without a body", "[integration][http][protocol]") {
  ReadyServerFixture s;
  auto socket = RawSocket::connect(s.port);
  // HEAD and then GET on one connection: if HEAD sent a body, the GET's
  // answer would not start right after the HEAD's headers.
  REQUIRE(socket->send("HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
                       "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  REQUIRE(socket->wait_closed(std::chrono::seconds(5)));
  const std::string& bytes = socket->received();
  CAPTURE(bytes);
  REQUIRE(bytes.rfind("HTTP/1.1 200", 0) == 0);
  const auto end_of_head = bytes.find("\r\n\r\n");
  REQUIRE(end_of_head != std::string::npos);
  const std::string head_headers = bytes.substr(0, end_of_head);
  CHECK(head_headers.find("Content-Length: 15") != std::string::npos);  // {"status":"ok"}
  const std::string rest = bytes.substr(end_of_head + 4);
  CHECK(rest.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(rest.size() > 15);
  CHECK(rest.substr(rest.size() - 15) == R"({"status":"ok"})");
}

TEST_CASE("a submitted case survives a restart, and the queue shows it after", "[integration][http][protocol]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  const auto c = submit_case(s);
  const auto old_port = s.port;

  s.restart();
  CAPTURE(old_port, s.port);

  auto tracked = s.get("/api/v1/track/" + c.id + "?code=" + c.tracking_code);
  REQUIRE(tracked.status == 200);
  CHECK(json_of(tracked)["status"] == "received");
  REQUIRE(projections_caught_up(s));
  auto queue = s.get("/api/v1/cases", officer);  // the staff token survived too
  REQUIRE(queue.status == 200);
  const auto cases = json_of(queue)["cases"];
  REQUIRE(cases.size() == 1);
  CHECK(cases[0]["id"] == c.id);

  // Ids never repeat across a restart: the counter is in the store.
  const auto next = submit_case(s);
  CHECK(next.id == c.id.substr(0, 9) + "000002");
}
