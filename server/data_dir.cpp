#include "server/data_dir.h"

#include <fmt/format.h>

namespace tanggap::server {

std::filesystem::path store_path(const std::string& data_dir) { return std::filesystem::path(data_dir) / "store"; }
std::filesystem::path admin_token_path(const std::string& data_dir) {
  return std::filesystem::path(data_dir) / "admin.token";
}

std::filesystem::path attachments_path(const std::string& data_dir) {
  return std::filesystem::path(data_dir) / "attachments";
}

Result<std::unique_ptr<events::EventStore>> open_store(const std::string& data_dir, events::Options options) {
  std::error_code ec;
  if (options.create_if_missing && !options.read_only) {
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return fail(Errc::storage_failed, fmt::format("cannot create the data directory {}: {}", data_dir, ec.message()));
  } else if (!std::filesystem::exists(store_path(data_dir), ec)) {
    return fail(Errc::not_found, fmt::format("no store at {}", store_path(data_dir).string()));
  }
  options.path = store_path(data_dir).string();
  auto store = events::EventStore::open(options);
  if (!store && store.error().message.find("lock") != std::string::npos)
    return fail(Errc::not_ready, fmt::format("the store at {} is in use: stop the running server first ({})",
                                             options.path, store.error().message));
  return store;
}

}  // namespace tanggap::server
