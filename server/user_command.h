// server/user_command.h — `tanggap user add NAME --role ROLE [--unit UNIT]`.
// With the server running (the store is locked by it) the account is created
// through the admin API with <data>/admin.token; otherwise the command opens
// the store itself. Either way the token is printed once, on stdout only.
#pragma once

#include <optional>
#include <string>

namespace tanggap::server {

struct UserAddFlags {
  std::string name;
  std::string role;
  std::string unit;
  std::optional<std::string> data_dir;
  std::optional<std::string> config_file;
  std::optional<std::string> listen;
};

int run_user_add(const UserAddFlags& flags);

}  // namespace tanggap::server
