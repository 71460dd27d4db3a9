// The form encodings of POST /api/v1/cases, attachments, the per-address rate
// limit, and the citizen's pages /lapor and /lacak, over real HTTP.
#include "server/data_dir.h"
#include "tests/support/http_test_helpers.h"
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <thread>

using nlohmann::json;
using tanggap::testing::error_code;
using tanggap::testing::error_field;
using tanggap::testing::json_of;
using tanggap::testing::log_head;
using tanggap::testing::ServerFixture;

namespace {

constexpr std::string_view boundary = "----TanggapTestBoundary7MA4YWxkTrZu0gW";

struct Part {
  Part(std::string n, std::string v, std::string file = "", std::string t = "application/octet-stream")
      : name(std::move(n)), value(std::move(v)), filename(std::move(file)), type(std::move(t)) {}
  std::string name;
  std::string value;
  std::string filename;  // set: a file part
  std::string type;
};

std::string multipart(const std::vector<Part>& parts, std::string_view separator = boundary) {
  std::string body;
  for (const auto& p : parts) {
    body += "--" + std::string(separator) + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"\r\nContent-Type: " + p.type;
    body += "\r\n\r\n" + p.value + "\r\n";
  }
  return body + "--" + std::string(separator) + "--\r\n";
}

tanggap::server::Fields multipart_headers(std::string_view separator = boundary) {
  return {{"Content-Type", "multipart/form-data; boundary=" + std::string(separator)}};
}
tanggap::server::Fields urlencoded_headers() { return {{"Content-Type", "application/x-www-form-urlencoded"}}; }

std::vector<Part> complaint_parts() {
  return {{"service", "pengaduan"},          {"office", "kab-lumajang"},
          {"title", "Jalan desa rusak"},      {"body", "Jalan di depan balai desa berlubang sejak Oktober."},
          {"reporter.name", "Siti Aminah"},   {"reporter.phone", "0812-0000-1234"},
          {"location.text", "Desa Sukodono"}, {"location.lat", "-8.13"},
          {"location.lon", "113.22"},         {"privacy", "confidential"}};
}

// A few bytes that are a JPEG to a sniffer, with bytes a careless multipart
// parser trips on: NUL, CR LF and a dash run that is not the boundary.
std::string jpeg_bytes(char tag = 'a') {
  std::string b = "\xFF\xD8\xFF\xE0";
  b += std::string("\0JFIF\r\n--not-the-boundary\r\n", 28);
  b += std::string(2000, tag);
  return b + "\xFF\xD9";
}

std::string admin_get(ServerFixture& s, const std::string& target) { return s.get(target, s.admin_token).body; }

std::string body_of_case(ServerFixture& s, const std::string& id) { return admin_get(s, "/api/v1/cases/" + id); }

}  // namespace

TEST_CASE("a case arrives urlencoded, like a plain HTML form", "[integration][http][form]") {
  ServerFixture s;
  const std::string body =
      "service=pengaduan&office=kab-lumajang&title=PKH+belum+cair&body=Sudah+tiga+bulan%2C+Pak.+Caf%C3%A9"
      "&reporter.name=Siti+Aminah&reporter.phone=0812-0000-1234&reporter.email=&location.text=Desa+Sukodono&privacy=public";
  auto r = s.request("POST", "/api/v1/cases", body, "", urlencoded_headers());
  REQUIRE(r.status == 201);
  const auto answer = json_of(r);
  const std::string id = answer["id"];
  CHECK(std::regex_match(id, std::regex("ADU-2026-\\d{6}")));
  const auto view = json::parse(body_of_case(s, id));
  CHECK(view["title"] == "PKH belum cair");
  CHECK(view["body"] == "Sudah tiga bulan, Pak. Café");
  CHECK(view["reporter"]["phone"] == "+6281200001234");
  CHECK(view["location"]["text"] == "Desa Sukodono");
  CHECK(view["attachments"].empty());
  auto tracked = s.get("/api/v1/track/" + id + "?code=" + answer["tracking_code"].get<std::string>());
  CHECK(tracked.status == 200);
}

