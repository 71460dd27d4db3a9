// server/web_render.cpp — see web_render.h.
#include "server/web_render.h"

#include "server/web_assets.h"

#include <kainjow/mustache.hpp>
#include <spdlog/spdlog.h>

namespace tanggap::server {

namespace mustache = kainjow::mustache;
using nlohmann::json;

namespace {

// JSON to Mustache: objects and arrays as they are, strings as text, numbers
// as their text, booleans as section switches; null and "" as false, so that
// {{#x}}...{{/x}} shows only what has something in it.
mustache::data to_mustache(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) object.set(it.key(), to_mustache(it.value()));
      return object;
    }
    case json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : j) list.push_back(to_mustache(item));
      return list;
    }
    case json::value_t::string:
      if (j.get_ref<const std::string&>().empty()) return mustache::data{false};
      return mustache::data{j.get_ref<const std::string&>()};
    case json::value_t::boolean: return mustache::data{j.get<bool>()};
    case json::value_t::null: return mustache::data{false};
    default: return mustache::data{j.dump()};
  }
}

mustache::data partial_of(std::string_view name) {
  const std::string text(web_template(name));
  return mustache::data{mustache::partial{[text] { return text; }}};
}

}  // namespace

std::string render_page(std::string_view name, const json& data) {
  const std::string file = std::string(name) + ".mustache";
  mustache::mustache page{std::string(web_template(file))};
  if (!page.is_valid() || web_template(file).empty()) {
    spdlog::error("page template {} cannot be used: {}", file, page.error_message());
    return "<!doctype html><meta charset=utf-8><title>Tanggap</title><p>Maaf, halaman ini sedang tidak tersedia.</p>";
  }
  mustache::data context = to_mustache(data);
  context.set("head", partial_of("head.mustache"));
  context.set("foot", partial_of("foot.mustache"));
  context.set("css_url", static_url("tanggap.css"));
  context.set("lapor_js_url", static_url("lapor.js"));
  return page.render(context);
}

HttpResponse html_response(unsigned status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.headers = {{"Cache-Control", "no-store"},
               {"X-Content-Type-Options", "nosniff"},
               {"Referrer-Policy", "no-referrer"},
               // Only our own files; inline scripts are not needed and not allowed.
               {"Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                "form-action 'self'"}};
  return r;
}

}  // namespace tanggap::server
