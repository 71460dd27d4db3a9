#include "server/form_decoder.h"

#define CATCH_CONFIG_ENABLE_PAIR_STRINGMAKER  // print fields as {name, value} on failure
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>
#include <vector>

using namespace tanggap;
using namespace tanggap::server;
using namespace std::string_literals;

namespace {

const FormLimits defaults;
constexpr std::size_t mb = 1024 * 1024;

// Parts are written as the bytes between a delimiter line and the CRLF before the next.
std::string field_part(const std::string& name, const std::string& value) {
  return "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value;
}
std::string file_part(const std::string& name, const std::string& filename, const std::string& type,
                      const std::string& bytes) {
  return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\nContent-Type: " +
         type + "\r\n\r\n" + bytes;
}
std::string multipart_body(const std::string& boundary, const std::vector<std::string>& parts) {
  std::string body;
  for (const auto& p : parts) body += "--" + boundary + "\r\n" + p + "\r\n";
  return body + "--" + boundary + "--\r\n";
}

const std::string boundary = "----TanggapBoundary3f9K2";
const std::string form_type = "multipart/form-data; boundary=" + boundary;

Result<FormData> multipart(const std::vector<std::string>& parts, const FormLimits& limits = defaults) {
  return decode_multipart(form_type, multipart_body(boundary, parts), limits);
}

// As Chromium 120 sends /lapor: CRLF everywhere, a tiny JPEG, the close line ended by CRLF.
const std::string chromium_type = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";
const std::string chromium_jpeg = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9"s;
const std::string chromium_body =
    "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"judul\"\r\n"
    "\r\n"
    "Jalan rusak di depan SD Negeri 3\r\n"
    "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"isi\"\r\n"
    "\r\n"
    "Lubangnya dalam,\r\nsudah dua minggu \xE2\x80\x94 tolong \xF0\x9F\x99\x8F\r\n"
    "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"foto\"; filename=\"Foto Jalan Rusak \xE2\x80\x93 1.jpg\"\r\n"
    "Content-Type: image/jpeg\r\n"
    "\r\n" +
    chromium_jpeg +
    "\r\n"
    "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";

}  // namespace

// ---- urlencoded -------------------------------------------------------------

TEST_CASE("urlencoded fields decode plus, percent escapes and UTF-8 in order", "[server][form]") {
  auto r = decode_urlencoded("judul=Jalan+rusak&lokasi=Jl.%20Merdeka%2B1&nama=Ren%C3%A9&tag=a&tag=b&kosong=&flag",
                             defaults);
  REQUIRE(r);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"judul", "Jalan rusak"}, {"lokasi", "Jl. Merdeka+1"}, {"nama", "Ren\xC3\xA9"}, {"tag", "a"},
      {"tag", "b"},             {"kosong", ""},              {"flag", ""}};
  CHECK(r->fields == expected);
  CHECK(r->files.empty());
  CHECK(r->field("tag") == std::optional<std::string_view>("a"));
  CHECK(r->field("flag") == std::optional<std::string_view>(""));
  CHECK_FALSE(r->field("tidak-ada").has_value());
}

TEST_CASE("urlencoded empty pieces are skipped and an empty body has no fields", "[server][form]") {
  auto r = decode_urlencoded("a=1&&b=2&", defaults);
  REQUIRE(r);
  CHECK(r->fields == std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "2"}});
  auto empty = decode_urlencoded("", defaults);
  REQUIRE(empty);
  CHECK(empty->fields.empty());
}

TEST_CASE("an urlencoded body that is a slice of a larger buffer is read to its end only", "[server][form]") {
  // Boost.URL 1.81 alone would read on to the NUL: "b" would be "2 and more".
  const std::string buffer = "a=1&b=2 and more";
  auto r = decode_urlencoded(std::string_view(buffer).substr(0, 7), defaults);
  REQUIRE(r);
  CHECK(r->fields == std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "2"}});
}

TEST_CASE("urlencoded bad escapes and raw bytes are malformed", "[server][form]") {
  for (const char* body : {"a=%zz", "a=%4", "a=%", "%G0=x", "a=b c", "a=\xC3\xA9", "a=\"x\""}) {
    CAPTURE(body);
    auto r = decode_urlencoded(body, defaults);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::malformed);
  }
  auto raw = decode_urlencoded("judul=Jalan rusak", defaults);
  REQUIRE(raw.has_error());
  CHECK_THAT(raw.error().message, Catch::Contains("offset 11"));
}

