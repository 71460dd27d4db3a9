// fuzz_json_body — JSON request bodies: the depth check and parse of
// server/json_body.h, then what POST /api/v1/cases (citizen and staff) and
// POST /api/v1/cases/{id}/commands make of the object. Properties: a parsed
// object dumps to JSON that parses again to an object (error bodies and logs
// echo it); an accepted submission holds a normalised phone and a checked NIK.
// fuzz-sources: server/json_body.cpp server/submission_json.cpp server/command_json.cpp
// fuzz-sources: server/http_types.cpp events/domain/error.cpp events/domain/nik.cpp adapters/json_depth.cpp
// fuzz-sources: events/domain/phone.cpp events/domain/case_types.cpp events/domain/catalog_names.cpp
// fuzz-libs: Boost::headers fmt::fmt nlohmann_json::nlohmann_json
#include "server/command_json.h"
#include "server/json_body.h"
#include "server/submission_json.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void broken(const char* property) {
  std::fprintf(stderr, "fuzz_json_body: property broken: %s\n", property);
  std::abort();
}

void check_submission(const tanggap::Result<tanggap::domain::Submit>& s) {
  if (!s) {
    if (s.error().message.empty()) broken("read_submission: an error without a message");
    return;
  }
  if (s->service.empty()) broken("read_submission: accepted a case without a service");
  const auto& phone = s->reporter.phone;
  if (!phone.empty() && phone[0] != '+') broken("read_submission: phone is not E.164");
  const auto& nik = s->reporter.nik;
  if (!nik.empty() && nik.size() != 16) broken("read_submission: NIK is not 16 digits");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = tanggap::server::parse_json_object_text(text);
  if (!body) return 0;

  const std::string dumped = tanggap::server::dump(*body);
  const auto again = tanggap::server::parse_json_object_text(dumped);
  if (!again) broken("dump: a parsed object does not parse again");

  check_submission(tanggap::server::read_submission(*body, false));
  check_submission(tanggap::server::read_submission(*body, true));
  const auto command = tanggap::server::parse_command(*body);
  if (!command && command.error().message.empty()) broken("parse_command: an error without a message");
  return 0;
}
