#include "tests/support/http_test_helpers.h"

#include "events/domain/staff_decider.h"
#include "events/ids.h"
#include "events/staff_event_json.h"
#include "server/staff_accounts.h"

#include <stdexcept>
#include <thread>

namespace tanggap::testing {

using nlohmann::json;

json json_of(const server::ClientResponse& response) { return json::parse(response.body, nullptr, false); }

namespace {
std::string error_member(const server::ClientResponse& response, const char* member) {
  const auto body = json_of(response);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return "";
  const auto& e = body["error"];
  return e.contains(member) && e[member].is_string() ? e[member].get<std::string>() : "";
}
}  // namespace

std::string error_code(const server::ClientResponse& response) { return error_member(response, "code"); }
std::string error_field(const server::ClientResponse& response) { return error_member(response, "field"); }

SubmittedCase submit_case(ServerFixture& s, const std::string& body, const std::string& token) {
  auto r = s.post_json("/api/v1/cases", body, token);
  if (r.status != 201) throw std::runtime_error("submit_case: " + std::to_string(r.status) + " " + r.body);
  const auto answer = json_of(r);
  SubmittedCase c;
  c.id = answer.at("id").get<std::string>();
  if (answer.at("tracking_code").is_string()) c.tracking_code = answer["tracking_code"].get<std::string>();
  return c;
}

std::string case_json(const std::string& service, const std::string& office, const json& extra) {
  json body = {{"service", service},
               {"office", office},
               {"title", "Bantuan belum diterima"},
               {"body", "Sudah dua bulan bantuan belum diterima."},
               {"reporter", {{"name", "Budi Santoso"}, {"phone", "0813-1111-2222"}}}};
  if (extra.is_object())
    for (auto it = extra.begin(); it != extra.end(); ++it) body[it.key()] = it.value();
  return body.dump();
}

server::ClientResponse send_command(ServerFixture& s, const std::string& token, const std::string& case_id,
                                    const json& command, server::Fields headers) {
  return s.post_json("/api/v1/cases/" + case_id + "/commands", command.dump(), token, std::move(headers));
}

std::uint64_t log_head(ServerFixture& s) {
  auto r = s.get("/api/v1/events?limit=1", s.admin_token);
  if (r.status != 200) throw std::runtime_error("log_head: " + std::to_string(r.status) + " " + r.body);
  return json_of(r).at("head").get<std::uint64_t>();
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool projections_caught_up(ServerFixture& s, std::chrono::milliseconds timeout) {
  return wait_until(
      [&] {
        auto r = s.get("/readyz");
        const auto body = json_of(r);
        if (!body.is_object() || !body.contains("projections")) return false;
        const auto head = body["head"].get<std::uint64_t>();
        for (const auto& p : body["projections"])
          if (p["checkpoint"].get<std::uint64_t>() < head) return false;
        return true;
      },
      timeout);
}

void disable_staff(ServerFixture& s, const std::string& name) {
  auto& store = s.app->store();
  auto state = server::load_staff(store, name);
  if (!state) throw std::runtime_error("disable_staff: " + state.error().message);
  const domain::Context ctx{s.app->clock().now(), {"admin", "admin"}, nullptr};
  auto decided = domain::StaffDecider::decide(domain::DisableStaff{"left the office"}, *state, ctx);
  if (!decided) throw std::runtime_error("disable_staff: " + decided.error().message);
  events::AppendRequest request;
  request.stream = domain::staff_stream(name);
  request.expected = events::Expected::exact(state->events - 1);
  for (const auto& e : *decided) {
    auto encoded = events::encode_staff_event(e);
    events::NewEvent ne;
    ne.id = events::new_event_id();
    ne.type = std::move(encoded.type);
    ne.schema = encoded.schema;
    ne.actor = {"admin", "admin"};
    ne.data = std::move(encoded.data);
    request.events.push_back(std::move(ne));
  }
  auto appended = store.append_and_wait(std::move(request));
  if (!appended) throw std::runtime_error("disable_staff: " + appended.error().message);
}

}  // namespace tanggap::testing