TEST_CASE("urlencoded text that is not UTF-8 is malformed, a NUL is not", "[server][form]") {
  SECTION("a value") {
    for (const char* body : {"isi=%FF", "isi=%C3%28", "isi=%C0%AF", "isi=%ED%A0%80", "isi=%F4%90%80%80", "isi=%E2%82"}) {
      CAPTURE(body);
      auto r = decode_urlencoded(body, defaults);
      REQUIRE(r.has_error());
      CHECK(r.error().code == Errc::malformed);
      CHECK(r.error().field == "isi");
    }
  }
  SECTION("a name") {
    auto r = decode_urlencoded("%C3%28=x", defaults);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::malformed);
    CHECK_THAT(r.error().message, Catch::Contains("name"));
  }
  SECTION("U+0000 is valid UTF-8") {
    auto r = decode_urlencoded("a=x%00y", defaults);
    REQUIRE(r);
    CHECK(r->fields.at(0).second == "x\0y"s);
  }
}

TEST_CASE("urlencoded caps on field count, value and name size", "[server][form]") {
  SECTION("the 65th field") {
    std::string body;
    for (int i = 0; i < 65; ++i) body += "f" + std::to_string(i) + "=x&";
    auto r = decode_urlencoded(body, defaults);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK(r.error().field == "f64");
    CHECK_THAT(r.error().message, Catch::Contains("more than 64 fields"));
    body.resize(body.rfind("f64="));
    CHECK(decode_urlencoded(body, defaults));  // 64 fit
  }
  SECTION("a value of 64 KB + 1") {
    auto r = decode_urlencoded("isi=" + std::string(64 * 1024 + 1, 'a'), defaults);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK(r.error().field == "isi");
    CHECK_THAT(r.error().message, Catch::Contains("longer than 64 KB"));
    CHECK(decode_urlencoded("isi=" + std::string(64 * 1024, 'a'), defaults));
  }
  SECTION("a name of 64 KB + 1") {
    auto r = decode_urlencoded(std::string(64 * 1024 + 1, 'n') + "=x", defaults);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK_THAT(r.error().message, Catch::Contains("field name"));
  }
}

