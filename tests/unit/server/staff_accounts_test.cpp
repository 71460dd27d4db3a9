#include "server/staff_accounts.h"

#include "events/sha256.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sys/stat.h>

using namespace tanggap;
using tanggap::testing::StoreFixture;

namespace {
const domain::Instant now = *domain::parse_instant("2026-11-23T09:00:00+07:00");
std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}
}  // namespace

TEST_CASE("the first start creates the admin and a 0600 token file", "[server][staff]") {
  StoreFixture f;
  const std::string file = (f.dir.path() / "admin.token").string();
  REQUIRE(server::ensure_admin(*f.store, file, now));
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string token = read_file(file);
  CHECK(token.size() == 64);
  auto admin = server::load_staff(*f.store, "admin");
  REQUIRE(admin);
  CHECK(admin->exists);
  CHECK(admin->role == domain::Role::admin);
  CHECK(admin->token_hash == events::sha256_hex(token));
  // The token is not in the log, only its hash.
  auto log = f.store->read_log(0, 10);
  REQUIRE(log);
  for (const auto& e : *log) CHECK(e.data.find(token) == std::string::npos);

  SECTION("a second start changes nothing") {
    const auto head = f.store->head();
    REQUIRE(server::ensure_admin(*f.store, file, now));
    CHECK(f.store->head() == head);
    CHECK(read_file(file) == token);
  }
  SECTION("a lost token file is replaced by a rotated token") {
    std::filesystem::remove(file);
    REQUIRE(server::ensure_admin(*f.store, file, now));
    const std::string fresh = read_file(file);
    CHECK(fresh != token);
    CHECK(server::load_staff(*f.store, "admin")->token_hash == events::sha256_hex(fresh));
  }
}

TEST_CASE("staff accounts are created once, with their role and unit", "[server][staff]") {
  StoreFixture f;
  auto siti = server::add_staff(*f.store, "siti", domain::Role::officer, "Bidang Linjamsos", {"admin", "admin"}, now);
  REQUIRE(siti);
  CHECK(siti->token.size() == 64);
  auto state = server::load_staff(*f.store, "siti");
  REQUIRE(state);
  CHECK(state->unit == "Bidang Linjamsos");
  auto again = server::add_staff(*f.store, "siti", domain::Role::admin, "", {"admin", "admin"}, now);
  REQUIRE(again.has_error());
  CHECK(again.error().code == Errc::duplicate);
  CHECK(server::add_staff(*f.store, "Bad Name!", domain::Role::officer, "", {"admin", "admin"}, now).error().field == "name");
}
