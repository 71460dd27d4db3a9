#include "events/calendar_json.h"
#include "events/catalog_json.h"
#include "events/domain/case_decider.h"
#include "projections/all_projections.h"
#include "projections/case_status_view.h"
#include "server/case_commands.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>

#include <map>

using namespace tanggap;
using namespace tanggap::domain;
using tanggap::projections::CaseStatusProjection;
using tanggap::projections::ProjectionRunner;
using tanggap::projections::QueueFilter;
using tanggap::testing::StoreFixture;

namespace {

struct World {
  StoreFixture f;
  std::shared_ptr<const Catalog> catalog;
  std::shared_ptr<const domain::Calendars> calendars;
  Instant now = *parse_instant("2026-11-23T09:00:00+07:00");
  std::unique_ptr<server::CaseCommands> cases;
  std::unique_ptr<ProjectionRunner> runner;

  World() {
    auto loaded = events::load_catalog(testing::source_dir() / "ops" / "catalog");
    REQUIRE(loaded);
    catalog = std::make_shared<const Catalog>(std::move(*loaded));
    auto loaded_calendars = events::load_calendars(testing::source_dir() / "ops" / "calendar", *catalog);
    REQUIRE(loaded_calendars);
    calendars = std::make_shared<const domain::Calendars>(std::move(*loaded_calendars));
    cases = std::make_unique<server::CaseCommands>(*f.store, catalog, [this] { return now; });
    runner = std::make_unique<ProjectionRunner>(*f.store, 7);  // small batches: rows span batches
    projections::add_all_projections(*runner, *f.store, catalog, calendars);
  }

  std::string submit(std::string service, std::string office, Channel channel = Channel::web) {
    Submit s;
    s.service = std::move(service);
    s.office = std::move(office);
    s.channel = channel;
    s.title = "Bantuan belum cair";
    s.body = "PKH ibu saya belum cair sejak tiga bulan.";
    s.reporter.name = "Siti Aminah";
    s.reporter.phone = "+6281200001234";
    auto r = cases->submit_and_wait(s, {"citizen", "+6281200001234"});
    REQUIRE(r);
    now += std::chrono::minutes(1);
    return r->case_id;
  }

  void run(const std::string& id, CaseCommand command, std::string officer = "siti") {
    auto r = cases->execute_and_wait(id, std::move(command), std::nullopt, {"officer", officer});
    REQUIRE(r);
    now += std::chrono::minutes(1);
  }

  // Every key and value under the projection's prefix.
  std::map<std::string, std::string> dump() {
    std::map<std::string, std::string> out;
    REQUIRE(f.store->scan_views("cs/", "", [&](std::string_view k, std::string_view v) {
      out.emplace(k, v);
      return true;
    }));
    return out;
  }
};

}  // namespace

TEST_CASE("the status view follows a case through its life", "[projections][case_status]") {
  World w;
  const auto id = w.submit("pengaduan", "kab-lumajang");
  CHECK(id.starts_with("ADU-2026-"));
  w.run(id, Assign{"Bidang Linjamsos", "siti"});
  w.run(id, Reply{"Sedang kami cek ke pendamping PKH."});
  REQUIRE(w.runner->catch_up());
  auto row = projections::find_case(*w.f.store, id);
  REQUIRE(row);
  REQUIRE(*row);
  CHECK((*row)->state.status == CaseStatus::in_progress);
  CHECK((*row)->state.officer == "siti");
  CHECK((*row)->state.unit == "Bidang Linjamsos");
  CHECK((*row)->title == "Bantuan belum cair");
  CHECK((*row)->version == 2);
  CHECK((*row)->state.first_response_at);
  // The row equals the state folded straight from the stream.
  auto loaded = w.cases->load(id);
  REQUIRE(loaded);
  CHECK((*row)->state == loaded->first);
}