TEST_CASE("the form media types are recognised whatever their case and parameters", "[server][form]") {
  CHECK(is_form_content_type("application/x-www-form-urlencoded"));
  CHECK(is_form_content_type("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
  CHECK(is_form_content_type("multipart/form-data; boundary=x"));
  CHECK(is_form_content_type(" MULTIPART/FORM-DATA ;boundary=x"));
  CHECK_FALSE(is_form_content_type("application/json"));
  CHECK_FALSE(is_form_content_type("multipart/mixed; boundary=x"));
  CHECK_FALSE(is_form_content_type("multipart/form-dataX"));
  CHECK_FALSE(is_form_content_type(""));
}

TEST_CASE("decode_form dispatches on the media type and refuses others", "[server][form]") {
  auto url = decode_form("application/x-www-form-urlencoded; charset=UTF-8", "a=1", defaults);
  REQUIRE(url);
  CHECK(url->field("a") == std::optional<std::string_view>("1"));
  auto multi = decode_form(chromium_type, chromium_body, defaults);
  REQUIRE(multi);
  CHECK(multi->files.size() == 1);
  for (const char* type : {"application/json", "text/plain", "", "multipart/mixed; boundary=x"}) {
    CAPTURE(type);
    auto r = decode_form(type, "a=1", defaults);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::unsupported_media_type);
  }
  auto direct = decode_multipart("multipart/mixed; boundary=x", "--x\r\n\r\n--x--\r\n", defaults);
  REQUIRE(direct.has_error());
  CHECK(direct.error().code == Errc::unsupported_media_type);
}

// ---- multipart: what browsers send ------------------------------------------

TEST_CASE("a CRLF-exact Chromium body gives its fields and its file byte for byte", "[server][form]") {
  auto r = decode_multipart(chromium_type, chromium_body, defaults);
  REQUIRE(r);
  REQUIRE(r->fields.size() == 2);
  CHECK(r->fields[0] == std::pair<std::string, std::string>{"judul", "Jalan rusak di depan SD Negeri 3"});
  CHECK(r->fields[1].second == "Lubangnya dalam,\r\nsudah dua minggu \xE2\x80\x94 tolong \xF0\x9F\x99\x8F");
  REQUIRE(r->files.size() == 1);
  CHECK(r->files[0].field == "foto");
  CHECK(r->files[0].filename == "Foto Jalan Rusak \xE2\x80\x93 1.jpg");
  CHECK(r->files[0].declared_type == "image/jpeg");
  CHECK(r->files[0].bytes == chromium_jpeg);
}

TEST_CASE("multipart text fields and two binary files come through exactly", "[server][form]") {
  // Bytes a naive splitter trips on: NUL, CRLF-- that is not our delimiter, a
  // longer boundary, a line ending just before the delimiter.
  const std::string photo = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\r\n--\r\n--"s + boundary + "X\r\n--" + boundary + "-\r\n\r\n";
  const std::string pdf = "%PDF-1.4\n\0\xff\xfe binary\r\n"s;
  const std::string indonesian = "Surat Keterangan Tidak Mampu \xE2\x80\x94 Ibu Siti (RT 05) \xE2\x9C\x93.pdf";
  auto r = multipart({field_part("nama", "Budi"), file_part("foto", "jalan.png", "image/png", photo),
                      field_part("alamat", "Jl. Kenanga No. 5\r\nDesa Sukamaju"),
                      file_part("surat", indonesian, "Application/PDF", pdf), field_part("nama", "Budi Santoso")});
  REQUIRE(r);
  const std::vector<std::pair<std::string, std::string>> fields{
      {"nama", "Budi"}, {"alamat", "Jl. Kenanga No. 5\r\nDesa Sukamaju"}, {"nama", "Budi Santoso"}};
  CHECK(r->fields == fields);
  CHECK(r->field("nama") == std::optional<std::string_view>("Budi"));
  REQUIRE(r->files.size() == 2);
  CHECK(r->files[0].bytes == photo);
  CHECK(r->files[0].declared_type == "image/png");
  CHECK(r->files[1].filename == indonesian);
  CHECK(r->files[1].declared_type == "application/pdf");
  CHECK(r->files[1].bytes == pdf);
}

TEST_CASE("a quoted boundary parameter and other parameters are understood", "[server][form]") {
  const std::string b = "abc def:(x)";  // a space and specials: must be quoted
  const auto body = multipart_body(b, {field_part("a", "1")});
  auto r = decode_multipart("multipart/form-data; charset=utf-8; boundary=\"" + b + "\"", body, defaults);
  REQUIRE(r);
  CHECK(r->field("a") == std::optional<std::string_view>("1"));
  auto plain = decode_multipart("Multipart/Form-Data;boundary=simple",
                                multipart_body("simple", {field_part("a", "2")}), defaults);
  REQUIRE(plain);
  CHECK(plain->field("a") == std::optional<std::string_view>("2"));
}

TEST_CASE("a file name loses any directory part", "[server][form]") {
  const std::vector<std::pair<std::string, std::string>> cases{{"C:\\fakepath\\x.jpg", "x.jpg"},
                                                               {"../../etc/passwd", "passwd"},
                                                               {"/home/warga/foto ku.png", "foto ku.png"},
                                                               {"dir\\..\\..", ""},
                                                               {"plain.pdf", "plain.pdf"}};
  for (const auto& [sent, kept] : cases) {
    CAPTURE(sent);
    auto r = multipart({file_part("f", sent, "image/jpeg", "bytes")});
    REQUIRE(r);
    REQUIRE(r->files.size() == 1);
    CHECK(r->files[0].filename == kept);
    CHECK(r->files[0].bytes == "bytes");
  }
}

TEST_CASE("an empty file input is dropped, an empty chosen file is kept", "[server][form]") {
  auto r = multipart({field_part("judul", "x"), file_part("foto", "", "application/octet-stream", ""),
                      file_part("lampiran", "kosong.txt", "text/plain", "")});
  REQUIRE(r);
  CHECK(r->fields.size() == 1);
  REQUIRE(r->files.size() == 1);
  CHECK(r->files[0].field == "lampiran");
  CHECK(r->files[0].filename == "kosong.txt");
  CHECK(r->files[0].bytes.empty());
}

TEST_CASE("a transfer encoding is undone, an absent Content-Type leaves the type empty", "[server][form]") {
  auto r = multipart({"Content-Disposition: form-data; name=\"b\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                      "SmFsYW4gcnVzYWs=",
                      "Content-Disposition: form-data; name=\"q\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                      "Ren=C3=A9",
                      "Content-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n\r\n\x01\x02"});
  REQUIRE(r);
  CHECK(r->field("b") == std::optional<std::string_view>("Jalan rusak"));
  CHECK(r->field("q") == std::optional<std::string_view>("Ren\xC3\xA9"));
  REQUIRE(r->files.size() == 1);
  CHECK(r->files[0].declared_type.empty());
  CHECK(r->files[0].bytes == "\x01\x02");
}

TEST_CASE("preamble and epilogue are ignored; a close line at the very end keeps the last value exact",
          "[server][form]") {
  // GMime alone would leave "x\r" here: it trims the line end style of the close line.
  const std::string body = "preamble\r\n--" + boundary + "\r\n" + field_part("a", "x") + "\r\n--" + boundary + "--";
  auto r = decode_multipart(form_type, body, defaults);
  REQUIRE(r);
  CHECK(r->fields == std::vector<std::pair<std::string, std::string>>{{"a", "x"}});
  auto epilogue = decode_multipart(form_type, multipart_body(boundary, {field_part("a", "y")}) + "epilogue\r\n--" +
                                                  boundary + "\r\nnot a part",
                                   defaults);
  REQUIRE(epilogue);
  CHECK(epilogue->fields == std::vector<std::pair<std::string, std::string>>{{"a", "y"}});
}

// ---- multipart: caps --------------------------------------------------------

TEST_CASE("multipart caps: fields, field size, files, per file, total", "[server][form]") {
  SECTION("the 65th text field") {
    std::vector<std::string> parts;
    for (int i = 0; i < 65; ++i) parts.push_back(field_part("f" + std::to_string(i), "x"));
    auto r = multipart(parts);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK(r.error().field == "f64");
    parts.pop_back();
    CHECK(multipart(parts));
  }
  SECTION("a text value over 64 KB") {
    auto r = multipart({field_part("isi", std::string(64 * 1024 + 1, 'x'))});
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK(r.error().field == "isi");
    CHECK_THAT(r.error().message, Catch::Contains("isi") && Catch::Contains("64 KB"));
  }
  SECTION("a sixth file") {
    std::vector<std::string> parts;
    for (int i = 0; i < 6; ++i) parts.push_back(file_part("foto" + std::to_string(i), "a.jpg", "image/jpeg", "x"));
    auto r = multipart(parts);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK(r.error().field == "foto5");
    CHECK_THAT(r.error().message, Catch::Contains("more than 5 attachments"));
  }
  SECTION("a file over 5 MB") {
    auto r = multipart({file_part("foto", "foto.jpg", "image/jpeg", std::string(5 * mb + 1, 'j'))});
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK(r.error().field == "foto");
    CHECK(r.error().message == "attachment foto.jpg is larger than 5 MB");
    auto exact = multipart({file_part("foto", "foto.jpg", "image/jpeg", std::string(5 * mb, 'j'))});
    REQUIRE(exact);
    CHECK(exact->files.at(0).bytes.size() == 5 * mb);
  }
  SECTION("a base64 file over the cap once decoded") {
    FormLimits small;
    small.max_file_bytes = 4;
    auto r = multipart({"Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n"
                        "Content-Transfer-Encoding: base64\r\n\r\nQUJDREU="},  // "ABCDE"
                       small);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
  }
  SECTION("files over 10 MB together") {
    const std::string four(4 * mb, 'p');
    auto r = multipart({file_part("a", "a.pdf", "application/pdf", four), file_part("b", "b.pdf", "application/pdf", four),
                        file_part("c", "c.pdf", "application/pdf", four)});
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK(r.error().field == "c");
    CHECK_THAT(r.error().message, Catch::Contains("together") && Catch::Contains("10 MB"));
  }
  SECTION("a name or a file name over 64 KB") {
    auto name = multipart({field_part(std::string(64 * 1024 + 1, 'n'), "x")});
    REQUIRE(name.has_error());
    CHECK(name.error().code == Errc::body_too_large);
    auto file = multipart({file_part("f", std::string(64 * 1024 + 1, 'n'), "image/png", "x")});
    REQUIRE(file.has_error());
    CHECK(file.error().code == Errc::body_too_large);
    CHECK(file.error().field == "f");
  }
  SECTION("part headers beyond what any form sends") {
    std::string headers = "Content-Disposition: form-data; name=\"a\"";
    for (int i = 0; i < 50000; ++i) headers += "; p=1";  // 250 KB; the budget is 197 KB
    auto r = multipart({headers + "\r\n\r\nx"});
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::body_too_large);
    CHECK_THAT(r.error().message, Catch::Contains("headers"));
  }
}

