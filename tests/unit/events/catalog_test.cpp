// The service catalog: the shipped data under ops/catalog, the strict reader
// (every error names the file and the field) and the public catalog document.
#include "events/catalog_json.h"
#include "events/domain/catalog.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tanggap::Errc;
using tanggap::Result;
using tanggap::domain::Catalog;
using tanggap::domain::ClockUnit;
using tanggap::events::load_catalog;

fs::path shipped() { return tanggap::testing::source_dir() / "ops" / "catalog"; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A copy of the shipped catalog in a temp dir, broken one file at a time.
struct CatalogCopy {
  tanggap::testing::TempDir dir;
  CatalogCopy() { fs::copy(shipped(), dir.path(), fs::copy_options::recursive); }
  fs::path file(const std::string& rel) const { return dir.path() / rel; }
  json read(const std::string& rel) const { return json::parse(slurp(file(rel))); }
  void write_text(const std::string& rel, const std::string& text) const {
    std::ofstream(file(rel), std::ios::binary | std::ios::trunc) << text;
  }
  void write(const std::string& rel, const json& j) const { write_text(rel, j.dump(2)); }
  Result<Catalog> load() const { return load_catalog(dir.path()); }
};

constexpr const char* lumajang = "offices/kab-lumajang.json";
constexpr const char* types_file = "service-types.json";

// The error names the file (as the loader was given it) and the field path.
void require_error(const Result<Catalog>& r, const fs::path& file, const std::string& field,
                   const std::string& words) {
  REQUIRE_FALSE(r.has_value());
  const auto e = r.error();
  INFO(e.message);
  CHECK_THAT(e.message, Catch::StartsWith(file.string() + ": "));
  CHECK(e.field == field);
  CHECK_THAT(e.message, Catch::Contains(words));
  if (!field.empty()) CHECK_THAT(e.message, Catch::Contains(field + ": "));
}

std::vector<std::string> service_ids(const Catalog& c, const std::string& office) {
  std::vector<std::string> out;
  for (const auto& s : c.services)
    if (s.office == office) out.push_back(s.type);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the shipped catalog loads, validates and offers the seed services", "[catalog]") {
  const auto r = load_catalog(shipped());
  if (!r) FAIL(r.error().message);
  const Catalog& c = *r;
  CHECK(c.types.size() == 12);
  CHECK(c.offices.size() == 5);
  using V = std::vector<std::string>;
  CHECK(service_ids(c, "kota-pasuruan") == V{"pengaduan", "usulan-bansos-daerah"});
  CHECK(service_ids(c, "kab-lumajang") == V{"pengaduan", "usulan-dtsen"});
  CHECK(service_ids(c, "kab-madiun") == V{"pengaduan", "usulan-dtsen"});
  CHECK(service_ids(c, "kab-purwakarta") ==
        V{"cek-status-bansos", "konsultasi", "lapor-kks", "logistik-bencana", "pengaduan",
          "suket-dtsen", "usulan-dtsen", "usulan-pbi-apbd"});
  CHECK(service_ids(c, "kab-pasuruan") ==
        V{"keberatan-informasi", "pengaduan", "permohonan-informasi"});
  for (const auto& o : c.offices) {
    CHECK(o.time_zone == "Asia/Jakarta");
    CHECK(o.escalation_chain.size() == 3);
    CHECK_FALSE(o.complaint_channels.empty());
  }
}

TEST_CASE("Lumajang's DTSEN proposal has 8 steps and 7/15 working days", "[catalog]") {
  const auto c = load_catalog(shipped()).value();
  const auto* s = c.service("usulan-dtsen", "kab-lumajang");
  REQUIRE(s != nullptr);
  CHECK(s->steps.size() == 8);
  CHECK(s->sk_number == "188.4/329/427.64/2022");
  CHECK(s->resolution.target.amount == 7);
  CHECK(s->resolution.target.unit == ClockUnit::working_days);
  CHECK(s->resolution.limit.amount == 15);
  CHECK(s->resolution.limit.unit == ClockUnit::working_days);
  // "2x24 jam" = 2 working days of 7.5 h (DOMAIN.md §2).
  CHECK(s->first_response.target.amount == 15);
  CHECK(s->first_response.target.unit == ClockUnit::working_hours);
  CHECK(s->first_response.limit.amount == 15);
  CHECK(s->first_response.limit.unit == ClockUnit::working_hours);
  CHECK(s->first_response.source_text == "Respon pengaduan paling lama 2x24 jam");
  REQUIRE(s->notes.size() == 1);
  CHECK_THAT(s->notes[0], Catch::Contains("tidak otomatis menjadi penerima bansos"));
}

TEST_CASE("the other seed services keep their own promises", "[catalog]") {
  const auto c = load_catalog(shipped()).value();
  const auto* madiun = c.service("usulan-dtsen", "kab-madiun");
  REQUIRE(madiun != nullptr);
  REQUIRE(madiun->steps.size() == 14);
  CHECK(madiun->steps[12].external);
  CHECK(madiun->steps[13].external);
  CHECK_FALSE(madiun->steps[11].external);
  CHECK(madiun->resolution.limit.amount == 60);
  CHECK(madiun->resolution.limit.unit == ClockUnit::calendar_days);
  const auto& channels = c.office("kab-madiun")->complaint_channels;
  CHECK(std::any_of(channels.begin(), channels.end(),
                    [](const auto& ch) { return ch.value == "08081130105000"; }));

  const auto* bsd = c.service("usulan-bansos-daerah", "kota-pasuruan");
  REQUIRE(bsd != nullptr);
  CHECK(bsd->steps.size() == 14);
  CHECK(bsd->resolution.limit.amount == 22);

  const auto* inf = c.service("permohonan-informasi", "kab-pasuruan");
  REQUIRE(inf != nullptr);
  CHECK(inf->sk_number == "000.8.3.2/43/424.077/2024");
  CHECK(inf->resolution.target.amount == 260);
  CHECK(inf->resolution.target.unit == ClockUnit::working_minutes);
  CHECK(inf->resolution.limit.amount == 10);
  CHECK_FALSE(c.type("permohonan-informasi")->allows_anonymous);
  CHECK_FALSE(c.type("keberatan-informasi")->allows_anonymous);

  const auto* log = c.service("logistik-bencana", "kab-purwakarta");
  REQUIRE(log != nullptr);
  CHECK(log->resolution.limit.unit == ClockUnit::calendar_hours);
  bool districts = false;
  for (const auto& req : log->requirements)
    districts = districts || req.find("Lumbung Sosial: Darangdan, Sukatani, Kiarapedes dan "
                                      "Sukasari") != std::string::npos;
  CHECK(districts);
}

TEST_CASE("prefixes are unique three-letter codes and look-ups find them", "[catalog]") {
  const auto c = load_catalog(shipped()).value();
  std::set<std::string> prefixes;
  for (const auto& t : c.types) {
    CHECK(t.prefix.size() == 3);
    CHECK(prefixes.insert(t.prefix).second);
    CHECK(c.type_by_prefix(t.prefix) == &t);
  }
  CHECK(c.type_by_prefix("XYZ") == nullptr);
  // Without an office, a type is found only where a single office offers it.
  CHECK(c.service("permohonan-informasi", "") != nullptr);
  CHECK(c.service("usulan-dtsen", "") == nullptr);
  CHECK(c.service("sanggah-penerima", "") == nullptr);
  CHECK(c.service("usulan-dtsen", "kab-pasuruan") == nullptr);
}

TEST_CASE("catalog errors name the file and the field", "[catalog]") {
  CatalogCopy copy;
  const fs::path lum = copy.file(lumajang);
  json doc = copy.read(lumajang);

  SECTION("broken JSON") {
    copy.write_text(lumajang, R"({"office": {"id": "kab-lumajang",)");
    const auto r = copy.load();
    require_error(r, lum, "", "not valid JSON");
    CHECK(r.error().code == Errc::malformed);
  }
  SECTION("an unknown key") {
    doc["services"][1]["duration"] = 5;
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "services[1].duration", "unknown key");
  }
  SECTION("an unknown unit") {
    doc["services"][1]["resolution"]["limit"]["unit"] = "weeks";
    copy.write(lumajang, doc);
    const auto r = copy.load();
    require_error(r, lum, "services[1].resolution.limit.unit", "unknown unit 'weeks'");
    CHECK(r.error().message ==
          lum.string() + ": services[1].resolution.limit.unit: unknown unit 'weeks' (expected "
                         "one of working_minutes, working_hours, working_days, calendar_days, "
                         "calendar_hours)");
    CHECK(r.error().code == Errc::invalid_field);
  }
  SECTION("a duplicate prefix") {
    json types = copy.read(types_file);
    types["service_types"][1]["prefix"] = "ADU";
    copy.write(types_file, types);
    require_error(copy.load(), copy.file(types_file), "types[konsultasi].prefix",
                  "prefix 'ADU' is already used");
  }
  SECTION("a target beyond its limit") {
    doc["services"][1]["resolution"]["target"]["amount"] = 20;
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "services[kab-lumajang/usulan-dtsen].resolution.target",
                  "target 20 working_days is beyond the limit 15 working_days");
  }
  SECTION("a file without its office") {
    doc.erase("office");
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "office", "missing");
  }
  SECTION("an office id that does not match the file name") {
    doc["office"]["id"] = "kab-jember";
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "office.id", "does not match the file name");
  }
  SECTION("an unknown time zone") {
    doc["office"]["time_zone"] = "Asia/Tokyo";
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "offices[kab-lumajang].time_zone",
                  "unknown time zone 'Asia/Tokyo'");
  }
  SECTION("a string where an array is expected") {
    doc["services"][1]["requirements"] = "Fotokopi KTP";
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "services[1].requirements", "expected an array, found string");
  }
  SECTION("an escalation chain of two levels") {
    doc["office"]["escalation_chain"].erase(1);
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "offices[kab-lumajang].escalation_chain",
                  "exactly 3 levels, not 2");
  }
  SECTION("an office offering a type twice") {
    doc["services"].push_back(doc["services"][1]);
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "services[kab-lumajang/usulan-dtsen]", "twice");
  }
  SECTION("a service without steps") {
    doc["services"][1]["steps"] = json::array();
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "services[kab-lumajang/usulan-dtsen].steps",
                  "at least one step");
  }
  SECTION("a service of an unknown type") {
    doc["services"][1]["type"] = "usulan-dtks";
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "services[kab-lumajang/usulan-dtks].type",
                  "unknown service type 'usulan-dtks'");
  }
}

