#include "events/event_store.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>
#include <rocksdb/db.h>

#include <csignal>
#include <cstdio>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace tanggap;
using namespace tanggap::events;
using tanggap::testing::make_append;
using tanggap::testing::StoreFixture;
using tanggap::testing::TempDir;

namespace {

// Starts the crash writer, lets it acknowledge at least `acks` events, kills it
// with SIGKILL and returns every event id it acknowledged.
std::set<std::string> run_and_kill(const std::string& store_dir, std::size_t acks) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    ::execl(TANGGAP_CRASH_WRITER, TANGGAP_CRASH_WRITER, store_dir.c_str(), "8", static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::close(pipe_fds[1]);
  FILE* in = ::fdopen(pipe_fds[0], "r");
  std::set<std::string> acked;
  char line[128];
  bool killed = false;
  while (std::fgets(line, sizeof line, in) != nullptr) {
    std::string id(line);
    if (!id.empty() && id.back() == '\n') {
      id.pop_back();
      acked.insert(id);
    }
    if (!killed && acked.size() >= acks) {
      ::kill(child, SIGKILL);  // mid-write: eight threads are appending right now
      killed = true;
    }
  }
  std::fclose(in);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  return acked;
}

}  // namespace

TEST_CASE("after kill -9 mid-write every acknowledged event is there and the log verifies", "[events][store][crash]") {
  TempDir dir;
  const std::string path = (dir.path() / "store").string();
  std::size_t total_acked = 0;
  for (int cycle = 0; cycle < 3; ++cycle) {
    const auto acked = run_and_kill(path, 300 + static_cast<std::size_t>(cycle) * 100u);
    total_acked += acked.size();
    Options options;
    options.path = path;
    auto store = EventStore::open(options);
    REQUIRE(store);
    auto report = (*store)->verify();
    REQUIRE(report);
    INFO("cycle " << cycle << ": " << report->problem);
    CHECK_FALSE(report->first_bad_position);
    std::set<std::string> present;
    auto all = (*store)->read_log(0, 1'000'000);
    REQUIRE(all);
    for (const auto& e : *all) present.insert(e.id);
    CHECK(all->size() == (*store)->head());
    std::size_t lost = 0;
    for (const auto& id : acked) if (present.count(id) == 0) ++lost;
    CHECK(lost == 0);
    // The chain goes on after the crash.
    REQUIRE((*store)->append_and_wait(make_append("after-crash", Expected::any())));
  }
  CHECK(total_acked >= 1200);
}

TEST_CASE("verify names the first position whose stored bytes were changed", "[events][store][verify]") {
  StoreFixture f;
  for (int i = 0; i < 10; ++i) REQUIRE(f.store->append_and_wait(make_append("s", Expected::any())));
  f.store.reset();

  // Tamper with the data of position 6 directly in RocksDB, as an attacker with disk access would.
  {
    rocksdb::DBOptions db_options;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* name : {"default", "log", "stream_heads", "stream_events", "event_ids", "counters", "checkpoints"})
      cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    REQUIRE(rocksdb::DB::Open(db_options, f.options.path, cfs, &handles, &db).ok());
    const std::string key("\0\0\0\0\0\0\0\x06", 8);
    std::string value;
    REQUIRE(db->Get(rocksdb::ReadOptions(), handles[1], key, &value).ok());
    SECTION("a changed byte in the body") { value[value.size() - 40] ^= 0x01; }
    SECTION("a recomputed hash does not help: the next link breaks") {
      // Change the body and fix up its own hash; the chain to position 7 must still catch it.
      value[value.size() - 40] ^= 0x01;
      const auto body = std::string_view(value).substr(33, value.size() - 65);
      const auto digest = sha256(std::string_view(value).substr(1, 32), body);
      value.replace(value.size() - 32, 32, reinterpret_cast<const char*>(digest.data()), 32);
    }
    REQUIRE(db->Put(rocksdb::WriteOptions(), handles[1], key, value).ok());
    for (auto* h : handles) REQUIRE(db->DestroyColumnFamilyHandle(h).ok());
    delete db;
  }
  f.reopen();
  auto report = f.store->verify();
  REQUIRE(report);
  REQUIRE(report->first_bad_position);
  CHECK((*report->first_bad_position == 6 || *report->first_bad_position == 7));
  CHECK_FALSE(report->problem.empty());
}

TEST_CASE("verify finds a checkpoint ahead of the log head", "[events][store][verify]") {
  StoreFixture f;
  REQUIRE(f.store->append_and_wait(make_append("s", Expected::any(), 3)));
  ViewBatch b;
  b.set_checkpoint("case_status", 99);
  REQUIRE(f.store->commit(std::move(b)));
  auto report = f.store->verify();
  REQUIRE(report);
  REQUIRE(report->first_bad_position);
  CHECK(*report->first_bad_position == 99);
  CHECK_THAT(report->problem, Catch::Contains("case_status"));
}