TEST_CASE("10,000 tiny parts are refused by the cap before any is built", "[server][form]") {
  std::vector<std::string> parts(10000, field_part("a", "b"));
  const auto body = multipart_body(boundary, parts);
  const auto start = std::chrono::steady_clock::now();
  auto r = decode_multipart(form_type, body, defaults);
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(r.has_error());
  CHECK(r.error().code == Errc::body_too_large);
  CHECK_THAT(r.error().message, Catch::Contains("more than 69 parts"));
  CHECK(took < std::chrono::milliseconds(500));
}

// ---- multipart: broken and hostile bodies -----------------------------------

TEST_CASE("a broken multipart envelope is malformed", "[server][form]") {
  const auto full = multipart_body(boundary, {field_part("a", "1"), file_part("f", "x.jpg", "image/jpeg", "abc")});
  auto malformed = [](const Result<FormData>& r) { return r.has_error() && r.error().code == Errc::malformed; };
  SECTION("truncated anywhere") {
    for (std::size_t cut = 0; cut + 3 < full.size(); cut += 7) {
      CAPTURE(cut);
      CHECK(malformed(decode_multipart(form_type, full.substr(0, cut), defaults)));
    }
  }
  SECTION("no close line") {
    auto r = decode_multipart(form_type, full.substr(0, full.rfind("--" + boundary + "--")), defaults);
    REQUIRE(malformed(r));
    CHECK_THAT(r.error().message, Catch::Contains("closing"));
  }
  SECTION("a close line with no part before it") {
    CHECK(malformed(decode_multipart(form_type, "--" + boundary + "--\r\n", defaults)));
  }
  SECTION("no boundary parameter") {
    auto r = decode_multipart("multipart/form-data", full, defaults);
    REQUIRE(malformed(r));
    CHECK_THAT(r.error().message, Catch::Contains("boundary"));
    CHECK(malformed(decode_multipart("multipart/form-data; boundary=", full, defaults)));
    CHECK(malformed(decode_multipart("multipart/form-data; boundary=\"\"", full, defaults)));
  }
  SECTION("a boundary of 71 characters, or with a character RFC 2046 does not allow") {
    const std::string b70(70, 'b'), b71(71, 'b');
    CHECK(decode_multipart("multipart/form-data; boundary=" + b70, multipart_body(b70, {field_part("a", "1")}), defaults));
    CHECK(malformed(decode_multipart("multipart/form-data; boundary=" + b71, multipart_body(b71, {field_part("a", "1")}),
                                     defaults)));
    CHECK(malformed(decode_multipart("multipart/form-data; boundary=\"a;b\"", multipart_body("a;b", {field_part("a", "1")}),
                                     defaults)));
    CHECK(malformed(decode_multipart("multipart/form-data; boundary=\"ab \"", multipart_body("ab ", {field_part("a", "1")}),
                                     defaults)));
  }
  SECTION("control characters in the Content-Type") {
    CHECK(malformed(decode_multipart("multipart/form-data; boundary=a\r\nX-Injected: 1", full, defaults)));
    CHECK(malformed(decode_multipart("multipart/form-data; boundary=a\0b"s, full, defaults)));
  }
}