TEST_CASE("hostile catalog input is refused, never thrown", "[catalog]") {
  CatalogCopy copy;
  const fs::path lum = copy.file(lumajang);
  json doc = copy.read(lumajang);
  auto& amount = doc["services"][1]["resolution"]["limit"]["amount"];
  const std::string amount_field = "services[1].resolution.limit.amount";
  // That amount in doc.dump(): the first response's 15 is in working_hours.
  const std::string amount_text = "\"amount\":15,\"unit\":\"working_days\"";

  SECTION("deeply nested JSON") {
    copy.write_text(lumajang, std::string(100000, '[') + std::string(100000, ']'));
    const auto r = copy.load();
    require_error(r, lum, "", "nested deeper than");
    CHECK(r.error().code == Errc::malformed);
  }
  SECTION("a number beyond double range") {
    std::string text = doc.dump();
    const auto at = text.find(amount_text);
    REQUIRE(at != std::string::npos);
    text.replace(at, 11, "\"amount\":1e400");
    copy.write_text(lumajang, text);
    require_error(copy.load(), lum, "", "not valid JSON");
  }
  SECTION("a number beyond 64 bits") {
    std::string text = doc.dump();
    text.replace(text.find(amount_text), 11, "\"amount\":123456789012345678901234567890");
    copy.write_text(lumajang, text);
    require_error(copy.load(), lum, amount_field, "must be a whole number greater than 0");
  }
  SECTION("a number beyond 32 bits") {
    amount = 4294967296ULL;
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, amount_field, "4294967296 is too large");
  }
  SECTION("a negative amount") {
    amount = -15;
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, amount_field, "greater than 0, not -15");
  }
  SECTION("a fractional amount") {
    amount = 1.5;
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, amount_field, "must be a whole number");
  }
  SECTION("a zero amount") {
    amount = 0;
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "services[kab-lumajang/usulan-dtsen].resolution.limit.amount",
                  "must be greater than 0");
  }
  SECTION("bytes that are not UTF-8") {
    std::string text = doc.dump();
    text.replace(text.find("Fotokopi KTP"), 12, "Fotokopi \xff\xfe\xc3(");
    copy.write_text(lumajang, text);
    const auto r = copy.load();
    require_error(r, lum, "", "not valid JSON");
    // The message quotes the input only as printable ASCII.
    for (const char ch : r.error().message) CHECK((ch >= ' ' && ch <= '~'));
  }
  SECTION("a file too large to be a catalog") {
    copy.write_text(lumajang, std::string(tanggap::events::max_catalog_file_bytes + 1, ' '));
    require_error(copy.load(), lum, "", "larger than");
  }
  SECTION("an unknown key with control characters") {
    doc["office"][std::string("na\x01me")] = "x";
    copy.write(lumajang, doc);
    require_error(copy.load(), lum, "office.na?me", "unknown key");
  }
}

