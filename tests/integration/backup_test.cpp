// `tanggap backup` and `tanggap restore`, driven as an operator would: offline
// and through a running server, restored into a new directory that must
// verify, serve, and track every case acknowledged before the backup began.
#include "server/data_dir.h"
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/run_command.h"
#include "tests/support/server_fixture.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

using nlohmann::json;
using tanggap::testing::error_field;
using tanggap::testing::json_of;
using tanggap::testing::ReadyServerFixture;
using tanggap::testing::run_command;
using tanggap::testing::ServerFixture;
using tanggap::testing::submit_case;
using tanggap::testing::SubmittedCase;
using tanggap::testing::tanggap_binary;
using tanggap::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::string shell_quoted(const fs::path& p) { return "'" + p.string() + "'"; }

void no_rate_limit(tanggap::server::Config& c) { c.limits.submissions_per_minute = 0; }

// A citizen's case with one photo, sent as the web form sends it.
SubmittedCase submit_with_photo(ServerFixture& s, const std::string& photo) {
  const std::string boundary = "----TanggapBackupTest";
  std::string body;
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"service", "pengaduan"}, {"office", "kab-lumajang"}, {"title", "Jalan desa rusak"},
           {"body", "Jalan di depan balai desa berlubang."}, {"reporter.name", "Siti Aminah"}, {"reporter.phone", "0812-0000-1234"}})
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"jalan.jpg\"\r\n"
          "Content-Type: image/jpeg\r\n\r\n" + photo + "\r\n--" + boundary + "--\r\n";
  auto r = s.request("POST", "/api/v1/cases", body, "", {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  REQUIRE(r.status == 201);
  const auto answer = json_of(r);
  return {answer["id"], answer["tracking_code"]};
}

std::string jpeg(char tag) { return "\xFF\xD8\xFF\xE0" + std::string(3000, tag) + "\xFF\xD9"; }

bool trackable(ServerFixture& s, const SubmittedCase& c) {
  return s.get("/api/v1/track/" + c.id + "?code=" + c.tracking_code).status == 200;
}

// Stops the in-process server and closes its store, keeping the data directory.
void stop(ServerFixture& s) {
  s.http->stop(std::chrono::milliseconds(500));
  s.app.reset();
  s.http.reset();
}

}  // namespace

TEST_CASE("an operator backs up a stopped server's store and restores it into a new directory", "[integration][cli][backup]") {
  TempDir work;
  const fs::path dest = work.path() / "cadangan";
  const fs::path restored = work.path() / "pulih";
  std::vector<SubmittedCase> cases;
  std::string photo_sha;
  std::string data;
  {
    ServerFixture s(no_rate_limit);
    data = s.config.data_dir;
    for (int i = 0; i < 3; ++i) cases.push_back(submit_case(s));
    cases.push_back(submit_with_photo(s, jpeg('a')));
    const auto view = json_of(s.get("/api/v1/cases/" + cases.back().id, s.admin_token));
    REQUIRE(view["attachments"].size() == 1);
    photo_sha = view["attachments"][0]["sha256"];
    stop(s);

    auto backup = run_command(tanggap_binary() + " backup " + shell_quoted(dest) + " --data " + shell_quoted(data));
    REQUIRE(backup.exit_code == 0);
    CHECK_THAT(backup.out, Catch::Contains("backup 1 in " + dest.string()) && Catch::Contains("attachments: 1 copied"));
    CHECK(fs::exists(dest / "TANGGAP-BACKUP"));
    CHECK(fs::exists(dest / "attachments" / photo_sha.substr(0, 2) / photo_sha));
    CHECK_FALSE(fs::exists(dest / "admin.token"));

    // One pass, not SECTIONs: Catch would start the server and back up again for each.
    {  // a backup into a directory holding other things is refused
      const fs::path other = work.path() / "lain";
      fs::create_directories(other);
      std::ofstream(other / "catatan.txt") << "jangan ditimpa";
      auto refused = run_command(tanggap_binary() + " backup " + shell_quoted(other) + " --data " + shell_quoted(data) + " 2>&1");
      CHECK(refused.exit_code == 1);
      CHECK_THAT(refused.out, Catch::Contains("neither empty nor a tanggap backup directory"));
      CHECK_FALSE(fs::exists(other / "store"));
    }
    {  // a backup into the data directory itself is refused
      auto refused = run_command(tanggap_binary() + " backup " + shell_quoted(fs::path(data) / "backup") + " --data " + shell_quoted(data) + " 2>&1");
      CHECK(refused.exit_code == 1);
      CHECK_THAT(refused.out, Catch::Contains("inside the data directory"));
    }
    {  // a second backup into the same directory is incremental; the restore below takes it
      auto again = run_command(tanggap_binary() + " backup " + shell_quoted(dest) + " --keep 1 --data " + shell_quoted(data));
      REQUIRE(again.exit_code == 0);
      CHECK_THAT(again.out, Catch::Contains("backup 2 in") && Catch::Contains("attachments: 0 copied") &&
                                Catch::Contains("backups kept in " + dest.string() + ": 1"));
    }
  }  // the original data directory is gone from here on

  auto restore = run_command(tanggap_binary() + " restore " + shell_quoted(dest) + " --data " + shell_quoted(restored));
  REQUIRE(restore.exit_code == 0);
  CHECK_THAT(restore.out, Catch::Contains("log: " + std::to_string(cases.size() + 1) + " events") &&  // the admin account too
                              Catch::Contains("all 1 named by events are there"));
  CHECK_FALSE(fs::exists(restored / "admin.token"));
  auto verified = run_command(tanggap_binary() + " verify --data " + shell_quoted(restored));
  CHECK(verified.exit_code == 0);
  CHECK_THAT(verified.out, Catch::StartsWith("ok: " + std::to_string(cases.size() + 1) + " events"));

  ReadyServerFixture s([&](tanggap::server::Config& c) { c.data_dir = restored.string(); });
  CHECK_FALSE(s.admin_token.empty());  // a new token, written at the first start
  for (const auto& c : cases) CHECK(trackable(s, c));
  auto photo = s.get("/api/v1/cases/" + cases.back().id + "/attachments/" + photo_sha, s.admin_token);
  CHECK(photo.status == 200);
  CHECK(photo.body == jpeg('a'));
  // The restored store takes new cases after the old ones.
  CHECK(submit_case(s).id != cases.back().id);
}

