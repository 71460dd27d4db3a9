// fuzz_url — request targets: Boost.URL's origin-form parse, the path
// decoding and the route match of server/router.h over the real route table
// (server/api.cpp), then the query parameters the handlers read, including the
// instant of ?at= (domain/time.h). Input: the first byte picks the method
// (G, P, H, U, D, O, A: GET, POST, HEAD, PUT, DELETE, OPTIONS, PATCH), the
// rest is the target as sent: "G/api/v1/track/ADU-2026-000042?code=K7M2X9PQ". Properties: a match has one decoded segment
// per pattern segment, equal on the literal ones, and names every {param};
// ?at= reads back from its own formatting.
// fuzz-sources: server/router.cpp server/http_types.cpp events/domain/error.cpp
// fuzz-sources: events/domain/time.cpp
// fuzz-libs: Boost::headers Boost::url fmt::fmt
#include "events/domain/time.h"
#include "server/router.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

namespace server = tanggap::server;

namespace {

[[noreturn]] void broken(const char* property) {
  std::fprintf(stderr, "fuzz_url: property broken: %s\n", property);
  std::abort();
}

// The table of server/api.cpp's Api::Api, in its order.
const server::Router& router() {
  static const server::Router r = [] {
    server::Router built;
    for (const auto& [method, pattern] : std::array<std::pair<const char*, const char*>, 15>{{
             {"GET", "/api/v1/services"},
             {"POST", "/api/v1/cases"},
             {"GET", "/api/v1/track/{id}"},
             {"GET", "/api/v1/cases"},
             {"GET", "/api/v1/cases/{id}"},
             {"GET", "/api/v1/sla/breaches"},
             {"GET", "/api/v1/notifications"},
             {"POST", "/api/v1/cases/{id}/commands"},
             {"GET", "/api/v1/events"},
             {"POST", "/api/v1/admin/users"},
             {"POST", "/api/v1/admin/clock"},
             {"GET", "/healthz"},
             {"GET", "/readyz"},
             {"GET", "/metrics"},
             {"GET", "/openapi.json"},
         }})
      built.add(method, pattern);
    return built;
  }();
  return r;
}

// The first byte as a method: a letter for the usual ones, so seeds stay
// readable ("G/api/v1/services"); any other byte is a one-byte method.
std::string method_of(char c) {
  switch (c) {
    case 'G': return "GET";
    case 'P': return "POST";
    case 'H': return "HEAD";
    case 'U': return "PUT";
    case 'D': return "DELETE";
    case 'O': return "OPTIONS";
    case 'A': return "PATCH";
    default: return std::string(1, c);
  }
}

constexpr std::array<const char*, 12> query_names{"code", "limit", "after", "cursor", "office", "q",
                                                  "at", "clock", "breached", "status", "assignee", ""};

void check_match(const server::HttpRequest& request, const server::RouteMatch& m) {
  if (m.route == nullptr) broken("match: no route in a match");
  // Boost.URL does not count a leading "/." as a segment: it is the prefix that
  // keeps a path such as "//x" from reading as an authority, so "/./healthz"
  // routes as "/healthz".
  std::string_view path = request.path;
  if (path.starts_with("/./")) path.remove_prefix(2);
  const auto segments = server::split_path(path);
  std::size_t params = 0;
  for (const auto& want : m.route->segments) {
    if (want.front() == '{') {
      const auto name = want.substr(1, want.size() - 2);
      if (!m.params.contains(name)) broken("match: a {param} of the pattern is missing");
      ++params;
    }
  }
  if (params != m.params.size()) broken("match: more params than the pattern names");
  // A decoded segment may hold an encoded '/' ("%2F"), so compare the counts
  // only for a target without percent escapes.
  if (request.target.find('%') == std::string::npos && segments.size() != m.route->segments.size())
    broken("match: segment count differs from the pattern's");
  if (m.route->method != request.method && !(m.route->method == "GET" && request.method == "HEAD"))
    broken("match: the method differs");
}

void check_instant(std::string_view text) {
  const auto t = tanggap::domain::parse_instant(text);
  if (!t) return;
  const std::string formatted = tanggap::domain::format_instant(*t);
  const auto again = tanggap::domain::parse_instant(formatted);
  if (!again || *again != *t) broken("parse_instant: its instant does not read back from format_instant");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  server::HttpRequest request;
  request.method = method_of(static_cast<char>(data[0]));
  request.target.assign(reinterpret_cast<const char*>(data) + 1, size - 1);

  const auto m = router().match(request);
  if (m) check_match(request, *m);
  else if (m.error().message.empty()) broken("match: an error without a message");

  for (const char* name : query_names) {
    const auto value = request.query_param(name);
    if (value && std::string_view(name) == "at") check_instant(*value);
  }
  return 0;
}
