// server/tools.h — the offline commands: rebuild and verify.
// Each returns the process exit code and prints for an operator.
#pragma once

#include <string>

namespace tanggap::server {

int run_rebuild(const std::string& data_dir);
int run_verify(const std::string& data_dir);

}  // namespace tanggap::server