TEST_CASE("a backup through the running server holds every case acknowledged before it began", "[integration][cli][backup]") {
  ReadyServerFixture s(no_rate_limit);
  TempDir work;
  const fs::path dest = work.path() / "cadangan";
  const fs::path restored = work.path() / "pulih";
  const std::string flags = " --data " + shell_quoted(s.config.data_dir) + " --listen 127.0.0.1:" + std::to_string(s.port);
  std::vector<SubmittedCase> acknowledged;
  acknowledged.push_back(submit_with_photo(s, jpeg('b')));
  std::mutex mutex;
  std::atomic<bool> running{true};
  std::vector<std::thread> citizens;
  for (int t = 0; t < 4; ++t)
    citizens.emplace_back([&] {
      while (running) {
        auto c = submit_case(s);
        std::lock_guard lock(mutex);
        acknowledged.push_back(std::move(c));
      }
    });
  REQUIRE(tanggap::testing::wait_until([&] { std::lock_guard lock(mutex); return acknowledged.size() >= 40; }, std::chrono::seconds(20)));
  std::size_t before_backup = 0;
  {
    std::lock_guard lock(mutex);
    before_backup = acknowledged.size();
  }
  auto backup = run_command(tanggap_binary() + " backup " + shell_quoted(dest) + flags);
  running = false;
  for (auto& t : citizens) t.join();
  REQUIRE(backup.exit_code == 0);
  CHECK_THAT(backup.out, Catch::Contains("the server at") && Catch::Contains("backup 1 in"));
  INFO("acknowledged before the backup began: " << before_backup << ", in all: " << acknowledged.size());

  const auto head_at_stop = tanggap::testing::log_head(s);
  stop(s);
  auto restore = run_command(tanggap_binary() + " restore " + shell_quoted(dest) + " --data " + shell_quoted(restored));
  REQUIRE(restore.exit_code == 0);
  CHECK(run_command(tanggap_binary() + " verify --data " + shell_quoted(restored)).exit_code == 0);

  ReadyServerFixture r([&](tanggap::server::Config& c) { c.data_dir = restored.string(); });
  CHECK(tanggap::testing::log_head(r) <= head_at_stop + 1);  // + the admin token rotated at start
  std::size_t missing = 0;
  for (std::size_t i = 0; i < before_backup; ++i)
    if (!trackable(r, acknowledged[i])) ++missing;
  CHECK(missing == 0);
  // The projections caught up at start: the queue shows what the log holds.
  const auto queue = json_of(r.get("/api/v1/cases?limit=1", r.admin_token));
  CHECK(queue["cases"].size() == 1);
}

