// The pieces of taking in a case from the web: the attachment store, the
// rate limiter and the client's address, reading a form as a submission, and
// what the pages say in Indonesian.
#include "events/catalog_json.h"
#include "server/attachment_store.h"
#include "server/config.h"
#include "server/form_submission.h"
#include "server/id_format.h"
#include "server/rate_limiter.h"
#include "server/web_pages.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace tanggap;
using namespace tanggap::server;
using namespace std::chrono_literals;

namespace {

const std::string jpeg = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10) + std::string(100, 'j');

}  // namespace

TEST_CASE("attachment types are read from the bytes", "[server][attachments]") {
  CHECK(sniff_media_type(jpeg) == std::optional<std::string_view>("image/jpeg"));
  CHECK(sniff_media_type("\x89PNG\r\n\x1A\n....") == std::optional<std::string_view>("image/png"));
  CHECK(sniff_media_type(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)) == std::optional<std::string_view>("image/webp"));
  CHECK(sniff_media_type("%PDF-1.7\n") == std::optional<std::string_view>("application/pdf"));
  CHECK_FALSE(sniff_media_type("MZ\x90\0"));
  CHECK_FALSE(sniff_media_type("<svg xmlns='http://www.w3.org/2000/svg'/>"));  // scripts inside: never
  CHECK_FALSE(sniff_media_type(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)));
  CHECK_FALSE(sniff_media_type("\xFF\xD8"));
  CHECK_FALSE(sniff_media_type(""));
  CHECK_FALSE(sniff_media_type("  %PDF-1.4"));
}

TEST_CASE("file names lose their directories and control characters", "[server][attachments]") {
  CHECK(clean_file_name("C:\\fakepath\\foto jalan.jpg") == "foto jalan.jpg");
  CHECK(clean_file_name("../../etc/passwd") == "passwd");
  CHECK(clean_file_name("a\r\nb\x01.pdf") == "ab.pdf");
  CHECK(clean_file_name("..") == "lampiran");
  CHECK(clean_file_name("") == "lampiran");
  CHECK(clean_file_name(".bashrc") == "bashrc");
  // Cut at 200 bytes without splitting a UTF-8 character ("é" is two bytes).
  std::string long_name;
  for (int i = 0; i < 150; ++i) long_name += "\xC3\xA9";
  const auto cut = clean_file_name(long_name);
  CHECK(cut.size() == 200);
  CHECK(cut.substr(198) == "\xC3\xA9");
  const auto odd = clean_file_name("x" + long_name);
  CHECK(odd.size() == 199);
}

TEST_CASE("the attachment store keeps files by hash, once, and refuses the rest", "[server][attachments]") {
  testing::TempDir dir;
  AttachmentStore store(dir.path() / "attachments");
  auto stored = store.put(jpeg, "foto.jpg");
  REQUIRE(stored);
  CHECK(stored->media_type == "image/jpeg");
  CHECK(stored->size == jpeg.size());
  CHECK(stored->sha256.size() == 64);
  const auto path = dir.path() / "attachments" / stored->sha256.substr(0, 2) / stored->sha256;
  CHECK(std::filesystem::file_size(path) == jpeg.size());
  CHECK(store.read(stored->sha256).value() == jpeg);

  auto again = store.put(jpeg, "lain.jpg");
  REQUIRE(again);
  CHECK(again->sha256 == stored->sha256);
  // Nothing is left behind in the temporary directory.
  CHECK(std::filesystem::is_empty(dir.path() / "attachments" / "tmp"));

  auto exe = store.put("MZ\x90\0program", "foto.jpg");
  REQUIRE_FALSE(exe);
  CHECK(exe.error().code == Errc::invalid_field);
  CHECK(exe.error().field == "attachments");
  CHECK(exe.error().message.find("foto.jpg") != std::string::npos);
  CHECK(store.put("", "kosong.jpg").error().code == Errc::invalid_field);

  CHECK(store.read(std::string(64, 'a')).error().code == Errc::not_found);
  CHECK(store.read("../../etc/passwd").error().code == Errc::not_found);
  CHECK(store.read("").error().code == Errc::not_found);
}