TEST_CASE("form fields are checked like JSON ones and name the field", "[integration][http][form]") {
  ServerFixture s;
  const auto head = log_head(s);
  SECTION("a bad NIK") {
    auto r = s.request("POST", "/api/v1/cases",
                       "service=pengaduan&office=kab-lumajang&title=x&body=y&reporter.name=A&reporter.nik=12345", "",
                       urlencoded_headers());
    CHECK(r.status == 422);
    CHECK(error_field(r) == "reporter.nik");
  }
  SECTION("an unknown field") {
    auto r = s.request("POST", "/api/v1/cases", "service=pengaduan&titel=x", "", urlencoded_headers());
    CHECK(r.status == 422);
    CHECK(error_field(r) == "titel");
  }
  SECTION("a field given twice") {
    auto r = s.request("POST", "/api/v1/cases", "service=pengaduan&service=konsultasi", "", urlencoded_headers());
    CHECK(r.status == 422);
    CHECK(error_field(r) == "service");
  }
  SECTION("coordinates that are not numbers") {
    auto r = s.request("POST", "/api/v1/cases", "service=pengaduan&title=x&body=y&reporter.name=A&location.lat=utara", "",
                       urlencoded_headers());
    CHECK(r.status == 422);
    CHECK(error_field(r) == "location.lat");
  }
  SECTION("a broken percent escape") {
    auto r = s.request("POST", "/api/v1/cases", "service=pengaduan&title=%ZZ", "", urlencoded_headers());
    CHECK(r.status == 400);
  }
  CHECK(log_head(s) == head);
}

TEST_CASE("a multipart case keeps its photo and PDF in the attachment store", "[integration][http][form]") {
  ServerFixture s;
  auto parts = complaint_parts();
  const std::string photo = jpeg_bytes();
  const std::string pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
  parts.push_back({"attachments", photo, "C:\\fakepath\\Foto Jalan – 1.jpg", "image/jpeg"});
  parts.push_back({"attachments", pdf, "surat.pdf", "application/pdf"});
  auto r = s.request("POST", "/api/v1/cases", multipart(parts), "", multipart_headers());
  REQUIRE(r.status == 201);
  const std::string id = json_of(r)["id"];

  const auto view = json::parse(body_of_case(s, id));
  REQUIRE(view["attachments"].size() == 2);
  const auto& first = view["attachments"][0];
  CHECK(first["name"] == "Foto Jalan – 1.jpg");
  CHECK(first["media_type"] == "image/jpeg");
  CHECK(first["size"] == photo.size());
  CHECK(view["attachments"][1]["media_type"] == "application/pdf");
  CHECK(view["privacy"] == "confidential");
  CHECK(view["location"]["lat"] == Approx(-8.13));

  // On disk, named by its hash, before anyone asked for it.
  const std::string sha = first["sha256"];
  CHECK(std::filesystem::file_size(tanggap::server::attachments_path(s.config.data_dir) / sha.substr(0, 2) / sha) ==
        photo.size());

  SECTION("an officer downloads it through the case") {
    const auto officer = s.add_staff("siti", "officer");
    auto file = s.get(first["href"].get<std::string>(), officer);
    REQUIRE(file.status == 200);
    CHECK(file.body == photo);
    CHECK(file.header("content-type") == std::optional<std::string_view>("image/jpeg"));
    CHECK(file.header("x-content-type-options") == std::optional<std::string_view>("nosniff"));
    CHECK(std::string(file.header("content-disposition").value_or("")).find("filename*=UTF-8''Foto%20Jalan%20%E2%80%93%201.jpg") !=
          std::string::npos);
  }
  SECTION("not without a token, not through another case, not by a made-up hash") {
    CHECK(s.get(first["href"].get<std::string>()).status == 401);
    const std::string other = tanggap::testing::submit_case(s).id;
    CHECK(s.get("/api/v1/cases/" + other + "/attachments/" + sha, s.admin_token).status == 404);
    CHECK(s.get("/api/v1/cases/" + id + "/attachments/" + std::string(64, 'a'), s.admin_token).status == 404);
    CHECK(s.get("/api/v1/cases/" + id + "/attachments/..%2f..%2fadmin.token", s.admin_token).status == 404);
  }
  SECTION("the citizen's public view shows no attachment") {
    auto tracked = s.get("/api/v1/track/" + id + "?code=" + json_of(r)["tracking_code"].get<std::string>());
    CHECK(tracked.body.find(sha) == std::string::npos);
  }
}

