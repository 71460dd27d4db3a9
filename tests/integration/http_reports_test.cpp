// GET /api/v1/reports/response-times over real HTTP: roles, hand-computed
// numbers in JSON, the same numbers in CSV (RFC 4180, a total row) and from
// `tanggap report response-times` run beside the server, and hostile
// parameters refused with the field named.
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/run_command.h"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

namespace tanggap::testing {
namespace {

using nlohmann::json;

// Monday 4 March 2030, 09:00 WIB: no holiday list covers 2030 (weekends only).
constexpr const char* monday_0900 = "2030-03-04T09:00:00+07:00";
constexpr const char* report_path = "/api/v1/reports/response-times?from=2030-03-01&to=2030-03-31";

void move_clock(ServerFixture& s, const std::string& now) {
  REQUIRE(s.post_json("/api/v1/admin/clock", json{{"now", now}}.dump(), s.admin_token).status == 200);
}

// Splits RFC 4180 text (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Three complaints at Lumajang on Monday 09:00: one replied at 10:00 and
// resolved Tuesday 10:00 (7.5 office hours later), one replied Monday 11:00,
// one never answered. As of Wednesday 09:00:
//   first response: 1 h and 2 h        -> median 1 h, p90 and max 2 h
//   resolution:     8.5 office hours (Mon 09:00-16:00 less the break = 6 h,
//                   Tue 07:30-10:00 = 2.5 h), 25 calendar hours
//   backlog:        2 open, both 2 working days old (Tue, Wed) -> 0-2
struct Reported {
  ReadyServerFixture s;
  std::string ppid, officer;
  std::vector<SubmittedCase> cases;
  Reported() {
    move_clock(s, monday_0900);
    ppid = s.add_staff("ayu", "ppid");
    officer = s.add_staff("siti", "officer", "bidang-linjamsos");
    for (int i = 0; i < 3; ++i) cases.push_back(submit_case(s, case_json("pengaduan", "kab-lumajang")));
    move_clock(s, "2030-03-04T10:00:00+07:00");
    REQUIRE(send_command(s, officer, cases[0].id, {{"type", "reply"}, {"text", "Kami periksa."}, {"expected_version", 0}}).status == 200);
    move_clock(s, "2030-03-04T11:00:00+07:00");
    REQUIRE(send_command(s, officer, cases[1].id, {{"type", "reply"}, {"text", "Kami periksa."}, {"expected_version", 0}}).status == 200);
    move_clock(s, "2030-03-05T10:00:00+07:00");
    REQUIRE(send_command(s, officer, cases[0].id,
                         {{"type", "resolve"}, {"resolution", "Sudah cair."}, {"expected_version", 1}})
                .status == 200);
    move_clock(s, "2030-03-06T09:00:00+07:00");
    REQUIRE(projections_caught_up(s));
  }
};

}  // namespace

TEST_CASE("the response-time report is for the PPID, supervisors and admins only", "[integration][http][report]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("siti", "officer");
  CHECK(s.get(report_path).status == 401);
  auto refused = s.get(report_path, officer);
  CHECK(refused.status == 403);
  CHECK(error_code(refused) == "forbidden");
  CHECK(s.get(report_path, s.add_staff("ayu", "ppid")).status == 200);
  CHECK(s.get(report_path, s.add_staff("budi", "supervisor")).status == 200);
  CHECK(s.get(report_path, s.admin_token).status == 200);
}

TEST_CASE("the report's JSON gives the hand-computed numbers", "[integration][http][report]") {
  Reported r;
  auto answer = r.s.get(std::string(report_path) + "&group_by=service", r.ppid);
  REQUIRE(answer.status == 200);
  const json report = json_of(answer);
  CHECK(report["from"] == "2030-03-01");
  CHECK(report["group_by"] == "service");
  const json& t = report["total"];
  CHECK(t["received"] == 3);
  CHECK(t["resolved"] == 1);
  CHECK(t["open"] == 2);
  // The test clock runs on after a move: times are within a few seconds.
  const auto hours = [](const json& v, double expected) { return std::abs(v.get<double>() - expected) <= 0.01; };
  CHECK(t["first_response"]["working_hours"]["count"] == 2);
  CHECK(hours(t["first_response"]["working_hours"]["median"], 1.0));
  CHECK(hours(t["first_response"]["working_hours"]["p90"], 2.0));
  CHECK(hours(t["first_response"]["calendar_hours"]["max"], 2.0));
  CHECK(t["first_response"]["within_limit_share"] == 1.0);
  CHECK(hours(t["resolution"]["working_hours"]["median"], 8.5));
  CHECK(hours(t["resolution"]["calendar_hours"]["median"], 25.0));
  CHECK(t["backlog"]["0_to_2_working_days"] == 2);
  CHECK(t["breaches"] == 0);
  CHECK(t["information_requests"]["received"] == 0);
  CHECK(t["information_requests"]["mean_working_days_to_answer"].is_null());
  REQUIRE(report["groups"].size() == 1);
  CHECK(report["groups"][0]["key"] == "pengaduan");
  CHECK(report["groups"][0]["received"] == 3);

  SECTION("a period without cases is all zeros and nulls") {
    auto empty = json_of(r.s.get("/api/v1/reports/response-times?from=2029-01-01&to=2029-12-31", r.ppid));
    CHECK(empty["total"]["received"] == 0);
    CHECK(empty["total"]["resolution"]["working_hours"]["median"].is_null());
    CHECK(empty["groups"].empty());
  }
}

TEST_CASE("CSV and the command line give the same numbers as JSON", "[integration][http][report][cli]") {
  Reported r;
  const json report = json_of(r.s.get(std::string(report_path) + "&group_by=channel", r.ppid));
  auto csv = r.s.get(std::string(report_path) + "&group_by=channel&format=csv", r.ppid);
  REQUIRE(csv.status == 200);
  CHECK(csv.header("content-type").value_or("").starts_with("text/csv"));
  const auto rows = parse_csv(csv.body);
  REQUIRE(rows.size() == 3);  // header, the one channel, total
  const auto& header = rows[0];
  const auto column = [&](const std::vector<std::string>& row, std::string_view name) {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return row.at(static_cast<std::size_t>(it - header.begin()));
  };
  for (const auto& row : rows) REQUIRE(row.size() == header.size());
  CHECK(column(rows[1], "group") == report["groups"][0]["key"].get<std::string>());
  CHECK(column(rows[2], "group") == "total");
  const json& t = report["total"];
  CHECK(column(rows[2], "received") == std::to_string(t["received"].get<int>()));
  CHECK(column(rows[2], "open") == std::to_string(t["open"].get<int>()));
  CHECK(std::stod(column(rows[2], "resolution_working_hours_median")) ==
        Approx(t["resolution"]["working_hours"]["median"].get<double>()));
  CHECK(std::stod(column(rows[2], "first_response_calendar_hours_p90")) ==
        Approx(t["first_response"]["calendar_hours"]["p90"].get<double>()));
  CHECK(column(rows[2], "information_mean_working_days_to_answer").empty());

  // The command line reads the same view (read-only, beside the server). Its
  // as_of is the real now, not the test clock's 2030: compare what does not
  // depend on it (counts received, the clocks' times).
  const std::string command = "cd '" + source_dir().string() + "' && " + tanggap_binary() +
                              " report response-times --from 2030-03-01 --to 2030-03-31 --group-by channel"
                              " --format json --data '" + r.s.config.data_dir + "'";
  auto cli = run_command(command);
  REQUIRE(cli.exit_code == 0);
  const json offline = json::parse(cli.out, nullptr, false);
  REQUIRE_FALSE(offline.is_discarded());
  CHECK(offline["total"]["received"] == t["received"]);
  CHECK(offline["total"]["first_response"] == t["first_response"]);
  CHECK(offline["total"]["resolution"] == t["resolution"]);
  CHECK(offline["groups"][0]["key"] == report["groups"][0]["key"]);

  auto table = run_command(command.substr(0, command.find(" --format")) + " --data '" + r.s.config.data_dir + "'");
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("Information requests") != std::string::npos);
  CHECK(table.out.find("total") != std::string::npos);
  CHECK(run_command(tanggap_binary() + " report response-times --from 2030-03-31 --to 2030-03-01 --data '" +
                    r.s.config.data_dir + "' 2>/dev/null")
            .exit_code == 2);
}

