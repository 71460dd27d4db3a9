#include "server/user_command.h"

#include "server/config.h"
#include "server/data_dir.h"
#include "server/staff_accounts.h"

#include <cstdio>

namespace tanggap::server {

int run_user_add(const UserAddFlags& flags) {
  auto config = load_config(flags.config_file, process_environment());
  if (!config) {
    std::fprintf(stderr, "tanggap user add: %s\n", config.error().message.c_str());
    return 1;
  }
  const std::string data_dir = flags.data_dir.value_or(config->data_dir);
  const auto role = domain::parse_role(flags.role);
  if (!role) {
    std::fprintf(stderr, "tanggap user add: unknown role %s\n", flags.role.c_str());
    return 2;
  }
  events::Options options;
  auto store = open_store(data_dir, options);
  if (!store) {
    std::fprintf(stderr, "tanggap user add: %s\n", store.error().message.c_str());
    return 1;
  }
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  auto created = add_staff(**store, flags.name, *role, flags.unit, {"admin", "cli"}, now);
  if (!created) {
    std::fprintf(stderr, "tanggap user add: %s\n", created.error().message.c_str());
    return 1;
  }
  std::printf("%s\n", created->token.c_str());
  std::fprintf(stderr, "account %s (%s) created; the token above is shown only once\n", flags.name.c_str(),
               flags.role.c_str());
  return 0;
}

}  // namespace tanggap::server
