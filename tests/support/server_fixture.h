// tests/support/server_fixture.h — the real server, in-process, on 127.0.0.1:0
// with a temp data directory and the test clock; requests go over real HTTP.
#pragma once

#include "server/app.h"
#include "server/http_client.h"
#include "server/http_server.h"
#include "tests/support/temp_dir.h"

#include <functional>
#include <memory>
#include <string>

namespace tanggap::testing {

struct ServerFixture {
  TempDir dir;
  server::Config config;
  std::unique_ptr<server::App> app;
  std::unique_ptr<server::HttpServer> http;
  std::uint16_t port = 0;
  std::string admin_token;

  explicit ServerFixture(const std::function<void(server::Config&)>& tweak = {}, bool test_clock = true);
  ~ServerFixture();
  void restart();  // stops and starts again on the same data directory (and a new port)

  server::ClientResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                                 const std::string& token = "", server::Fields headers = {});
  server::ClientResponse get(const std::string& target, const std::string& token = "");
  server::ClientResponse post_json(const std::string& target, const std::string& body, const std::string& token = "",
                                   server::Fields headers = {});
  // Creates a staff account through the admin API and returns its token.
  std::string add_staff(const std::string& name, const std::string& role, const std::string& unit = "");
  // A valid complaint body for POST /api/v1/cases.
  static std::string complaint_json(const std::string& extra_fields = "");

 private:
  void start(bool test_clock);
  bool test_clock_ = true;
};

}  // namespace tanggap::testing
