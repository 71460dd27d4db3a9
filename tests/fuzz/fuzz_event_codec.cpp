// fuzz_event_codec — what the store reads back: a log record's bytes
// (events/log_format.h decode_record) and an event's JSON data (the case,
// staff, chat and outbound-message codecs). Stored bytes may be damaged or written by another build, so
// reading them must give an error, never a crash. Two input forms:
//   a record:  0x01 prev_hash:32 body hash:32 (the grammar of log_format.h);
//              its data is then decoded by its type and schema;
//   otherwise: "TYPE SCHEMA\n" then the data ("CaseAssigned 1\n{...}");
//              SCHEMA may be left out (the current one).
// Properties: a decoded record encodes to the same bytes; a decoded event
// re-encodes to canonical data that decodes and encodes to the same bytes.
// fuzz-sources: events/log_format.cpp events/sha256.cpp events/case_event_json.cpp
// fuzz-sources: events/staff_event_json.cpp events/domain/case_types.cpp events/chat_event_json.cpp
// fuzz-sources: events/domain/chat_types.cpp events/domain/outbound_types.cpp
// fuzz-sources: events/domain/catalog_names.cpp events/domain/time.cpp events/domain/error.cpp
// fuzz-sources: events/domain/sla.cpp events/domain/business_calendar.cpp events/domain/catalog.cpp
// fuzz-libs: Boost::headers fmt::fmt nlohmann_json::nlohmann_json OpenSSL::Crypto
#include "events/case_event_json.h"
#include "events/chat_event_json.h"
#include "events/log_format.h"
#include "events/staff_event_json.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>

namespace ev = tanggap::events;

namespace {

[[noreturn]] void broken(const char* property) {
  std::fprintf(stderr, "fuzz_event_codec: property broken: %s\n", property);
  std::abort();
}

// Decodes `data` as the store would, then checks the canonical round trip.
void decode_event(std::string_view type, std::uint32_t schema, std::string_view data) {
  if (const auto e = ev::decode_case_event(type, schema, data)) {
    const ev::EncodedEvent enc = ev::encode_case_event(*e);
    if (enc.type != type) broken("case codec: re-encoded under another type");
    const auto back = ev::decode_case_event(enc.type, enc.schema, enc.data);
    if (!back) broken("case codec: its own encoding does not decode");
    if (ev::encode_case_event(*back).data != enc.data) broken("case codec: encoding is not canonical");
  } else if (e.error().message.empty()) {
    broken("case codec: an error without a message");
  }
  if (const auto e = ev::decode_staff_event(type, schema, data)) {
    const ev::EncodedEvent enc = ev::encode_staff_event(*e);
    if (enc.type != type) broken("staff codec: re-encoded under another type");
    const auto back = ev::decode_staff_event(enc.type, enc.schema, enc.data);
    if (!back) broken("staff codec: its own encoding does not decode");
    if (ev::encode_staff_event(*back).data != enc.data) broken("staff codec: encoding is not canonical");
  }
  if (const auto e = ev::decode_chat_event(type, schema, data)) {
    const ev::EncodedEvent enc = ev::encode_chat_event(*e);
    if (enc.type != type) broken("chat codec: re-encoded under another type");
    const auto back = ev::decode_chat_event(enc.type, enc.schema, enc.data);
    if (!back) broken("chat codec: its own encoding does not decode");
    if (ev::encode_chat_event(*back).data != enc.data) broken("chat codec: encoding is not canonical");
  }
  if (const auto e = ev::decode_outbound_event(type, schema, data)) {
    const ev::EncodedEvent enc = ev::encode_outbound_event(*e);
    if (enc.type != type) broken("outbound codec: re-encoded under another type");
    const auto back = ev::decode_outbound_event(enc.type, enc.schema, enc.data);
    if (!back) broken("outbound codec: its own encoding does not decode");
    if (ev::encode_outbound_event(*back).data != enc.data) broken("outbound codec: encoding is not canonical");
  }
}

bool record(std::string_view bytes) {
  const auto e = ev::log_format::decode_record(bytes);
  if (!e) return false;
  const std::string body = ev::log_format::encode_body(*e);
  if (ev::log_format::encode_record(e->prev_hash, body, e->hash) != bytes)
    broken("log_format: a decoded record encodes to other bytes");
  std::ignore = ev::log_format::check_record_hash(bytes);
  decode_event(e->type, e->schema, e->data);
  return true;
}

void typed_text(std::string_view text) {
  const auto eol = text.find('\n');
  if (eol == std::string_view::npos) return;
  std::string_view header = text.substr(0, eol);
  const std::string_view data = text.substr(eol + 1);
  std::string_view type = header;
  std::uint32_t schema = 0;
  if (const auto space = header.find(' '); space != std::string_view::npos) {
    type = header.substr(0, space);
    std::uint64_t n = 0;
    for (const char c : header.substr(space + 1)) {
      if (c < '0' || c > '9') break;
      n = std::min<std::uint64_t>(n * 10 + static_cast<std::uint64_t>(c - '0'), UINT32_MAX);
    }
    schema = static_cast<std::uint32_t>(n);
  } else {
    schema = std::max(ev::case_event_schema(type), ev::staff_event_schema(type));
  }
  decode_event(type, schema, data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!record(bytes)) typed_text(bytes);
  return 0;
}