TEST_CASE("a catalog directory without offices is refused", "[catalog]") {
  CatalogCopy copy;
  for (const auto& e : fs::directory_iterator(copy.file("offices"))) fs::remove(e.path());
  const auto r = copy.load();
  REQUIRE_FALSE(r.has_value());
  CHECK_THAT(r.error().message, Catch::Contains("no office file"));
  CHECK(load_catalog(copy.file("nowhere")).error().code == Errc::not_found);
}

TEST_CASE("validation checks references a hand-built catalog gets wrong", "[catalog]") {
  Catalog c = load_catalog(shipped()).value();
  SECTION("a service of a missing office") {
    c.services.front().office = "kab-jember";
    const auto r = tanggap::domain::validate(c);
    REQUIRE(r.has_error());
    CHECK(r.error().field == "services[kab-jember/pengaduan].office");
  }
  SECTION("a prefix in lower case") {
    c.types.front().prefix = "adu";
    CHECK(tanggap::domain::validate(c).error().field == "types[pengaduan].prefix");
  }
  SECTION("a duplicate office") {
    c.offices.push_back(c.offices.front());
    CHECK(tanggap::domain::validate(c).error().field == "offices[kab-lumajang].id");
  }
  SECTION("an information request whose limit is not in working days") {
    // The UU 14/2008 extension adds 7 working days to the limit.
    for (auto& s : c.services)
      if (s.type == "permohonan-informasi") s.resolution.limit = {14, ClockUnit::calendar_days};
    const auto r = tanggap::domain::validate(c);
    REQUIRE(r.has_error());
    CHECK(r.error().field == "services[kab-pasuruan/permohonan-informasi].resolution.limit.unit");
    CHECK_THAT(r.error().message, Catch::Contains("working_days"));
  }
}

