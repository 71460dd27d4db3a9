// server/web_render.h — HTML pages from the embedded Mustache templates
// (server/web/*.mustache) and JSON data. Mustache escapes every {{value}} for
// HTML, so what a citizen typed is shown, never run. Every page gets the
// partials `head` and `foot` and the URLs of its static files.
#pragma once

#include "server/http_types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace tanggap::server {

// Renders "<name>.mustache"; a template error is a programming error and
// renders as a short apology (logged), not a crash.
std::string render_page(std::string_view name, const nlohmann::json& data);

// A text/html answer that no proxy keeps (pages carry tracking codes and
// what the citizen typed) and that frames nothing from elsewhere.
HttpResponse html_response(unsigned status, std::string body);

}  // namespace tanggap::server