TEST_CASE("a submission refused for its fields leaves none of its files on disk", "[integration][http][form]") {
  ServerFixture s;
  auto parts = complaint_parts();
  for (auto& p : parts)
    if (p.name == "service") p.value = "tidak-ada";
  parts.push_back({"attachments", jpeg_bytes('z'), "foto.jpg", "image/jpeg"});
  const auto head = log_head(s);
  auto r = s.request("POST", "/api/v1/cases", multipart(parts), "", multipart_headers());
  CHECK(r.status == 422);
  CHECK(error_field(r) == "service");
  CHECK(log_head(s) == head);
  const auto dir = tanggap::server::attachments_path(s.config.data_dir);
  std::size_t files = 0;
  if (std::filesystem::exists(dir))
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) files += entry.is_regular_file() ? 1u : 0u;
  CHECK(files == 0);
}

TEST_CASE("attachments are judged by their bytes and capped", "[integration][http][form]") {
  ServerFixture s;
  const auto head = log_head(s);
  auto parts = complaint_parts();
  SECTION("a program named like a photo") {
    parts.push_back({"attachments", "MZ\x90\x00 this is not a photo", "foto.jpg", "image/jpeg"});
    auto r = s.request("POST", "/api/v1/cases", multipart(parts), "", multipart_headers());
    CHECK(r.status == 422);
    CHECK(error_field(r) == "attachments");
  }
  SECTION("more files than a case takes") {
    for (char c = 'a'; c < 'g'; ++c) parts.push_back({"attachments", jpeg_bytes(c), std::string(1, c) + ".jpg", "image/jpeg"});
    auto r = s.request("POST", "/api/v1/cases", multipart(parts), "", multipart_headers());
    CHECK((r.status == 413 || r.status == 422));
  }
  SECTION("one file over 5 MB") {
    parts.push_back({"attachments", jpeg_bytes() + std::string(5 * 1024 * 1024, 'x'), "besar.jpg", "image/jpeg"});
    auto r = s.request("POST", "/api/v1/cases", multipart(parts), "", multipart_headers());
    CHECK(r.status == 413);
  }
  SECTION("a file in a field other than attachments") {
    parts.push_back({"foto", jpeg_bytes(), "a.jpg", "image/jpeg"});
    auto r = s.request("POST", "/api/v1/cases", multipart(parts), "", multipart_headers());
    CHECK(r.status == 422);
    CHECK(error_field(r) == "foto");
  }
  CHECK(log_head(s) == head);
}

TEST_CASE("an upload may exceed max_body_bytes up to max_upload_bytes, JSON may not", "[integration][http][form]") {
  ServerFixture s([](tanggap::server::Config& c) {
    c.limits.max_body_bytes = 64 * 1024;
    c.limits.max_upload_bytes = 4 * 1024 * 1024;
  });
  auto parts = complaint_parts();
  parts.push_back({"attachments", jpeg_bytes() + std::string(1024 * 1024, 'p'), "foto.jpg", "image/jpeg"});
  CHECK(s.request("POST", "/api/v1/cases", multipart(parts), "", multipart_headers()).status == 201);
  const std::string big_json = R"({"service":"pengaduan","title":"x","body":")" + std::string(100 * 1024, 'y') + "\"}";
  CHECK(s.post_json("/api/v1/cases", big_json).status == 413);
  // Past the upload limit the server answers 413 as soon as it reads the
  // Content-Length and closes; a client still writing may see the close first.
  parts.push_back({"attachments", jpeg_bytes('z') + std::string(4 * 1024 * 1024, 'q'), "lagi.jpg", "image/jpeg"});
  const auto head = log_head(s);
  try {
    const auto status = s.request("POST", "/api/v1/cases", multipart(parts), "", multipart_headers()).status;
    CHECK(status == 413);
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("write failed") != std::string::npos);
  }
  CHECK(log_head(s) == head);
}

