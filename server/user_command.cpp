#include "server/user_command.h"

#include "server/admin_client.h"
#include "server/config.h"
#include "server/data_dir.h"
#include "server/http_client.h"
#include "server/json_body.h"
#include "server/staff_accounts.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace tanggap::server {

namespace {

// The server holds the store: ask it, with the admin token it wrote.
int add_through_server(const Config& config, const std::string& data_dir, const UserAddFlags& flags) {
  auto response = post_to_running_server(config, data_dir, "/api/v1/admin/users",
                                         nlohmann::json{{"name", flags.name}, {"role", flags.role}, {"unit", flags.unit}},
                                         std::chrono::seconds(30));
  if (!response) {
    std::fprintf(stderr, "tanggap user add: %s\n", response.error().message.c_str());
    return 1;
  }
  const auto body = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status != 201 || !body.is_object() || !body.contains("token") || !body["token"].is_string()) {
    std::fprintf(stderr, "tanggap user add: the server refused (%u): %s\n", response->status,
                 refusal_message(*response).c_str());
    return 1;
  }
  std::printf("%s\n", body["token"].get<std::string>().c_str());
  std::fprintf(stderr, "account %s (%s) created through the running server; the token above is shown only once\n",
               flags.name.c_str(), flags.role.c_str());
  return 0;
}

}  // namespace

int run_user_add(const UserAddFlags& flags) {
  auto config = load_config(flags.config_file, process_environment());
  if (!config) {
    std::fprintf(stderr, "tanggap user add: %s\n", config.error().message.c_str());
    return 1;
  }
  const std::string data_dir = flags.data_dir.value_or(config->data_dir);
  if (flags.listen) config->listen = *flags.listen;
  if (auto listen = check_listen(config->listen); !listen) {
    std::fprintf(stderr, "tanggap user add: %s\n", listen.error().message.c_str());
    return 2;
  }
  const auto role = domain::parse_role(flags.role);
  if (!role) {
    std::fprintf(stderr, "tanggap user add: unknown role %s\n", flags.role.c_str());
    return 2;
  }
  events::Options options;
  auto store = open_store(data_dir, options);
  if (!store && store.error().code == Errc::not_ready) return add_through_server(*config, data_dir, flags);
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