TEST_CASE("the rate limiter gives a burst, then one per interval, per client", "[server][ratelimit]") {
  RateLimiter limiter(6, 3);  // one every 10 s, three at once
  const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  CHECK(limiter.take("a", t0) == 0);
  CHECK(limiter.take("a", t0) == 0);
  CHECK(limiter.take("a", t0) == 0);
  CHECK(limiter.take("a", t0) == 10);
  CHECK(limiter.take("b", t0) == 0);  // another address has its own bucket
  CHECK(limiter.take("a", t0 + 4s) == 6);
  CHECK(limiter.take("a", t0 + 10s) == 0);
  CHECK(limiter.take("a", t0 + 10s) == 10);
  // Refills up to the burst, not beyond.
  CHECK(limiter.take("a", t0 + 1000s) == 0);
  CHECK(limiter.take("a", t0 + 1000s) == 0);
  CHECK(limiter.take("a", t0 + 1000s) == 0);
  CHECK(limiter.take("a", t0 + 1000s) > 0);

  RateLimiter off(0, 0);
  for (int i = 0; i < 100; ++i) CHECK(off.take("a", t0) == 0);
}

TEST_CASE("the rate limiter's memory stays bounded under a flood of addresses", "[server][ratelimit]") {
  RateLimiter limiter(6, 2, 1000);
  const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 100'000; ++i) limiter.take("10.0." + std::to_string(i), t0 + std::chrono::milliseconds(i));
  CHECK(limiter.tracked() <= 1000);
  // A client seen just now is still counted after the flood.
  const auto now = t0 + 100s;
  CHECK(limiter.take("victim", now) == 0);
  CHECK(limiter.take("victim", now) == 0);
  CHECK(limiter.take("victim", now) > 0);
}

TEST_CASE("the client address comes from X-Forwarded-For only behind a trusted proxy", "[server][ratelimit]") {
  const std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.2"};
  HttpRequest r;
  r.remote_address = "203.0.113.9";
  r.headers = {{"x-forwarded-for", "198.51.100.1"}};
  CHECK(client_address(r, proxies) == "203.0.113.9");  // a stranger's header is ignored
  r.remote_address = "127.0.0.1";
  CHECK(client_address(r, proxies) == "198.51.100.1");
  r.headers = {{"x-forwarded-for", "1.2.3.4, 198.51.100.1, 10.0.0.2"}};
  CHECK(client_address(r, proxies) == "198.51.100.1");  // the last hop that is not ours
  r.headers = {{"x-forwarded-for", "1.2.3.4"}, {"x-forwarded-for", "198.51.100.7"}};
  CHECK(client_address(r, proxies) == "198.51.100.7");
  r.headers = {};
  CHECK(client_address(r, proxies) == "127.0.0.1");
  r.headers = {{"x-forwarded-for", std::string(5000, 'x')}};
  CHECK(client_address(r, proxies) == "127.0.0.1");  // never a key of unbounded size
}

TEST_CASE("the rate limit and upload keys are read from the config", "[server][config]") {
  const auto none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  auto c = parse_config(
      R"({"limits": {"max_upload_bytes": 2000000, "submissions_per_minute": 0}, "trusted_proxies": ["10.0.0.2"]})",
      "test", none);
  REQUIRE(c);
  CHECK(c->limits.max_upload_bytes == 2000000);
  CHECK(c->limits.submissions_per_minute == 0);
  CHECK(c->limits.submission_burst == 10);
  CHECK(c->trusted_proxies == std::vector<std::string>{"10.0.0.2"});
  CHECK(parse_config(R"({"trusted_proxies": ["localhost; rm -rf"]})", "test", none).error().field == "trusted_proxies");
  CHECK(parse_config(R"({"trusted_proxies": [1]})", "test", none).error().field == "trusted_proxies");
  CHECK(parse_config(R"({"trusted_proxies": "10.0.0.2"})", "test", none).error().field == "trusted_proxies");
  auto env = parse_config("", "test", [](const std::string& name) -> std::optional<std::string> {
    if (name == "TANGGAP_TRUSTED_PROXIES") return "10.0.0.2, 10.0.0.3";
    return std::nullopt;
  });
  REQUIRE(env);
  CHECK(env->trusted_proxies == std::vector<std::string>{"10.0.0.2", "10.0.0.3"});
}

