// server/api_console.cpp — GET /console: the staff console. One HTML page; its
// scripts (server/web/static/console_*.js) do all the work through the staff
// API with the token an officer pastes in, so the page itself holds no data and
// needs no credentials, and every rule (roles, versions, transitions) stays in
// the API. The same strict CSP as the citizen's pages: the console needs no
// inline script, and its CSV download is a blob: link, which CSP does not govern.
#include "server/api.h"
#include "server/web_assets.h"
#include "server/web_render.h"

#include <nlohmann/json.hpp>

namespace tanggap::server {

namespace {

// In load order: each script adds its part to one namespace object, and
// console_main.js, last, starts the page.
constexpr std::string_view console_scripts[] = {
    "console_api.js",   "console_text.js",   "console_dom.js",    "console_queue.js", "console_case.js",
    "console_actions.js", "console_sla.js",  "console_charts.js", "console_reports.js", "console_main.js"};

}  // namespace

void get_console(const std::shared_ptr<ApiCall>& call) {
  nlohmann::json scripts = nlohmann::json::array();
  for (const auto name : console_scripts) scripts.push_back({{"src", static_url(name)}});
  const nlohmann::json data = {{"page_title", "Konsol Petugas"},
                               {"console_css_url", static_url("console.css")},
                               {"scripts", std::move(scripts)}};
  call->respond(html_response(200, render_page("console", data)));
}

}  // namespace tanggap::server
