// server/web_assets.cpp — see web_assets.h.
#include "server/web_assets.h"

#include "events/sha256.h"

#include <map>

namespace tanggap::server {

namespace {

std::string content_type_of(std::string_view name) {
  const auto dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

const std::map<std::string, StaticAsset, std::less<>>& static_assets() {
  static const auto assets = [] {
    std::map<std::string, StaticAsset, std::less<>> out;
    constexpr std::string_view prefix = "static/";
    for (const auto& file : embedded_web_files()) {
      if (!file.name.starts_with(prefix)) continue;
      const std::string name(file.name.substr(prefix.size()));
      const std::string version = events::sha256_hex(file.bytes).substr(0, 16);
      out.emplace(name, StaticAsset{file.bytes, content_type_of(name), "\"" + version + "\"", version});
    }
    return out;
  }();
  return assets;
}

}  // namespace

const StaticAsset* find_static_asset(std::string_view name) {
  const auto& assets = static_assets();
  const auto it = assets.find(name);
  return it == assets.end() ? nullptr : &it->second;
}

std::string static_url(std::string_view name) {
  const auto* asset = find_static_asset(name);
  return "/static/" + std::string(name) + (asset ? "?v=" + asset->version : "");
}

std::string_view web_template(std::string_view name) {
  for (const auto& file : embedded_web_files())
    if (file.name == name) return file.bytes;
  return {};
}

}  // namespace tanggap::server
