// server/serve.h — `tanggap serve`: wires config, store, catalog,
// projections and the HTTP listener, and runs until SIGINT or SIGTERM.
#pragma once

#include <optional>
#include <string>

namespace tanggap::server {

struct ServeFlags {
  std::optional<std::string> config_file;
  std::optional<std::string> data_dir;
  std::optional<std::string> listen;
  bool test_clock = false;
};

int run_serve(const ServeFlags& flags);

}  // namespace tanggap::server
