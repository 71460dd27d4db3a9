#include "server/router.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <fmt/format.h>

namespace tanggap::server {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::size_t Router::add(std::string method, std::string pattern) {
  Route r;
  r.method = std::move(method);
  r.segments = split_path(pattern);
  r.name = pattern;
  r.pattern = std::move(pattern);
  routes_.push_back(std::move(r));
  return routes_.size() - 1;
}

Result<RouteMatch> Router::match(HttpRequest& request) const {
  auto parsed = boost::urls::parse_origin_form(request.target);
  if (!parsed) return fail(Errc::malformed, "the request target is not a valid path");
  const boost::urls::url_view url = *parsed;
  request.path = std::string(url.path());
  request.query.clear();
  for (const auto& param : url.params()) request.query.emplace_back(std::string(param.key), std::string(param.value));

  // Match on the decoded segments: "/api/v1/track/ADU%2D2026" reads as typed.
  std::vector<std::string> segments;
  for (const auto& seg : url.segments()) {
    if (!seg.empty()) segments.emplace_back(seg);
  }
  std::vector<std::string> allowed;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    PathParams params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        params.emplace(want.substr(1, want.size() - 2), segments[i]);
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    if (route.method == request.method || (route.method == "GET" && request.method == "HEAD"))
      return RouteMatch{&route, std::move(params)};
    allowed.push_back(route.method);
  }
  if (!allowed.empty()) {
    std::string list;
    for (const auto& m : allowed) list += (list.empty() ? "" : ", ") + m;
    return fail(Errc::method_not_allowed, fmt::format("{} is not allowed here; allowed: {}", request.method, list));
  }
  return fail(Errc::not_found, "no such resource");
}

}  // namespace tanggap::server