TEST_CASE("a part must be named by Content-Disposition: form-data", "[server][form]") {
  auto refused = [](const std::string& part) {
    auto r = multipart({field_part("ok", "1"), part});
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::malformed);
    return r.error().message;
  };
  CHECK_THAT(refused("Content-Type: text/plain\r\n\r\nno disposition"), Catch::Contains("part 2"));
  CHECK_THAT(refused("Content-Disposition: form-data\r\n\r\nx"), Catch::Contains("no name"));
  CHECK_THAT(refused("Content-Disposition: form-data; name=\"\"\r\n\r\nx"), Catch::Contains("no name"));
  CHECK_THAT(refused("Content-Disposition: attachment; name=\"a\"\r\n\r\nx"), Catch::Contains("form-data"));
  CHECK_THAT(refused("\r\nno headers at all"), Catch::Contains("part 2"));
}

TEST_CASE("part headers and text values that are not UTF-8 are malformed", "[server][form]") {
  // GMime would read the Latin-1 name as "n\u00e9": we refuse instead.
  auto name = multipart({"Content-Disposition: form-data; name=\"n\xE9\"\r\n\r\nx"});
  REQUIRE(name.has_error());
  CHECK(name.error().code == Errc::malformed);
  auto filename = multipart({file_part("f", "caf\xE9.jpg", "image/jpeg", "x")});
  REQUIRE(filename.has_error());
  CHECK(filename.error().code == Errc::malformed);
  auto type = multipart({file_part("f", "a.jpg", "image/j\xE9peg", "x")});
  REQUIRE(type.has_error());
  CHECK(type.error().code == Errc::malformed);
  auto value = multipart({field_part("isi", "caf\xE9")});
  REQUIRE(value.has_error());
  CHECK(value.error().code == Errc::malformed);
  CHECK(value.error().field == "isi");
}

