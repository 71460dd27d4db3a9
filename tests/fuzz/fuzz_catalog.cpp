// fuzz_catalog — the service catalog reader (events/catalog_json.h over
// events/strict_json.h): operator data, but it decides every deadline, so a
// hostile or mangled file must become an error naming the file, never a crash.
// Input: files separated by lines "=== NAME"; the first is service-types.json,
// the others are offices ("=== offices/kab-lumajang.json": the stem must be
// the office id). Input without a "=== " line is service-types.json alone.
// Property: a catalog that loads renders GET /api/v1/services, for all
// offices and for each one (nlohmann's dump throws on text that is not UTF-8,
// which the reader must have refused).
// fuzz-sources: events/catalog_json.cpp events/strict_json.cpp events/domain/catalog.cpp
// fuzz-sources: events/domain/catalog_names.cpp events/domain/time.cpp events/domain/error.cpp
// fuzz-libs: Boost::headers fmt::fmt nlohmann_json::nlohmann_json
#include "events/catalog_json.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace ev = tanggap::events;

namespace {

[[noreturn]] void broken(const char* property) {
  std::fprintf(stderr, "fuzz_catalog: property broken: %s\n", property);
  std::abort();
}

// "=== name\ntext\n=== name\ntext" → files; text without a header is `first_name`.
std::vector<ev::CatalogFile> split_files(std::string_view input, std::string_view first_name) {
  constexpr std::string_view marker = "=== ";
  std::vector<ev::CatalogFile> files;
  if (!input.starts_with(marker)) {
    files.push_back({std::string(first_name), std::string(input)});
    return files;
  }
  while (input.starts_with(marker)) {
    input.remove_prefix(marker.size());
    const auto eol = input.find('\n');
    const auto name = input.substr(0, eol);
    input = eol == std::string_view::npos ? std::string_view{} : input.substr(eol + 1);
    auto next = input.find("\n=== ");
    const auto text = input.substr(0, next);
    files.push_back({std::string(name), std::string(text)});
    input = next == std::string_view::npos ? std::string_view{} : input.substr(next + 1);
  }
  return files;
}

// A JSON object; whether it parses is checked by the tests, not at every run
// (json.hpp would double this target's build time).
void check_json(const std::string& text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') broken("catalog_to_json: not a JSON object");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto files = split_files(std::string_view(reinterpret_cast<const char*>(data), size), "service-types.json");
  const ev::CatalogFile types = files.front();
  files.erase(files.begin());
  const auto catalog = ev::parse_catalog_files(types, files);
  if (!catalog) {
    if (catalog.error().message.empty()) broken("parse_catalog_files: an error without a message");
    return 0;
  }
  check_json(ev::catalog_to_json(*catalog, ""));
  for (const auto& office : catalog->offices) check_json(ev::catalog_to_json(*catalog, office.id));
  return 0;
}
