// GET /console (the staff console) over real HTTP: the page, its strict CSP,
// and its scripts and stylesheet served from the binary. What the page does
// in a browser is tests/browser/console.test.mjs.
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

using tanggap::testing::ServerFixture;

namespace {

std::string header_or_empty(const tanggap::server::ClientResponse& r, std::string_view name) {
  return std::string(r.header(name).value_or(""));
}

}  // namespace

TEST_CASE("the staff console page is served without a token, under a strict CSP", "[integration][http][web]") {
  ServerFixture s;
  auto page = s.get("/console");  // no token: the page holds no data; its API calls carry the token
  REQUIRE(page.status == 200);
  CHECK(header_or_empty(page, "content-type") == "text/html; charset=utf-8");
  CHECK(header_or_empty(page, "cache-control") == "no-store");
  CHECK(header_or_empty(page, "x-content-type-options") == "nosniff");
  const std::string csp = header_or_empty(page, "content-security-policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(csp.find("unsafe-eval") == std::string::npos);
  CHECK(csp.find("script-src") == std::string::npos);  // scripts fall under default-src 'self'

  CHECK(page.body.find("<html lang=\"id\">") != std::string::npos);
  CHECK(page.body.find("id=\"login-form\"") != std::string::npos);
  CHECK(page.body.find("Kasus ini sudah diubah orang lain.") != std::string::npos);
  CHECK(page.body.find("Muat lagi") != std::string::npos);
  // Every script is a file of ours with its version: an inline one would be refused by the CSP.
  const std::regex script_tag("<script[^>]*>");
  const std::regex versioned_src("^<script src=\"/static/console_[a-z]+\\.js\\?v=[0-9a-f]{16}\" defer>$");
  int scripts = 0;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), script_tag); it != std::sregex_iterator(); ++it) {
    CAPTURE(it->str());
    CHECK(std::regex_match(it->str(), versioned_src));
    ++scripts;
  }
  CHECK(scripts == 10);
  CHECK(page.body.find("style=") == std::string::npos);  // no inline style either
}

TEST_CASE("the staff console's scripts and stylesheet are served from the binary", "[integration][http][web]") {
  ServerFixture s;
  auto page = s.get("/console");
  REQUIRE(page.status == 200);
  const std::regex asset("(?:src|href)=\"(/static/(console[a-z_]*\\.(?:js|css)|tanggap\\.css)\\?v=[0-9a-f]{16})\"");
  std::set<std::string> seen;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), asset); it != std::sregex_iterator(); ++it) {
    const std::string url = (*it)[1];
    const std::string name = (*it)[2];
    CAPTURE(url);
    auto r = s.get(url);
    REQUIRE(r.status == 200);
    CHECK(!r.body.empty());
    CHECK(header_or_empty(r, "cache-control") == "public, max-age=31536000, immutable");
    CHECK(header_or_empty(r, "content-type") ==
          (name.ends_with(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"));
    seen.insert(name);
  }
  CHECK(seen.contains("console.css"));
  CHECK(seen.contains("tanggap.css"));
  CHECK(seen.contains("console_api.js"));
  CHECK(seen.contains("console_main.js"));
  CHECK(seen.size() == 12);  // two stylesheets, ten scripts

  SECTION("the console's script talks to the staff API with the bearer token, never by cookie") {
    auto api = s.get("/static/console_api.js");
    REQUIRE(api.status == 200);
    CHECK(api.body.find("'Bearer '") != std::string::npos);
    CHECK(api.body.find("sessionStorage") != std::string::npos);
    CHECK(api.body.find("document.cookie") == std::string::npos);
  }
}
