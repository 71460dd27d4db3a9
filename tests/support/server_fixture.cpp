#include "tests/support/server_fixture.h"

#include "server/data_dir.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <stdexcept>

namespace tanggap::testing {

ServerFixture::ServerFixture(const std::function<void(server::Config&)>& tweak, bool test_clock) : test_clock_(test_clock) {
  config.data_dir = (dir.path() / "data").string();
  config.catalog_dir = (source_dir() / "ops" / "catalog").string();
  config.calendar_dir = (source_dir() / "ops" / "calendar").string();
  config.bot.texts_dir = (source_dir() / "ops" / "texts").string();
  config.listen = "127.0.0.1:0";
  // Tests submit many cases from one address: the rate limit is off unless a
  // test turns it on (http_form_test.cpp does).
  config.limits.submissions_per_minute = 0;
  if (tweak) tweak(config);
  spdlog::set_level(spdlog::level::warn);  // request lines would drown the test output
  start(test_clock);
}

ServerFixture::~ServerFixture() {
  if (http) http->stop(std::chrono::milliseconds(500));
  app.reset();  // before the server: late answers post into its stopped io_context
  http.reset();
}

void ServerFixture::start(bool test_clock) {
  auto opened = server::App::open(config, test_clock);
  if (!opened) throw std::runtime_error("App::open: " + opened.error().message);
  app = std::move(*opened);
  auto started = server::HttpServer::start(*app, 2);
  if (!started) throw std::runtime_error("HttpServer::start: " + started.error().message);
  http = std::move(*started);
  port = http->port();
  std::ifstream in(server::admin_token_path(config.data_dir));
  std::getline(in, admin_token);
}

void ServerFixture::restart() {
  http->stop(std::chrono::milliseconds(500));
  app.reset();
  http.reset();
  start(test_clock_);
}

server::ClientResponse ServerFixture::request(const std::string& method, const std::string& target,
                                              const std::string& body, const std::string& token, server::Fields headers) {
  server::ClientRequest r;
  r.method = method;
  r.target = target;
  r.body = body;
  r.headers = std::move(headers);
  if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
  auto response = server::http_call("127.0.0.1", port, r);
  if (!response) throw std::runtime_error("HTTP call failed: " + response.error().message);
  return *response;
}

server::ClientResponse ServerFixture::get(const std::string& target, const std::string& token) {
  return request("GET", target, "", token);
}

server::ClientResponse ServerFixture::post_json(const std::string& target, const std::string& body,
                                                const std::string& token, server::Fields headers) {
  headers.emplace_back("Content-Type", "application/json");
  return request("POST", target, body, token, std::move(headers));
}

std::string ServerFixture::add_staff(const std::string& name, const std::string& role, const std::string& unit) {
  auto r = post_json("/api/v1/admin/users", nlohmann::json{{"name", name}, {"role", role}, {"unit", unit}}.dump(), admin_token);
  if (r.status != 201) throw std::runtime_error("add_staff: " + r.body);
  return nlohmann::json::parse(r.body)["token"].get<std::string>();
}

std::string ServerFixture::complaint_json(const std::string& extra_fields) {
  std::string body = R"({"service":"pengaduan","office":"kab-lumajang","title":"PKH ibu saya belum cair",)"
                     R"("body":"Sudah tiga bulan PKH belum cair.","reporter":{"name":"Siti Aminah",)"
                     R"("phone":"0812-0000-1234","nik":"3508 1245 0678 0003"})";
  if (!extra_fields.empty()) body += "," + extra_fields;
  return body + "}";
}

}  // namespace tanggap::testing
