// server/web_assets.h — the web pages' templates and static files, embedded
// in the binary at build time (server/web/, server/web/embed.cmake).
// Static files are served under /static/<name> with a version in the URL
// (a hash of the bytes), so browsers may keep them for a year and still get
// a new file the moment a release changes it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tanggap::server {

struct EmbeddedFile {
  std::string_view name;  // relative to server/web/: "lapor.mustache", "static/tanggap.css"
  std::string_view bytes;
};
const std::vector<EmbeddedFile>& embedded_web_files();  // generated

struct StaticAsset {
  std::string_view bytes;
  std::string content_type;
  std::string etag;  // "\"<16 hex of SHA-256>\""
  std::string version;  // the same 16 hex digits, for ?v=
};

// A file under static/ by its name ("tanggap.css"); null when there is none.
const StaticAsset* find_static_asset(std::string_view name);
// "/static/tanggap.css?v=<version>" for a page to link to.
std::string static_url(std::string_view name);
// A template's text ("lapor.mustache"); empty when there is none.
std::string_view web_template(std::string_view name);

}  // namespace tanggap::server
