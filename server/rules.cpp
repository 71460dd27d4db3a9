#include "server/rules.h"

#include "events/calendar_json.h"
#include "events/catalog_json.h"

#include <system_error>

namespace tanggap::server {

// A relative directory is looked up from the working directory first, then
// beside the binary and one level up (build/tanggap finds ops/ in the
// checkout), so that `tanggap rebuild` works wherever an operator stands.
std::filesystem::path locate_shipped_dir(const std::string& dir) {
  const std::filesystem::path given(dir);
  std::error_code ec;
  if (given.is_absolute() || std::filesystem::is_directory(given, ec)) return given;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return given;
  for (const auto& base : {exe.parent_path(), exe.parent_path().parent_path()})
    if (std::filesystem::is_directory(base / given, ec)) return base / given;
  return given;  // the loader's error names it as configured
}

Result<Rules> load_rules(const Config& config) {
  auto catalog = events::load_catalog(locate_shipped_dir(config.catalog_dir));
  if (!catalog) return catalog.error();
  auto calendars = events::load_calendars(locate_shipped_dir(config.calendar_dir), *catalog);
  if (!calendars) return calendars.error();
  return Rules{std::make_shared<const domain::Catalog>(std::move(*catalog)),
               std::make_shared<const domain::Calendars>(std::move(*calendars))};
}

}  // namespace tanggap::server
