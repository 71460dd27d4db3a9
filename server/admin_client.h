// server/admin_client.h — the command line asking a running server to do an
// admin task (`user add`, `backup`): while the server runs it holds the store's
// lock, so the command goes through the admin API with <data>/admin.token.
#pragma once

#include "server/config.h"
#include "server/http_client.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace tanggap::server {

// POSTs `body` to `target` on the server listening at config.listen (a
// wildcard address is reached on loopback). Errors, for the operator:
// unauthenticated when the token file cannot be read, not_ready when the
// server does not answer. Any HTTP answer is returned as it is.
Result<ClientResponse> post_to_running_server(const Config& config, const std::string& data_dir, std::string_view target,
                                              const nlohmann::json& body, std::chrono::milliseconds timeout);

// The message of an error answer in the contract's shape, or the body as it is.
std::string refusal_message(const ClientResponse& response);

}  // namespace tanggap::server