TEST_CASE("the queue filters, orders by newest activity and pages with cursors", "[projections][case_status]") {
  World w;
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i)
    ids.push_back(w.submit(i % 3 == 0 ? "usulan-dtsen" : "pengaduan", i % 2 == 0 ? "kab-lumajang" : "kab-purwakarta",
                           i % 4 == 0 ? Channel::whatsapp : Channel::web));
  w.run(ids[0], Assign{"Bidang Dayasos", "budi"}, "budi");  // ids[0] is now the newest activity
  w.run(ids[5], Reject{"Bukan kewenangan Dinas Sosial"});
  REQUIRE(w.runner->catch_up());

  auto all = projections::query_queue(*w.f.store, {}, 100);
  REQUIRE(all);
  REQUIRE(all->rows.size() == 12);
  CHECK(all->rows[0].state.case_id == ids[5]);
  CHECK(all->rows[1].state.case_id == ids[0]);
  CHECK(all->rows[2].state.case_id == ids[11]);
  CHECK(all->next_cursor.empty());

  SECTION("filters combine") {
    QueueFilter f;
    f.office = "kab-lumajang";
    f.service = "pengaduan";
    auto page = projections::query_queue(*w.f.store, f, 100);
    REQUIRE(page);
    for (const auto& r : page->rows) {
      CHECK(r.state.office == "kab-lumajang");
      CHECK(r.state.service == "pengaduan");
    }
    CHECK(page->rows.size() == 4);  // i in {2, 4, 8, 10}
    QueueFilter by_assignee;
    by_assignee.assignee = "budi";
    CHECK(projections::query_queue(*w.f.store, by_assignee, 100)->rows.size() == 1);
    QueueFilter rejected;
    rejected.status = "rejected";
    CHECK(projections::query_queue(*w.f.store, rejected, 100)->rows.at(0).state.case_id == ids[5]);
    QueueFilter received;
    received.status = "received";
    CHECK(projections::query_queue(*w.f.store, received, 100)->rows.size() == 10);
    QueueFilter wa;
    wa.channel = "whatsapp";
    CHECK(projections::query_queue(*w.f.store, wa, 100)->rows.size() == 3);
  }
  SECTION("pages of 5 visit every case once, in order") {
    std::vector<std::string> seen;
    std::string cursor;
    for (int page_no = 0; page_no < 5; ++page_no) {
      auto page = projections::query_queue(*w.f.store, {}, 5, cursor);
      REQUIRE(page);
      for (const auto& r : page->rows) seen.push_back(r.state.case_id);
      cursor = page->next_cursor;
      if (cursor.empty()) break;
    }
    REQUIRE(seen.size() == 12);
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == all->rows[i].state.case_id);
  }
  SECTION("a forged cursor is refused") {
    auto page = projections::query_queue(*w.f.store, {}, 5, "../../etc/passwd");
    REQUIRE(page.has_error());
    CHECK(page.error().code == Errc::malformed);
  }
}

TEST_CASE("a rebuilt projection equals the live one", "[projections][case_status][rebuild]") {
  World w;
  w.runner->start();
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(w.submit("pengaduan", "kab-madiun"));
  for (std::size_t i = 0; i < ids.size(); i += 2) {
    w.run(ids[i], Assign{"Bidang Linjamsos", "siti"});
    w.run(ids[i], WaitForCitizen{"Mohon kirim foto KK"});
    if (i % 4 == 0) {
      w.run(ids[i], Resume{});
      w.run(ids[i], Resolve{"Sudah diusulkan", std::nullopt, ""});
      w.run(ids[i], Close{});
    }
  }
  REQUIRE(w.runner->wait_for(w.f.store->head(), std::chrono::seconds(10)));
  w.runner->stop();
  const auto live = w.dump();
  REQUIRE(!live.empty());

  REQUIRE(w.runner->rebuild());
  const auto rebuilt = w.dump();
  CHECK(rebuilt == live);
  CHECK(w.f.store->checkpoint(CaseStatusProjection::projection_name).value() == w.f.store->head());
}

TEST_CASE("a projection resumes from its checkpoint after a restart", "[projections][case_status]") {
  World w;
  const auto first = w.submit("pengaduan", "kota-pasuruan");
  REQUIRE(w.runner->catch_up());
  const auto second = w.submit("pengaduan", "kota-pasuruan");
  w.runner.reset();
  w.cases.reset();
  w.f.reopen();
  w.cases = std::make_unique<server::CaseCommands>(*w.f.store, w.catalog, [&w] { return w.now; });
  w.runner = std::make_unique<ProjectionRunner>(*w.f.store);
  projections::add_all_projections(*w.runner, *w.f.store, w.catalog, w.calendars);
  REQUIRE(w.runner->status().at(0).checkpoint == 1);
  REQUIRE(w.runner->catch_up());
  CHECK(projections::find_case(*w.f.store, first).value());
  CHECK(projections::find_case(*w.f.store, second).value());
}
