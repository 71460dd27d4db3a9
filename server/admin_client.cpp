// server/admin_client.cpp — see admin_client.h.
#include "server/admin_client.h"

#include "server/data_dir.h"
#include "server/json_body.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace tanggap::server {

Result<ClientResponse> post_to_running_server(const Config& config, const std::string& data_dir, std::string_view target,
                                              const nlohmann::json& body, std::chrono::milliseconds timeout) {
  std::ifstream file(admin_token_path(data_dir));
  std::string token;
  if (!std::getline(file, token) || token.empty())
    return fail(Errc::unauthenticated,
                fmt::format("the server is running (it holds the store), so this must go through it, but {} cannot be "
                            "read: run this as the server's user (sudo -u tanggap ...)",
                            admin_token_path(data_dir).string()));
  // config.listen passed check_listen: HOST:PORT with a numeric port.
  const auto colon = config.listen.rfind(':');
  std::string host = config.listen.substr(0, colon);
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "::1";
  const auto port = static_cast<std::uint16_t>(std::stoul(config.listen.substr(colon + 1)));
  ClientRequest request;
  request.method = "POST";
  request.target = std::string(target);
  request.headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
  request.body = dump(body);
  auto response = http_call(host, port, request, timeout);
  if (!response)
    return fail(Errc::not_ready, fmt::format("the store is in use but the server at {} does not answer: {}", config.listen,
                                             response.error().message));
  return response;
}

std::string refusal_message(const ClientResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  const bool shaped = body.is_object() && body.contains("error") && body["error"].is_object() &&
                      body["error"].contains("message") && body["error"]["message"].is_string();
  return shaped ? body["error"]["message"].get<std::string>() : response.body;
}

}  // namespace tanggap::server
