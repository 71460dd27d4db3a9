// tests/support/http_test_helpers.h — small helpers for the HTTP integration
// tests: reading answers, submitting cases, sending commands, waiting for a
// condition with a deadline (never a fixed sleep), and disabling an account
// in-process (no route does that yet).
#pragma once

#include "tests/support/server_fixture.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace tanggap::testing {

// The body as JSON; a discarded value when it is not JSON.
nlohmann::json json_of(const server::ClientResponse& response);
// error.code and error.field of an error answer ("" when absent).
std::string error_code(const server::ClientResponse& response);
std::string error_field(const server::ClientResponse& response);

struct SubmittedCase {
  std::string id;
  std::string tracking_code;
};
// POST /api/v1/cases; throws unless the answer is 201.
SubmittedCase submit_case(ServerFixture& s, const std::string& body = ServerFixture::complaint_json(),
                          const std::string& token = "");
// A complaint body built from JSON (for other services, offices, privacy).
std::string case_json(const std::string& service, const std::string& office, const nlohmann::json& extra = {});

// POST /api/v1/cases/{id}/commands with `command` as the JSON body.
server::ClientResponse send_command(ServerFixture& s, const std::string& token, const std::string& case_id,
                                    const nlohmann::json& command, server::Fields headers = {});

// The log head as GET /api/v1/events shows it to the admin.
std::uint64_t log_head(ServerFixture& s);

// Polls `condition` every few milliseconds until it holds or `timeout` passes.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// Waits until /readyz shows every projection at the log head; false on timeout.
bool projections_caught_up(ServerFixture& s, std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Appends StaffAccountDisabled for `name` straight to the store (the admin API
// has no route for it yet); throws when the decider or the store refuses.
void disable_staff(ServerFixture& s, const std::string& name);

}  // namespace tanggap::testing