TEST_CASE("a form reads as the JSON body a JSON client would send", "[server][form]") {
  FormData form;
  form.fields = {{"service", "pengaduan"},     {"title", "Judul"},          {"reporter.name", "Siti"},
                 {"reporter.email", ""},       {"location.lat", "-8.125"},  {"location.text", "Desa"},
                 {"form_key", "abc"}};
  form.files = {FormFile{"attachments", "a.jpg", "image/jpeg", jpeg}};
  auto s = submission_from_form(form, {"form_key"});
  REQUIRE(s);
  CHECK(s->body == nlohmann::json{{"service", "pengaduan"},
                                  {"title", "Judul"},
                                  {"reporter", {{"name", "Siti"}}},
                                  {"location", {{"lat", -8.125}, {"text", "Desa"}}}});
  REQUIRE(s->files.size() == 1);
  CHECK(s->files[0].name == "a.jpg");

  const auto refused = [](std::vector<std::pair<std::string, std::string>> fields) {
    FormData f;
    f.fields = std::move(fields);
    auto r = submission_from_form(f);
    return r ? std::string("accepted") : r.error().field;
  };
  CHECK(refused({{"title", "a"}, {"title", "b"}}) == "title");
  CHECK(refused({{"reporter.name", "a"}, {"reporter.name", "b"}}) == "reporter.name");
  CHECK(refused({{"reporter", "x"}, {"reporter.name", "b"}}) == "reporter");
  CHECK(refused({{"a.b.c", "x"}}) == "a.b.c");
  CHECK(refused({{".x", "x"}}) == ".x");
  CHECK(refused({{"x.", "x"}}) == "x.");
  CHECK(refused({{"location.lon", "113,2"}}) == "location.lon");
  CHECK(refused({{"location.lon", "inf"}}) == "location.lon");
  FormData other;
  other.files = {FormFile{"foto", "a.jpg", "", jpeg}};
  CHECK(submission_from_form(other).error().field == "foto");
}

TEST_CASE("dates and statuses are written the Indonesian way", "[server][web]") {
  CHECK(tanggal_waktu("2026-11-23T14:05:00.000+07:00") == "Senin, 23 November 2026 pukul 14.05 WIB");
  CHECK(tanggal_waktu("2026-03-20T07:30:00.000+08:00") == "Jumat, 20 Maret 2026 pukul 07.30 WITA");
  CHECK(tanggal_waktu("2027-01-01T00:00:00.000+09:00") == "Jumat, 1 Januari 2027 pukul 00.00 WIT");
  CHECK(tanggal("2026-08-17T10:00:00.000+07:00") == "Senin, 17 Agustus 2026");
  CHECK(tanggal_waktu("kemarin") == "");
  CHECK(tanggal_waktu("2026-13-01T00:00:00.000+07:00") == "");
  CHECK(status_label("waiting_for_citizen") == "Menunggu tanggapan Anda");
  CHECK(status_label("received") == "Diterima");
  CHECK(pesan_kesalahan(Error{Errc::invalid_field, "reporter.nik has 15 digits", "reporter.nik"}).starts_with("NIK harus 16 angka"));
  CHECK(pesan_kesalahan(Error{Errc::invalid_field, "a case takes at most 5 attachments", "attachments"}) ==
        "Paling banyak 5 lampiran.");
  CHECK(pesan_kesalahan(Error{Errc::body_too_large, "attachment a.jpg is larger than 5 MB", "attachments"}).starts_with(
      "Lampiran terlalu besar"));
}

TEST_CASE("the form's precheck names every mistake at once", "[server][web]") {
  auto catalog = events::load_catalog((testing::source_dir() / "ops" / "catalog").string());
  REQUIRE(catalog);
  TypedValues typed = {{"layanan", "kab-lumajang/pengaduan"}, {"title", " "}, {"body", "isi"},
                       {"reporter.nik", "123"},               {"reporter.phone", "abc"}};
  const auto errors = precheck_form(typed, *catalog);
  CHECK(errors.contains("title"));
  CHECK(errors.contains("reporter.name"));
  CHECK(errors.contains("reporter.nik"));
  CHECK(errors.contains("reporter.phone"));
  CHECK_FALSE(errors.contains("body"));
  CHECK_FALSE(errors.contains("layanan"));

  TypedValues anonymous_info = {{"layanan", "kab-pasuruan/permohonan-informasi"}, {"title", "Data"}, {"body", "Minta"},
                                {"privacy", "anonymous"}};
  const auto info_errors = precheck_form(anonymous_info, *catalog);
  CHECK(info_errors.contains("privacy"));
  CHECK_FALSE(info_errors.contains("reporter.name"));
  CHECK(precheck_form({{"layanan", "nowhere/pengaduan"}}, *catalog).contains("layanan"));
}