TEST_CASE("a nested multipart or message part is refused without parsing what it holds", "[server][form]") {
  SECTION("multipart/mixed with 10,000 inner parts") {
    std::string inner;
    for (int i = 0; i < 10000; ++i) inner += "--inner\r\nContent-Type: text/plain\r\n\r\nx\r\n";
    inner += "--inner--";
    const auto start = std::chrono::steady_clock::now();
    auto r = multipart({"Content-Disposition: form-data; name=\"a\"\r\n"
                        "Content-Type: multipart/mixed; boundary=inner\r\n\r\n" + inner});
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::malformed);
    CHECK_THAT(r.error().message, Catch::Contains("nested"));
    CHECK(took < std::chrono::milliseconds(500));
  }
  SECTION("message/rfc822") {
    auto r = multipart({field_part("a", "1"), file_part("f", "mail.eml", "message/rfc822", "Subject: x\r\n\r\nhi")});
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::malformed);
  }
}

TEST_CASE("garbage in a multipart body is refused", "[server][form]") {
  SECTION("headers only") {
    auto r = decode_multipart(form_type, "Content-Type: text/plain\r\nContent-Disposition: form-data; name=a\r\n\r\nhello",
                              defaults);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::malformed);
  }
  SECTION("a 1 MB line without CRLF") {
    const std::string line(mb, 'A');
    auto bare = decode_multipart(form_type, line, defaults);
    REQUIRE(bare.has_error());
    CHECK(bare.error().code == Errc::malformed);
    auto as_value = multipart({field_part("isi", line)});
    REQUIRE(as_value.has_error());
    CHECK(as_value.error().code == Errc::body_too_large);
    auto as_file = multipart({file_part("f", "a.txt", "text/plain", line)});
    REQUIRE(as_file);
    CHECK(as_file->files.at(0).bytes == line);
  }
  SECTION("random bytes, alone and between delimiters") {
    std::mt19937 rng(20260101);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 200; ++round) {
      CAPTURE(round);
      std::string noise(static_cast<std::size_t>(rng() % 2000), '\0');
      for (auto& c : noise) c = static_cast<char>(byte(rng));
      auto alone = decode_form(form_type, noise, defaults);
      REQUIRE(alone.has_error());
      CHECK(alone.error().code == Errc::malformed);
      auto framed = decode_form(form_type, "--" + boundary + "\r\n" + noise + "\r\n--" + boundary + "--\r\n", defaults);
      if (framed) CHECK(framed->fields.size() + framed->files.size() <= 1);
    }
  }
}

TEST_CASE("random fields and files round-trip exactly", "[server][form][property]") {
  const auto seed = GENERATE(take(20, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  auto random_bytes = [&](std::size_t n) {
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(byte(rng));
    return s;
  };
  std::vector<std::string> parts;
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::string> files;
  for (int i = 0; i < 8; ++i) {
    const auto name = "f" + std::to_string(i);
    if (rng() % 2) {
      std::string text;  // printable ASCII with line ends
      for (std::size_t n = rng() % 300; n > 0; --n) text += rng() % 10 == 0 ? "\r\n" : std::string(1, char(' ' + rng() % 95));
      parts.push_back(field_part(name, text));
      fields.emplace_back(name, text);
    } else if (files.size() < 5) {
      files.push_back(random_bytes(1 + rng() % 5000));
      parts.push_back(file_part(name, "file" + std::to_string(i) + ".bin", "application/octet-stream", files.back()));
    }
  }
  auto r = multipart(parts);
  REQUIRE(r);
  CHECK(r->fields == fields);
  REQUIRE(r->files.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) CHECK(r->files[i].bytes == files[i]);
}
