// fuzz_whatsapp — the POST body of /webhooks/whatsapp (a change notification)
// and its signature header, and the GET handshake's parameters. The whole input
// is parsed as a notification; properties: an error has a message; every
// returned record has a valid wamid, unique within its list, and fields within
// their documented bounds; every string is valid UTF-8 (truncation cuts on
// character boundaries); invalid ⇔ a problem is named. The input split at its
// first '\n' also serves as (header, body) for valid_signature, which must
// never crash, must refuse with an empty secret, and must accept exactly the
// HMAC we compute here; and as (mode, token, challenge) for the handshake.
// fuzz-sources: adapters/whatsapp/webhook_parser.cpp adapters/whatsapp/webhook_message.cpp
// fuzz-sources: adapters/whatsapp/webhook_fields.cpp adapters/whatsapp/signature.cpp
// fuzz-sources: adapters/json_depth.cpp events/domain/error.cpp
// fuzz-libs: Boost::headers nlohmann_json::nlohmann_json OpenSSL::Crypto
#include "adapters/whatsapp/signature.h"
#include "adapters/whatsapp/webhook_parser.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace wa = tanggap::adapters::whatsapp;

namespace {

[[noreturn]] void broken(const char* property) {
  std::fprintf(stderr, "fuzz_whatsapp: property broken: %s\n", property);
  std::abort();
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;  // continuation bytes
    std::uint32_t cp = c;
    if (c >= 0x80) {
      if ((c & 0xE0U) == 0xC0U) {
        n = 1;
        cp = c & 0x1FU;
      } else if ((c & 0xF0U) == 0xE0U) {
        n = 2;
        cp = c & 0x0FU;
      } else if ((c & 0xF8U) == 0xF0U) {
        n = 3;
        cp = c & 0x07U;
      } else {
        return false;
      }
    }
    if (i + n >= s.size() && n > 0) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0U) != 0x80U) return false;
      cp = (cp << 6) | (d & 0x3FU);
    }
    static constexpr std::uint32_t min_of[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_of[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool is_wamid(std::string_view s) {
  if (s.empty() || s.size() > wa::max_wamid_bytes) return false;
  for (const char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

bool digits(std::string_view s, std::size_t max) {
  if (s.size() > max) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void check_errors(const std::vector<wa::WaError>& errors) {
  if (errors.size() > 16) broken("more than 16 errors kept");
  for (const auto& e : errors)
    if (!valid_utf8(e.title) || !valid_utf8(e.details) || e.title.size() > wa::max_short_text_bytes ||
        e.details.size() > wa::max_short_text_bytes)
      broken("an error text is unbounded or not UTF-8");
}

void check_message(const wa::InboundMessage& m) {
  if (!is_wamid(m.wamid)) broken("a message without a valid wamid");
  if (!digits(m.from, wa::max_wa_id_digits) || !digits(m.wa_id, wa::max_wa_id_digits))
    broken("from or wa_id is not digits");
  if (m.timestamp < 0) broken("a negative timestamp");
  if ((m.kind == wa::MessageKind::invalid) != !m.problem.empty()) broken("invalid without a problem, or the reverse");
  if (m.text.size() > wa::max_text_bytes) broken("text over max_text_bytes");
  if (m.truncated && m.text.size() + 4 <= wa::max_text_bytes) broken("truncated, yet far below the cap");
  if (m.reply_id.size() > wa::max_reply_id_bytes) broken("reply_id over its cap");
  if (m.contact_phones.size() > wa::max_contact_phones) broken("too many contact phones");
  for (const auto* s : {&m.text, &m.profile_name, &m.type_name, &m.reply_id, &m.media_id, &m.media_mime_type,
                        &m.media_sha256, &m.filename, &m.location_name, &m.location_address, &m.context_wamid,
                        &m.problem, &m.phone_number_id})
    if (!valid_utf8(*s)) broken("a message string is not UTF-8");
  for (const auto* s : {&m.profile_name, &m.filename, &m.location_name, &m.location_address, &m.media_mime_type})
    if (s->size() > wa::max_short_text_bytes) broken("a short text over its cap");
  if (m.lat && (!std::isfinite(*m.lat) || std::fabs(*m.lat) > 90.0)) broken("latitude out of range");
  if (m.lon && (!std::isfinite(*m.lon) || std::fabs(*m.lon) > 180.0)) broken("longitude out of range");
  if (m.kind == wa::MessageKind::location && m.problem.empty() && (!m.lat || !m.lon))
    broken("a valid location without coordinates");
  if (!m.context_wamid.empty() && !is_wamid(m.context_wamid)) broken("a context that is no wamid");
  check_errors(m.errors);
}

void check_notification(std::string_view body) {
  const auto r = wa::parse_notification(body);
  if (!r) {
    if (r.error().message.empty()) broken("an error without a message");
    if (r.error().code != tanggap::Errc::malformed) broken("an error other than malformed");
    return;
  }
  const auto& n = *r;
  if (n.messages.size() > wa::max_records || n.statuses.size() > wa::max_records) broken("over max_records");
  if (n.notes.size() > wa::max_notes) broken("over max_notes");
  std::set<std::string> seen;
  for (const auto& m : n.messages) {
    check_message(m);
    if (!seen.insert(m.wamid).second) broken("a wamid returned twice");
  }
  std::set<std::string> seen_statuses;
  for (const auto& s : n.statuses) {
    if (!is_wamid(s.wamid)) broken("a status without a valid wamid");
    if (!digits(s.recipient, wa::max_wa_id_digits)) broken("a recipient that is not digits");
    if (!valid_utf8(s.status_name) || !valid_utf8(s.problem)) broken("a status string is not UTF-8");
    if (!seen_statuses.insert(s.wamid + '\n' + s.status_name).second) broken("a status returned twice");
    if (s.state != wa::DeliveryState::unknown && wa::state_name(s.state) != s.status_name)
      broken("a known state under another name");
    check_errors(s.errors);
  }
  check_errors(n.errors);
}

std::string hmac_header(std::string_view secret, std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  static const unsigned char nothing = 0;
  const auto* key = secret.empty() ? &nothing : reinterpret_cast<const unsigned char*>(secret.data());
  const auto* data = body.empty() ? &nothing : reinterpret_cast<const unsigned char*>(body.data());
  if (HMAC(EVP_sha256(), key, static_cast<int>(secret.size()), data, body.size(), mac, &length) == nullptr)
    broken("HMAC failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 0x0F];
  }
  return out;
}

void check_signature(std::string_view header, std::string_view body) {
  const std::string_view secret = "app-secret-fuzz";
  std::ignore = wa::valid_signature(header, body, secret);  // any outcome; must not crash
  if (wa::valid_signature(header, body, "")) broken("a signature passed with an empty secret");
  const std::string good = hmac_header(secret, body);
  if (!wa::valid_signature(good, body, secret)) broken("our own HMAC was refused");
  // HMAC pads short keys with zero bytes, so "secret\0" is the same key: skip those.
  std::string_view other = header.empty() ? std::string_view("x") : header;
  while (!other.empty() && other.back() == '\0') other.remove_suffix(1);
  if (other != secret && !other.empty() && wa::valid_signature(good, body, other))
    broken("a signature passed under another secret");
  std::string flipped = good;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  if (wa::valid_signature(flipped, body, secret)) broken("a changed signature passed");
}

void check_handshake(std::string_view a, std::string_view b) {
  const auto c = wa::verification_challenge("subscribe", a, b, "tok-123");
  if (c && (a != "tok-123" || *c != b)) broken("the handshake answered a wrong token or another challenge");
  const auto d = wa::verification_challenge(a, "tok-123", b, "tok-123");
  if (d && a != "subscribe") broken("the handshake answered another mode");
  if (wa::verification_challenge("subscribe", a, b, "")) broken("an empty verify token matched");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_notification(input);
  const auto newline = input.find('\n');
  const std::string_view head = input.substr(0, newline);
  const std::string_view rest = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  check_signature(head, rest);
  check_handshake(head, rest.substr(0, rest.find('\n')));
  return 0;
}
