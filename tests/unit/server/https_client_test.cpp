// server/https_client: a URL it cannot use is refused as malformed before
// anything is sent (ports out of range or empty, other schemes, no host), a
// peer that is not there is "not ready" (the outbox retries), and a request to
// an address on loopback goes out and its answer comes back, by host name
// (through the resolver) and by IP literal (without it). The WhatsApp media
// fetch sends its token only to a URL of the API's own scheme.
#include "server/https_client.h"
#include "server/whatsapp_media.h"
#include "tests/fakes/fake_graph_api.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace tanggap::testing {

namespace {

server::OutboundRequest post(std::string url) {
  server::OutboundRequest r;
  r.url = std::move(url);
  r.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer token-uji"}};
  r.body = R"({"messaging_product":"whatsapp","to":"+6281234567890","type":"text","text":{"body":"Halo"}})";
  return r;
}

// A loopback port that nothing listens on (bound, then closed).
unsigned short closed_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

}  // namespace

TEST_CASE("a URL the client cannot use is refused before anything is sent", "[https_client]") {
  for (const char* url : {"http://127.0.0.1:/v21.0/x", "http://127.0.0.1:0/x", "http://127.0.0.1:65536/x",
                          "http://127.0.0.1:99999999999999999999/x", "ftp://127.0.0.1/x", "http:///x", "/v21.0/x",
                          "not a url", ""}) {
    INFO(url);
    const auto r = server::https_call(post(url), std::chrono::seconds(2));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::malformed);
  }
}

TEST_CASE("a peer that is not there is not ready, so the caller retries", "[https_client]") {
  const auto r = server::https_call(post("http://127.0.0.1:" + std::to_string(closed_port()) + "/v21.0/x"),
                                    std::chrono::seconds(2));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::not_ready);
}

TEST_CASE("a request reaches the peer and its answer comes back, by address and by name", "[https_client]") {
  FakeGraphApi graph;
  const std::string by_address = graph.base_url() + "/PNID-1/messages";  // http://127.0.0.1:<port>/...
  std::string by_name = by_address;
  by_name.replace(by_name.find("127.0.0.1"), 9, "localhost");
  for (const auto& url : {by_address, by_name}) {
    INFO(url);
    const auto r = server::https_call(post(url), std::chrono::seconds(5));
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto answer = nlohmann::json::parse(r->body);
    CHECK(answer["messages"][0]["id"].get<std::string>().starts_with("wamid.OUT-"));
  }
  const auto seen = graph.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].target == "/v21.0/PNID-1/messages");
  CHECK(seen[0].authorization == "Bearer token-uji");
  CHECK(nlohmann::json::parse(seen[1].body)["to"] == "+6281234567890");
}

}  // namespace tanggap::testing

namespace tanggap::testing {

TEST_CASE("the access token goes to a media URL only over the API's own scheme", "[https_client][whatsapp]") {
  const std::string graph = "https://graph.facebook.com/v21.0";
  CHECK(server::media_url_acceptable(graph, "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1"));
  for (const char* url : {"http://lookaside.fbsbx.com/x", "ftp://lookaside.fbsbx.com/x", "https://", "", "//evil/x",
                          "file:///etc/passwd", "HTTPS://x"})
    CHECK_FALSE(server::media_url_acceptable(graph, url));
  CHECK(server::media_url_acceptable("http://127.0.0.1:9/v21.0", "http://127.0.0.1:9/media-bytes/1"));  // the tests' fake
  CHECK_FALSE(server::media_url_acceptable("", "https://x"));
}

}  // namespace tanggap::testing