TEST_CASE("hostile multipart bodies are refused and store nothing", "[integration][http][form][hostile]") {
  ServerFixture s;
  const auto head = log_head(s);
  const std::string good = multipart(complaint_parts());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"multipart/form-data", good},                                          // no boundary parameter
      {"multipart/form-data; boundary=" + std::string(boundary), good.substr(0, good.size() / 2)},  // truncated
      {"multipart/form-data; boundary=" + std::string(boundary), "garbage without any boundary"},
      {"multipart/form-data; boundary=" + std::string(80, 'b'), good},       // boundary too long
      {"multipart/form-data; boundary=" + std::string(boundary),
       "--" + std::string(boundary) + "\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n\r\nx\r\n--inner--\r\n--" +
           std::string(boundary) + "--\r\n"},  // nested multipart
      {"multipart/form-data; boundary=" + std::string(boundary), std::string(200000, '-')},
  };
  for (const auto& [type, body] : cases) {
    CAPTURE(type, body.size());
    auto r = s.request("POST", "/api/v1/cases", body, "", {{"Content-Type", type}});
    CHECK(r.status >= 400);
    CHECK(r.status < 500);
    CHECK(json_of(r)["error"]["code"].is_string());
  }
  CHECK(s.get("/healthz").status == 200);
  CHECK(log_head(s) == head);
}

TEST_CASE("public submissions are rate limited per address, with Retry-After", "[integration][http][form]") {
  ServerFixture s([](tanggap::server::Config& c) {
    c.limits.submissions_per_minute = 1;
    c.limits.submission_burst = 2;
  });
  CHECK(s.post_json("/api/v1/cases", ServerFixture::complaint_json()).status == 201);
  CHECK(s.post_json("/api/v1/cases", ServerFixture::complaint_json()).status == 201);
  const auto head = log_head(s);
  auto limited = s.post_json("/api/v1/cases", ServerFixture::complaint_json());
  CHECK(limited.status == 429);
  CHECK(error_code(limited) == "rate_limited");
  const auto retry = std::stoi(std::string(limited.header("retry-after").value_or("0")));
  CHECK(retry >= 1);
  CHECK(retry <= 60);
  CHECK(log_head(s) == head);

  SECTION("an officer taking walk-in cases is not limited") {
    const auto officer = s.add_staff("siti", "officer");
    CHECK(s.post_json("/api/v1/cases", ServerFixture::complaint_json(), officer).status == 201);
  }
  SECTION("behind the trusted proxy, each citizen's address counts on its own") {
    auto other = s.post_json("/api/v1/cases", ServerFixture::complaint_json(), "", {{"X-Forwarded-For", "203.0.113.7"}});
    CHECK(other.status == 201);
    // A forged first hop does not buy a fresh bucket: the proxy's own entry is last.
    auto forged = s.post_json("/api/v1/cases", ServerFixture::complaint_json(), "",
                              {{"X-Forwarded-For", "198.51.100.1, 203.0.113.7"}});
    CHECK(forged.status == 201);
    auto again = s.post_json("/api/v1/cases", ServerFixture::complaint_json(), "",
                             {{"X-Forwarded-For", "10.1.1.1, 203.0.113.7"}});
    CHECK(again.status == 429);
  }
  SECTION("the web form says it in Indonesian and keeps what was typed") {
    auto page = s.request("POST", "/lapor", "layanan=kab-lumajang%2Fpengaduan&title=Judul+saya&body=Isi", "",
                          urlencoded_headers());
    CHECK(page.status == 429);
    CHECK(page.header("retry-after").has_value());
    CHECK(page.body.find("Terlalu banyak laporan") != std::string::npos);
    CHECK(page.body.find("value=\"Judul saya\"") != std::string::npos);
  }
}