TEST_CASE("mangled catalog files give an error naming the file, never a crash", "[catalog]") {
  const std::string text = slurp(shipped() / lumajang);
  const tanggap::events::CatalogFile types{"service-types.json", slurp(shipped() / types_file)};
  std::mt19937 rng(20261122);
  for (int i = 0; i < 300; ++i) {
    std::string mangled = text;
    const auto at = std::uniform_int_distribution<std::size_t>(0, mangled.size() - 1)(rng);
    if (i % 2 == 0) mangled.resize(at);
    else mangled[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
    const auto r = tanggap::events::parse_catalog_files(types, {{"kab-lumajang.json", mangled}});
    if (!r) CHECK_THAT(r.error().message, Catch::StartsWith("kab-lumajang.json: "));
  }
}

TEST_CASE("the public catalog document lists offices and can be narrowed to one", "[catalog]") {
  const auto c = load_catalog(shipped()).value();
  const json all = json::parse(tanggap::events::catalog_to_json(c, ""));
  CHECK(all["offices"].size() == 5);

  const json one = json::parse(tanggap::events::catalog_to_json(c, "kab-lumajang"));
  REQUIRE(one["offices"].size() == 1);
  const json& office = one["offices"][0];
  CHECK(office["name"] == "Dinas Sosial P3A Kabupaten Lumajang");
  CHECK(office["time_zone"] == "Asia/Jakarta");
  CHECK_FALSE(office["address"].get<std::string>().empty());
  CHECK(office["complaint_channels"].size() == 10);
  REQUIRE(office["services"].size() == 2);
  const json& dtk = office["services"][1];
  CHECK(dtk["id"] == "usulan-dtsen");
  CHECK(dtk["prefix"] == "DTK");
  CHECK(dtk["steps"].size() == 8);
  CHECK(dtk["steps"][7]["index"] == 8);
  CHECK(dtk["resolution"]["target"] == json{{"amount", 7}, {"unit", "working_days"}});
  CHECK(dtk["resolution"]["limit"] == json{{"amount", 15}, {"unit", "working_days"}});
  CHECK(dtk["cost"] == "Tidak dipungut biaya");

  const json none = json::parse(tanggap::events::catalog_to_json(c, "kab-jember"));
  CHECK(none["offices"].empty());
}
