// server/router.h — methods and path patterns to handlers.
// Patterns are literal segments and {name} parameters ("/api/v1/cases/{id}").
// A path that matches no pattern is 404; one that matches with another method
// is 405 with the allowed methods. Targets are parsed by Boost.URL: no
// hand-written percent decoding. Immutable after setup: match() from any thread.
#pragma once

#include "events/domain/error.h"
#include "server/http_types.h"

#include <map>
#include <string>
#include <vector>

namespace tanggap::server {

using PathParams = std::map<std::string, std::string, std::less<>>;

struct Route {
  std::string method;
  std::string pattern;
  std::string name;  // for logs and metrics: the pattern, stable and low-cardinality
  std::vector<std::string> segments;
};

struct RouteMatch {
  const Route* route = nullptr;
  PathParams params;
};

class Router {
 public:
  // Returns the route's index for the caller's own table.
  std::size_t add(std::string method, std::string pattern);
  // Fills request.path and request.query from request.target, then matches.
  // Errors: malformed (a target Boost.URL rejects), not_found, method_not_allowed.
  Result<RouteMatch> match(HttpRequest& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits "a/b/c" into segments (without empty ones from leading/trailing slashes).
std::vector<std::string> split_path(std::string_view path);

}  // namespace tanggap::server