TEST_CASE("the /lapor page lists the catalog's services and works without JavaScript", "[integration][http][web]") {
  ServerFixture s;
  auto page = s.get("/lapor");
  REQUIRE(page.status == 200);
  CHECK(page.header("content-type") == std::optional<std::string_view>("text/html; charset=utf-8"));
  CHECK(std::string(page.header("content-security-policy").value_or("")).find("default-src 'self'") != std::string::npos);
  CHECK(page.body.find("<form id=\"lapor\" method=\"post\" action=\"/lapor\" enctype=\"multipart/form-data\"") !=
        std::string::npos);
  CHECK(page.body.find("value=\"kab-lumajang/pengaduan\"") != std::string::npos);
  CHECK(page.body.find("Dinas Sosial P3A Kabupaten Purwakarta") != std::string::npos);
  CHECK(page.body.find("name=\"form_key\" value=\"") != std::string::npos);
  CHECK(page.body.find("Nama dan kontak pelapor") != std::string::npos);  // a requirement from the catalog

  SECTION("?layanan= preselects a service") {
    auto chosen = s.get("/lapor?layanan=kab-lumajang%2Fpengaduan");
    CHECK(chosen.body.find("value=\"kab-lumajang/pengaduan\" selected") != std::string::npos);
  }
}

