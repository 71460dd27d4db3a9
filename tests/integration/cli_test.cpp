// The real binary, driven as an operator would: user add, verify, rebuild.
#include "events/event_store.h"
#include "server/data_dir.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <rocksdb/db.h>

using namespace tanggap;
using tanggap::testing::run_command;
using tanggap::testing::tanggap_binary;
using tanggap::testing::TempDir;

TEST_CASE("tanggap --version names the program", "[integration][cli]") {
  auto r = run_command(tanggap_binary() + " --version");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("tanggap "));
}

TEST_CASE("an operator adds staff offline, verifies and rebuilds the store", "[integration][cli]") {
  TempDir dir;
  const std::string data = "'" + dir.str() + "/data'";
  auto added = run_command(tanggap_binary() + " user add siti --role officer --unit 'Bidang Linjamsos' --data " + data);
  REQUIRE(added.exit_code == 0);
  CHECK(added.out.size() == 65);  // 64 hex characters and a newline, nothing else on stdout
  CHECK(run_command(tanggap_binary() + " user add siti --role officer --data " + data).exit_code == 1);
  CHECK(run_command(tanggap_binary() + " user add budi --role janitor --data " + data + " 2>/dev/null").exit_code != 0);

  auto verified = run_command(tanggap_binary() + " verify --data " + data);
  CHECK(verified.exit_code == 0);
  CHECK_THAT(verified.out, Catch::StartsWith("ok: 1 events"));
  CHECK(run_command(tanggap_binary() + " rebuild --data " + data).exit_code == 0);
  // verify of a missing store says so
  CHECK(run_command(tanggap_binary() + " verify --data '" + dir.str() + "/nothing' 2>/dev/null").exit_code == 1);

  // verify fails naming the position of a changed event (one pass: no SECTIONs
  // to make Catch run the commands above again)
  {
    {
      std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
      for (const char* name : {"default", "log", "stream_heads", "stream_events", "event_ids", "counters", "checkpoints"})
        cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
      std::vector<rocksdb::ColumnFamilyHandle*> handles;
      rocksdb::DB* db = nullptr;
      REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), server::store_path(dir.str() + "/data").string(), cfs, &handles, &db).ok());
      const std::string key("\0\0\0\0\0\0\0\x01", 8);
      std::string value;
      REQUIRE(db->Get(rocksdb::ReadOptions(), handles[1], key, &value).ok());
      const auto at = value.find("Linjamsos");
      REQUIRE(at != std::string::npos);
      value[at] = 'X';  // "Xinjamsos": a quiet edit of the unit
      REQUIRE(db->Put(rocksdb::WriteOptions(), handles[1], key, value).ok());
      for (auto* h : handles) REQUIRE(db->DestroyColumnFamilyHandle(h).ok());
      delete db;
    }
    auto failed = run_command(tanggap_binary() + " verify --data " + data);
    CHECK(failed.exit_code == 1);
    CHECK_THAT(failed.out, Catch::StartsWith("FAILED at position 1"));
  }
}

#include "tests/support/server_fixture.h"

#include <nlohmann/json.hpp>

TEST_CASE("tanggap user add goes through the admin API while the server holds the store", "[integration][cli]") {
  tanggap::testing::ServerFixture s;
  const std::string data = "'" + s.config.data_dir + "'";
  const std::string listen = "127.0.0.1:" + std::to_string(s.port);
  auto added = run_command(tanggap_binary() + " user add budi --role supervisor --unit Linjamsos --data " + data +
                           " --listen " + listen);
  REQUIRE(added.exit_code == 0);
  REQUIRE(added.out.size() == 65);
  const std::string token = added.out.substr(0, 64);
  // The printed token works at once against the running server.
  auto queue = s.get("/api/v1/cases", token);
  CHECK(queue.status == 200);
  // A second account of the same name is refused by the server, and the CLI says so.
  CHECK(run_command(tanggap_binary() + " user add budi --role officer --data " + data + " --listen " + listen +
                    " 2>/dev/null").exit_code == 1);
  // With the server unreachable the CLI fails instead of hanging.
  CHECK(run_command(tanggap_binary() + " user add ani --role officer --data " + data +
                    " --listen 127.0.0.1:1 2>/dev/null").exit_code == 1);
}
