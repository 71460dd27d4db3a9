#include "adapters/whatsapp/signature.h"

#include <catch2/catch.hpp>

#include <string>

using tanggap::adapters::whatsapp::max_challenge_bytes;
using tanggap::adapters::whatsapp::valid_signature;
using tanggap::adapters::whatsapp::verification_challenge;

namespace {

// A notification as Meta serialises it (escaped non-ASCII, "\/"), and its
// signature computed outside our code, as PROTOCOLS.md §1.3 says:
//   printf '%s' "$BODY" | openssl dgst -sha256 -hmac app-secret-test-7f3a
const std::string body =
    R"({"object":"whatsapp_business_account","entry":[{"id":"102938475600001","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"6281100000000","phone_number_id":"PNID-TEST-1"},"contacts":[{"profile":{"name":"Siti Aminah"},"wa_id":"6281234567890"}],"messages":[{"from":"6281234567890","id":"wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBMEI0001RkQ0QzY3QjlEMjA3AA==","timestamp":"1763800000","type":"text","text":{"body":"Bantuan PKH saya belum cair sejak Agustus \ud83d\ude4f mohon dibantu, Bu. Email saya siti@example.com, alamat RT 03\/RW 05"}}]},"field":"messages"}]}]})";
const std::string secret = "app-secret-test-7f3a";
const std::string hex = "3aa6f5b69097c54b455c27b36cf13596823e8b2ae7ae9eb6ce6883446361fe7c";
const std::string header = "sha256=" + hex;

std::string upper(std::string s) {
  for (auto& c : s)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

TEST_CASE("a signature made with the app secret over the raw body is valid", "[whatsapp][signature]") {
  CHECK(valid_signature(header, body, secret));
  // RFC 4231 test case 2, as Meta would send it.
  CHECK(valid_signature("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                        "what do ya want for nothing?", "Jefe"));
}

TEST_CASE("uppercase hex digits in the signature are accepted", "[whatsapp][signature]") {
  CHECK(valid_signature("sha256=" + upper(hex), body, secret));
}

TEST_CASE("a body altered by one byte fails the signature", "[whatsapp][signature]") {
  std::string altered = body;
  altered[body.find("PKH")] = 'p';
  CHECK_FALSE(valid_signature(header, altered, secret));
  CHECK_FALSE(valid_signature(header, body + " ", secret));
  CHECK_FALSE(valid_signature(header, body.substr(0, body.size() - 1), secret));
  // Re-serialised JSON (unescaped "/") is different bytes: it must not pass.
  std::string unescaped = body;
  unescaped.replace(unescaped.find("\\/"), 2, "/");
  CHECK_FALSE(valid_signature(header, unescaped, secret));
}

TEST_CASE("a signature made with another secret fails", "[whatsapp][signature]") {
  CHECK_FALSE(valid_signature(header, body, "app-secret-test-7f3b"));
  CHECK_FALSE(valid_signature(header, body, secret + "x"));
}

TEST_CASE("a missing or malformed signature header fails", "[whatsapp][signature]") {
  CHECK_FALSE(valid_signature("", body, secret));                     // header missing
  CHECK_FALSE(valid_signature(hex, body, secret));                    // no sha256= prefix
  CHECK_FALSE(valid_signature("sha1=" + hex, body, secret));          // the old X-Hub-Signature
  CHECK_FALSE(valid_signature("SHA256=" + hex, body, secret));        // Meta writes it lowercase
  CHECK_FALSE(valid_signature("sha256:" + hex, body, secret));
  CHECK_FALSE(valid_signature("sha256=", body, secret));
  CHECK_FALSE(valid_signature(" sha256=" + hex, body, secret));
  CHECK_FALSE(valid_signature(header + " ", body, secret));
  CHECK_FALSE(valid_signature(header + "\r\n", body, secret));
  CHECK_FALSE(valid_signature(std::string("sha256=") + std::string(64, '0'), body, secret));
}

TEST_CASE("a signature of the wrong length fails", "[whatsapp][signature]") {
  CHECK_FALSE(valid_signature(header.substr(0, header.size() - 1), body, secret));  // 63 digits
  CHECK_FALSE(valid_signature(header + "0", body, secret));                         // 65 digits
  CHECK_FALSE(valid_signature(header + header.substr(7), body, secret));            // 128 digits
  CHECK_FALSE(valid_signature(header.substr(0, 7 + 40), body, secret));             // a SHA-1's 40
}

TEST_CASE("a signature with a non-hex digit fails", "[whatsapp][signature]") {
  std::string bad = header;
  bad[10] = 'g';
  CHECK_FALSE(valid_signature(bad, body, secret));
  bad[10] = '\0';
  CHECK_FALSE(valid_signature(bad, body, secret));
}

TEST_CASE("an empty app secret accepts no signature at all", "[whatsapp][signature]") {
  // HMAC-SHA256 with the empty key over "{}" and over "": valid HMACs, still refused.
  CHECK_FALSE(valid_signature("sha256=22f8eea909400af98adf3681a9f31923ef6b7fcba4abb553d92823a3e9d5c25e", "{}", ""));
  CHECK_FALSE(valid_signature("sha256=b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", "", ""));
}

TEST_CASE("the verification handshake echoes the challenge only to the right token", "[whatsapp][verification]") {
  const std::string token = "tok-123";
  SECTION("subscribe with the configured token") {
    const auto c = verification_challenge("subscribe", token, "1158201444", token);
    REQUIRE(c.has_value());
    CHECK(*c == "1158201444");
    CHECK(verification_challenge("subscribe", token, "r4nd0m-Str1ng_x", token) == std::optional<std::string>("r4nd0m-Str1ng_x"));
  }
  SECTION("a wrong token") {
    CHECK_FALSE(verification_challenge("subscribe", "tok-124", "1158201444", token));
    CHECK_FALSE(verification_challenge("subscribe", "tok-12", "1158201444", token));
    CHECK_FALSE(verification_challenge("subscribe", "tok-1234", "1158201444", token));
    CHECK_FALSE(verification_challenge("subscribe", "", "1158201444", token));
  }
  SECTION("a wrong mode") {
    CHECK_FALSE(verification_challenge("unsubscribe", token, "1158201444", token));
    CHECK_FALSE(verification_challenge("Subscribe", token, "1158201444", token));
    CHECK_FALSE(verification_challenge("", token, "1158201444", token));
  }
  SECTION("a missing or unreasonable challenge") {
    CHECK_FALSE(verification_challenge("subscribe", token, "", token));
    CHECK_FALSE(verification_challenge("subscribe", token, std::string(max_challenge_bytes + 1, '7'), token));
    CHECK(verification_challenge("subscribe", token, std::string(max_challenge_bytes, '7'), token));
    CHECK_FALSE(verification_challenge("subscribe", token, "115 8201444", token));
    CHECK_FALSE(verification_challenge("subscribe", token, "1158201444\r\nSet-Cookie: x=1", token));
    CHECK_FALSE(verification_challenge("subscribe", token, "<script>\xC3\xA4", token));
  }
  SECTION("an unconfigured verify token matches nothing, not even an empty one") {
    CHECK_FALSE(verification_challenge("subscribe", "", "1158201444", ""));
  }
}