TEST_CASE("the /lapor form shows every mistake next to its field, keeps the typing, escapes it", "[integration][http][web]") {
  ServerFixture s;
  const auto head = log_head(s);
  auto page = s.request("POST", "/lapor",
                        "form_key=abc&layanan=kab-lumajang%2Fpengaduan&title=&body=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
                        "&privacy=public&reporter.name=&reporter.nik=1234",
                        "", urlencoded_headers());
  CHECK(page.status == 422);
  CHECK(page.body.find("id=\"e-title\">Tulis judul laporan Anda.") != std::string::npos);
  CHECK(page.body.find("id=\"e-reporter_name\">") != std::string::npos);
  CHECK(page.body.find("id=\"e-reporter_nik\">NIK harus 16 angka") != std::string::npos);
  CHECK(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;</textarea>") != std::string::npos);
  CHECK(page.body.find("<script>alert(1)") == std::string::npos);
  CHECK(page.body.find("value=\"kab-lumajang/pengaduan\" selected") != std::string::npos);
  CHECK(page.body.find("name=\"form_key\" value=\"abc\"") != std::string::npos);
  CHECK(log_head(s) == head);

  SECTION("an anonymous report is refused for a service the law wants a name for") {
    auto inf = s.request("POST", "/lapor",
                         "layanan=kab-pasuruan%2Fpermohonan-informasi&title=Data&body=Minta+data&privacy=anonymous", "",
                         urlencoded_headers());
    CHECK(inf.status == 422);
    CHECK(inf.body.find("id=\"e-privacy\">Layanan ini tidak dapat diajukan tanpa nama") != std::string::npos);
  }
}

TEST_CASE("a report sent from /lapor answers with the id and code, and /lacak shows it", "[integration][http][web]") {
  ServerFixture s;
  auto parts = complaint_parts();
  parts.erase(parts.begin(), parts.begin() + 2);  // service and office come as one choice on the page
  parts.push_back({"layanan", "kab-lumajang/pengaduan"});
  parts.push_back({"form_key", "k-123"});
  parts.push_back({"attachments", jpeg_bytes(), "foto.jpg", "image/jpeg"});
  const std::string body = multipart(parts);
  auto sent = s.request("POST", "/lapor", body, "", multipart_headers());
  REQUIRE(sent.status == 200);
  std::smatch m;
  REQUIRE(std::regex_search(sent.body, m, std::regex("id=\"case-id\">(ADU-2026-\\d{6})<")));
  const std::string id = m[1];
  REQUIRE(std::regex_search(sent.body, m, std::regex("id=\"tracking-code\">([A-Z0-9]{8})<")));
  const std::string code = m[1];
  CHECK(sent.body.find("Tanggapan awal paling lambat") != std::string::npos);
  CHECK(json::parse(body_of_case(s, id))["attachments"].size() == 1);

  SECTION("the same form sent twice (a double click) is one case, answered alike") {
    const auto head = log_head(s);
    auto again = s.request("POST", "/lapor", body, "", multipart_headers());
    CHECK(again.status == 200);
    CHECK(again.header("content-type") == std::optional<std::string_view>("text/html; charset=utf-8"));
    CHECK(again.body.find(id) != std::string::npos);
    CHECK(again.body.find(code) != std::string::npos);
    CHECK(log_head(s) == head);
  }
  SECTION("the same form sent again by a browser, with a new multipart boundary, is the same case") {
    const auto head = log_head(s);
    const std::string other = "----WebKitFormBoundaryQ3tX9mZ2pLk8";
    auto again = s.request("POST", "/lapor", multipart(parts, other), "", multipart_headers(other));
    CHECK(again.status == 200);
    CHECK(again.body.find(id) != std::string::npos);
    CHECK(again.body.find(code) != std::string::npos);
    CHECK(log_head(s) == head);
  }
  SECTION("the same form key with other contents is refused on the page, storing nothing") {
    const auto head = log_head(s);
    auto changed = parts;
    for (auto& p : changed)
      if (p.name == "title") p.value += " (diubah)";
    auto other = s.request("POST", "/lapor", multipart(changed), "", multipart_headers());
    CHECK(other.status == 422);
    CHECK(other.body.find("sudah pernah dikirim dengan isi yang lain") != std::string::npos);
    CHECK(log_head(s) == head);
  }
  SECTION("/lacak shows status, step, deadlines and the officer's reply") {
    const auto officer = s.add_staff("siti", "officer");
    auto reply = tanggap::testing::send_command(s, officer, id,
                                                {{"type", "reply"}, {"text", "Sudah kami teruskan ke bidang."}, {"expected_version", 0}});
    REQUIRE(reply.status == 200);
    auto page = s.get("/lacak?id=" + id + "&code=" + code);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("id=\"status\">Sedang ditindaklanjuti") != std::string::npos);  // a reply moves it on
    CHECK(page.body.find("id=\"step\">Langkah 1 dari 5: Pengaduan diterima") != std::string::npos);
    CHECK(page.body.find("Sudah kami teruskan ke bidang.") != std::string::npos);
    CHECK(page.body.find("Penyelesaian paling lambat") != std::string::npos);
    CHECK(page.body.find("WIB") != std::string::npos);
    CHECK(page.body.find("Siti Aminah") == std::string::npos);  // no personal data
    // Lower-case input is read as the capitals it was given in.
    std::string lower_code = code;
    for (auto& c : lower_code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(s.get("/lacak?id=" + id + "&code=" + lower_code).status == 200);
  }
  SECTION("a wrong code and an unknown id get the same not-found page") {
    auto wrong = s.get("/lacak?id=" + id + "&code=AAAAAAAA");
    auto unknown = s.get("/lacak?id=ADU-2026-999999&code=" + code);
    CHECK(wrong.status == 404);
    CHECK(unknown.status == 404);
    CHECK(wrong.body.find("id=\"not-found\"") != std::string::npos);
    CHECK(unknown.body.find("id=\"not-found\"") != std::string::npos);
  }
}

// Two identical submissions at once: the second reaches the log before the
// first's answer is kept, and the log takes it for a repeat. It once answered
// with a null tracking code, which the receipt page could not read: the server
// stopped. Now every answer is the receipt or "received, send again".
TEST_CASE("identical submissions at the same moment are one case, and each is answered", "[integration][http][web]") {
  ServerFixture s;
  auto parts = complaint_parts();
  parts.erase(parts.begin(), parts.begin() + 2);
  parts.push_back({"layanan", "kab-lumajang/pengaduan"});
  parts.push_back({"form_key", "k-race"});
  const std::string form = multipart(parts);
  const std::string api_body = ServerFixture::complaint_json();
  const auto head = log_head(s);

  constexpr int senders = 6;
  std::vector<tanggap::server::ClientResponse> pages(senders), apis(senders);
  std::vector<std::thread> threads;
  for (int i = 0; i < senders; ++i) {
    threads.emplace_back([&, i] { pages[static_cast<std::size_t>(i)] = s.request("POST", "/lapor", form, "", multipart_headers()); });
    threads.emplace_back([&, i] {
      apis[static_cast<std::size_t>(i)] = s.post_json("/api/v1/cases", api_body, "", {{"Idempotency-Key", "race-1"}});
    });
  }
  for (auto& t : threads) t.join();

  REQUIRE(s.get("/healthz").status == 200);
  std::set<std::string> page_codes, api_codes;
  for (const auto& page : pages) {
    INFO(page.body.substr(0, 300));
    REQUIRE((page.status == 200 || page.status == 409));
    std::smatch m;
    if (page.status == 200 && std::regex_search(page.body, m, std::regex("id=\"tracking-code\">([A-Z0-9]{8})<")))
      page_codes.insert(m[1]);
    if (page.status == 409) CHECK(page.body.find("sudah kami terima") != std::string::npos);
  }
  for (const auto& api : apis) {
    INFO(api.body);
    REQUIRE((api.status == 201 || api.status == 409));
    if (api.status == 201) api_codes.insert(json::parse(api.body).at("tracking_code").get<std::string>());
    if (api.status == 409) CHECK(api.header("retry-after").has_value());
  }
  // At least one of each succeeded, and all that did show one code.
  CHECK(page_codes.size() == 1);
  CHECK(api_codes.size() == 1);
  // Two cases in all, one per key.
  std::size_t submitted = 0;
  const std::string log = admin_get(s, "/api/v1/events?after=" + std::to_string(head) + "&limit=1000");
  const json recorded = json::parse(log);
  for (const auto& e : recorded.at("events"))
    if (e.at("type") == "CaseSubmitted") ++submitted;
  INFO(log.substr(0, 400));
  CHECK(submitted == 2);
  // Sent again later, each gets its first answer.
  auto page_again = s.request("POST", "/lapor", form, "", multipart_headers());
  CHECK(page_again.status == 200);
  CHECK(page_again.body.find(*page_codes.begin()) != std::string::npos);
  auto api_again = s.post_json("/api/v1/cases", api_body, "", {{"Idempotency-Key", "race-1"}});
  CHECK(api_again.status == 201);
  CHECK(api_again.body.find(*api_codes.begin()) != std::string::npos);
}

TEST_CASE("/lacak with nothing asked shows the two inputs", "[integration][http][web]") {
  ServerFixture s;
  auto page = s.get("/lacak");
  CHECK(page.status == 200);
  CHECK(page.body.find("name=\"id\"") != std::string::npos);
  CHECK(page.body.find("name=\"code\"") != std::string::npos);
  CHECK(page.body.find("id=\"not-found\"") == std::string::npos);
}

TEST_CASE("static files are served from the binary with types and caching", "[integration][http][web]") {
  ServerFixture s;
  auto page = s.get("/lapor");
  std::smatch m;
  REQUIRE(std::regex_search(page.body, m, std::regex("href=\"(/static/tanggap\\.css\\?v=[0-9a-f]{16})\"")));
  auto css = s.get(m[1]);
  REQUIRE(css.status == 200);
  CHECK(css.header("content-type") == std::optional<std::string_view>("text/css; charset=utf-8"));
  CHECK(css.header("cache-control") == std::optional<std::string_view>("public, max-age=31536000, immutable"));
  const std::string etag(css.header("etag").value_or(""));
  REQUIRE(!etag.empty());
  CHECK(s.request("GET", m[1], "", "", {{"If-None-Match", etag}}).status == 304);
  auto js = s.get("/static/lapor.js");
  CHECK(js.status == 200);
  CHECK(js.header("content-type") == std::optional<std::string_view>("text/javascript; charset=utf-8"));
  CHECK(js.header("cache-control") == std::optional<std::string_view>("public, max-age=300"));
  CHECK(s.get("/static/nothing.css").status == 404);
  CHECK(s.get("/static/..%2f..%2fCMakeLists.txt").status == 404);
}