TEST_CASE("restore refuses a data directory that is not empty and leaves it alone", "[integration][cli][backup]") {
  TempDir work;
  const fs::path dest = work.path() / "cadangan";
  {
    ServerFixture s;
    stop(s);
    REQUIRE(run_command(tanggap_binary() + " backup " + shell_quoted(dest) + " --data " + shell_quoted(s.config.data_dir)).exit_code == 0);
  }
  const fs::path busy = work.path() / "data";
  fs::create_directories(busy);
  std::ofstream(busy / "catatan.txt") << "milik orang lain";
  auto refused = run_command(tanggap_binary() + " restore " + shell_quoted(dest) + " --data " + shell_quoted(busy) + " 2>&1");
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.out, Catch::Contains("is not empty"));
  CHECK(fs::exists(busy / "catatan.txt"));
  CHECK_FALSE(fs::exists(busy / "store"));

  SECTION("nor restores from a directory that is no backup") {
    auto wrong = run_command(tanggap_binary() + " restore " + shell_quoted(busy) + " --data " + shell_quoted(work.path() / "baru") + " 2>&1");
    CHECK(wrong.exit_code == 1);
    CHECK_THAT(wrong.out, Catch::Contains("not a tanggap backup directory"));
    CHECK_FALSE(fs::exists(work.path() / "baru"));
  }
}

TEST_CASE("restore fails, leaving nothing behind, when the backup lacks an attachment an event names", "[integration][cli][backup]") {
  TempDir work;
  const fs::path dest = work.path() / "cadangan";
  std::string sha;
  {
    ServerFixture s(no_rate_limit);
    const auto c = submit_with_photo(s, jpeg('c'));
    sha = json_of(s.get("/api/v1/cases/" + c.id, s.admin_token))["attachments"][0]["sha256"];
    stop(s);
    REQUIRE(run_command(tanggap_binary() + " backup " + shell_quoted(dest) + " --data " + shell_quoted(s.config.data_dir)).exit_code == 0);
  }
  fs::remove(dest / "attachments" / sha.substr(0, 2) / sha);
  const fs::path restored = work.path() / "pulih";
  auto failed = run_command(tanggap_binary() + " restore " + shell_quoted(dest) + " --data " + shell_quoted(restored) + " 2>&1");
  CHECK(failed.exit_code == 1);
  CHECK_THAT(failed.out, Catch::Contains("attachment " + sha + " is named by an event but is not in the backup"));
  CHECK_FALSE(fs::exists(restored));
}

TEST_CASE("a backup while the server runs needs the admin token, and says so", "[integration][cli][backup]") {
  ServerFixture s;
  TempDir work;
  fs::rename(tanggap::server::admin_token_path(s.config.data_dir), work.path() / "admin.token.elsewhere");
  auto refused = run_command(tanggap_binary() + " backup " + shell_quoted(work.path() / "cadangan") + " --data " +
                             shell_quoted(s.config.data_dir) + " --listen 127.0.0.1:" + std::to_string(s.port) + " 2>&1");
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.out, Catch::Contains("the server is running") && Catch::Contains("admin.token cannot be read"));
  CHECK_FALSE(fs::exists(work.path() / "cadangan"));
}

TEST_CASE("the backup route takes an absolute directory from an admin only", "[integration][http][backup]") {
  ReadyServerFixture s;
  TempDir work;
  const std::string dest = (work.path() / "cadangan").string();
  const auto officer = s.add_staff("budi", "officer");
  CHECK(s.post_json("/api/v1/admin/backup", json{{"dest", dest}}.dump(), officer).status == 403);
  CHECK(s.post_json("/api/v1/admin/backup", json{{"dest", dest}}.dump()).status == 401);
  auto relative = s.post_json("/api/v1/admin/backup", json{{"dest", "cadangan"}}.dump(), s.admin_token);
  CHECK(relative.status == 422);
  CHECK(error_field(relative) == "dest");
  auto typo = s.post_json("/api/v1/admin/backup", json{{"dest", dest}, {"kepp", 3}}.dump(), s.admin_token);
  CHECK(typo.status == 422);
  auto inside = s.post_json("/api/v1/admin/backup", json{{"dest", s.config.data_dir + "/b"}}.dump(), s.admin_token);
  CHECK(inside.status == 422);

  auto done = s.post_json("/api/v1/admin/backup", json{{"dest", dest}, {"keep", 2}}.dump(), s.admin_token);
  REQUIRE(done.status == 200);
  const auto summary = json_of(done);
  CHECK(summary["backup_id"] == 1);
  CHECK(summary["head"] == tanggap::testing::log_head(s));
  CHECK(summary["damaged_attachments"].empty());
  CHECK(json_of(s.get("/openapi.json"))["paths"].contains("/api/v1/admin/backup"));
}
