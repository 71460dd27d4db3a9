// server/tools.h — the offline commands: rebuild and verify.
// Each returns the process exit code and prints for an operator.
#pragma once

#include "server/config.h"

#include <string>

namespace tanggap::server {

// Uses the config's data_dir, catalog_dir and calendar_dir.
int run_rebuild(const Config& config);
int run_verify(const std::string& data_dir);

}  // namespace tanggap::server
