#include "server/config.h"

#include <catch2/catch.hpp>

#include <map>

using namespace tanggap;
using namespace tanggap::server;

namespace {
Getenv env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}
}  // namespace

TEST_CASE("with no file the built-in defaults of the contract apply", "[server][config]") {
  auto c = parse_config("", "defaults", env({}));
  REQUIRE(c);
  CHECK(c->listen == "127.0.0.1:8080");
  CHECK(c->data_dir == "./var/tanggap");
  CHECK(c->catalog_dir == "ops/catalog");
  CHECK(c->durability == "sync");
  CHECK(c->whatsapp.api_base == "https://graph.facebook.com/v21.0");
  CHECK(c->limits.max_body_bytes == 1048576);
  CHECK(c->email.smtp.port == 25);
}

TEST_CASE("a file overrides only the keys it names", "[server][config]") {
  auto c = parse_config(R"({"listen":"0.0.0.0:9000","whatsapp":{"enabled":true},"limits":{"idle_timeout_s":5}})",
                        "test.json", env({}));
  REQUIRE(c);
  CHECK(c->listen == "0.0.0.0:9000");
  CHECK(c->whatsapp.enabled);
  CHECK(c->whatsapp.status_template == "case_status_update");
  CHECK(c->limits.idle_timeout_s == 5);
  CHECK(c->limits.max_connections == 10000);
}

TEST_CASE("an unknown key stops the start and is named with its file", "[server][config]") {
  auto c = parse_config(R"({"whatsapp":{"app_secert":"x"}})", "/etc/tanggap.json", env({}));
  REQUIRE(c.has_error());
  CHECK(c.error().field == "whatsapp.app_secert");
  CHECK_THAT(c.error().message, Catch::Contains("/etc/tanggap.json") && Catch::Contains("unknown key"));
}

TEST_CASE("a value of the wrong kind is refused with the key named", "[server][config]") {
  SECTION("a string for a number") {
    auto c = parse_config(R"({"limits":{"max_body_bytes":"big"}})", "f", env({}));
    REQUIRE(c.has_error());
    CHECK(c.error().field == "limits.max_body_bytes");
  }
  SECTION("a negative number") {
    CHECK(parse_config(R"({"limits":{"max_connections":-1}})", "f", env({})).has_error());
  }
  SECTION("a port past 65535") {
    auto c = parse_config(R"({"email":{"smtp":{"port":70000}}})", "f", env({}));
    REQUIRE(c.has_error());
    CHECK(c.error().field == "email.smtp.port");
  }
  SECTION("an object for a string") {
    CHECK(parse_config(R"({"listen":{"host":"x"}})", "f", env({})).has_error());
  }
  SECTION("a listen address without a port") {
    CHECK(parse_config(R"({"listen":"127.0.0.1"})", "f", env({})).error().field == "listen");
    CHECK(parse_config(R"({"listen":"127.0.0.1:http"})", "f", env({})).error().field == "listen");
    CHECK(parse_config(R"({"listen":"127.0.0.1:99999"})", "f", env({})).error().field == "listen");
    CHECK(parse_config(R"({"listen":":8080"})", "f", env({})).error().field == "listen");
  }
  SECTION("an unknown durability") {
    CHECK(parse_config(R"({"durability":"maybe"})", "f", env({})).error().field == "durability");
  }
  SECTION("a time zone outside Indonesia") {
    CHECK(parse_config(R"({"time_zone":"Europe/Paris"})", "f", env({})).error().field == "time_zone");
  }
  SECTION("not JSON at all") {
    CHECK(parse_config("{\"listen\":", "f", env({})).error().code == Errc::malformed);
    CHECK(parse_config("[1,2]", "f", env({})).error().code == Errc::malformed);
  }
}

TEST_CASE("environment variables override the file, for secrets", "[server][config]") {
  auto c = parse_config(R"({"whatsapp":{"app_secret":"from-file"}})", "f",
                        env({{"TANGGAP_WHATSAPP_APP_SECRET", "from-env"},
                             {"TANGGAP_EMAIL_SMTP_PORT", "2525"},
                             {"TANGGAP_TELEGRAM_ENABLED", "true"},
                             {"TANGGAP_DATA_DIR", "/srv/tanggap"}}));
  REQUIRE(c);
  CHECK(c->whatsapp.app_secret == "from-env");
  CHECK(c->email.smtp.port == 2525);
  CHECK(c->telegram.enabled);
  CHECK(c->data_dir == "/srv/tanggap");
  CHECK(parse_config("", "f", env({{"TANGGAP_LIMITS_MAX_BODY_BYTES", "12abc"}})).has_error());
  CHECK(parse_config("", "f", env({{"TANGGAP_TELEGRAM_ENABLED", "yes please"}})).has_error());
}