TEST_CASE("report parameters that are not dates, periods or names are refused", "[integration][http][report]") {
  ReadyServerFixture s;
  const auto ppid = s.add_staff("ayu", "ppid");
  const std::map<std::string, std::string> refused = {
      {"to=2030-03-31", "from"},
      {"from=2030-03-01", "to"},
      {"from=2030-02-30&to=2030-03-31", "from"},
      {"from=2030-3-1&to=2030-03-31", "from"},
      {"from=2030-03-01T00:00:00Z&to=2030-03-31", "from"},
      {"from=0001-01-01&to=0001-12-31", "from"},
      {"from=%00%00%00%00-01-01&to=2030-03-31", "from"},
      {"from=2030-03-31&to=2030-03-01", "to"},
      {"from=2000-01-01&to=2030-12-31", "to"},
      {"from=2030-03-01&to=2030-03-31&group_by=kecamatan", "group_by"},
      {"from=2030-03-01&to=2030-03-31&group_by=month%00", "group_by"},
      {"from=2030-03-01&to=2030-03-31&format=table", "format"},
      {"from=2030-03-01&to=2030-03-31&format=xml", "format"},
      {"from=" + std::string(5000, '9') + "&to=2030-03-31", "from"},
  };
  for (const auto& [query, field] : refused) {
    CAPTURE(query);
    auto r = s.get("/api/v1/reports/response-times?" + query, ppid);
    CHECK(r.status == 422);
    CHECK(error_code(r) == "invalid_field");
    CHECK(error_field(r) == field);
  }
}

}  // namespace tanggap::testing
