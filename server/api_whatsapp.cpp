// server/api_whatsapp.cpp — GET and POST /webhooks/whatsapp (CONTRACT.md §4,
// PROTOCOLS.md §1). The POST's signature is checked over the raw bytes before
// anything parses them; then every message and status of the delivery is
// appended (one append each, ids derived from the wamid) and the answer, 200,
// waits until all of them are durable: Meta never sends a notification again
// once it has its 200, so nothing may be acknowledged before the fsync.
// Logs carry counts and the request id, never a number, a wa_id or a text.
#include "server/api.h"

#include "adapters/whatsapp/signature.h"
#include "adapters/whatsapp/webhook_parser.h"
#include "projections/outbound_view.h"
#include "server/http_errors.h"
#include "server/whatsapp_inbound.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <mutex>

namespace tanggap::server {

namespace {

namespace wa = adapters::whatsapp;

HttpResponse text_response(unsigned status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

// The contract's error shape with the code `invalid_signature`: a webhook
// sender is not a bearer-token client, so no WWW-Authenticate: Bearer either.
HttpResponse invalid_signature() {
  return json_response(401, nlohmann::json{{"error",
                                            {{"code", "invalid_signature"},
                                             {"message", "X-Hub-Signature-256 is missing or does not match the body"}}}}
                                .dump());
}

HttpResponse received() { return json_response(200, R"({"status":"received"})"); }

// Waits for every append of one delivery, then answers once.
struct DeliveryJoin {
  std::shared_ptr<ApiCall> call;
  std::mutex mutex;
  std::size_t pending = 0;
  std::optional<Error> error;
};

void finish_one(const std::shared_ptr<DeliveryJoin>& join, const Result<events::Appended>& r, bool is_message) {
  auto& counters = join->call->app.whatsapp_counters();
  bool last = false;
  {
    std::lock_guard lock(join->mutex);
    if (!r && !join->error) join->error = r.error();
    last = --join->pending == 0;
  }
  if (r && is_message) (r->repeated ? counters.messages_repeated : counters.messages_new)++;
  if (r && !is_message && !r->repeated) counters.statuses_recorded++;
  if (!last) return;
  join->call->app.defer([join] {
    auto& call = *join->call;
    if (join->error) {
      // Meta retries anything but 200 for days; what was stored dedupes then.
      call.app.whatsapp_counters().deliveries_failed++;
      spdlog::error("{} whatsapp delivery not stored: {}", call.request.request_id, join->error->message);
      return call.respond(error_response(*join->error));
    }
    call.app.whatsapp_counters().deliveries_stored++;
    call.respond(received());
  });
}

}  // namespace

void get_whatsapp_webhook(const std::shared_ptr<ApiCall>& call) {
  const auto& config = call->app.config().whatsapp;
  if (!config.enabled) return call->respond(error_response(fail(Errc::not_found, "WhatsApp is not enabled here")));
  const auto param = [&](std::string_view name) { return call->request.query_param(name).value_or(""); };
  auto challenge =
      wa::verification_challenge(param("hub.mode"), param("hub.verify_token"), param("hub.challenge"), config.verify_token);
  if (!challenge) return call->respond(error_response(fail(Errc::forbidden, "the verify token does not match")));
  call->respond(text_response(200, std::move(*challenge)));
}

void post_whatsapp_webhook(const std::shared_ptr<ApiCall>& call) {
  App& app = call->app;
  const auto& config = app.config().whatsapp;
  auto& counters = app.whatsapp_counters();
  if (!config.enabled) return call->respond(error_response(fail(Errc::not_found, "WhatsApp is not enabled here")));
  const auto signature = call->request.header("x-hub-signature-256").value_or("");
  if (!wa::valid_signature(signature, call->request.body, config.app_secret)) {
    counters.deliveries_invalid_signature++;
    return call->respond(invalid_signature());
  }

  auto parsed = wa::parse_notification(call->request.body);
  if (!parsed) {
    // Signed by Meta but not a notification we can read. 200, nothing stored:
    // a non-2xx answer makes Meta send the same bytes again for up to 7 days
    // (PROTOCOLS.md §1.6), and they would never parse better; answering 4xx
    // to a steady stream of such retries can also get the webhook disabled.
    // The warning and the counter are how an operator notices.
    counters.deliveries_malformed++;
    spdlog::warn("{} whatsapp delivery signed but unreadable, nothing stored: {}", call->request.request_id,
                 parsed.error().message);
    return call->respond(received());
  }
  counters.records_dropped += parsed->dropped;
  if (parsed->dropped > 0 || !parsed->errors.empty())
    spdlog::warn("{} whatsapp delivery: {} records dropped, {} account-level errors (first code {})",
                 call->request.request_id, parsed->dropped, parsed->errors.size(),
                 parsed->errors.empty() ? 0 : parsed->errors.front().code);

  const auto now = app.clock().now();
  const auto ours = [&](const std::string& phone_number_id) {
    return config.phone_number_id.empty() || phone_number_id.empty() || phone_number_id == config.phone_number_id;
  };
  std::vector<std::pair<events::AppendRequest, bool>> appends;  // (request, is a message)
  for (const auto& m : parsed->messages) {
    if (!ours(m.phone_number_id)) {
      counters.records_foreign++;
      continue;
    }
    appends.emplace_back(message_append(to_citizen_message(m, now), call->request.request_id), true);
  }
  std::size_t unknown = 0;
  for (const auto& s : parsed->statuses) {
    if (!ours(s.phone_number_id)) {
      counters.records_foreign++;
      continue;
    }
    const auto update = to_delivery_update(s, now);
    auto outbound = projections::find_outbound_by_message_id(app.store(), s.wamid);
    if (!outbound) return call->respond(error_response(outbound.error()));
    if (!update || !*outbound) {
      ++unknown;
      continue;
    }
    appends.emplace_back(status_append(**outbound, s, *update, call->request.request_id), false);
  }
  if (unknown > 0) {
    counters.statuses_unknown += unknown;
    spdlog::warn("{} whatsapp delivery: {} statuses for messages we do not know, not stored", call->request.request_id,
                 unknown);
  }
  if (appends.empty()) {
    counters.deliveries_stored++;
    return call->respond(received());
  }
  auto join = std::make_shared<DeliveryJoin>();
  join->call = call;
  join->pending = appends.size();
  for (auto& [request, is_message] : appends)
    app.store().append(std::move(request),
                       [join, is_message = is_message](Result<events::Appended> r) { finish_one(join, r, is_message); });
}

}  // namespace tanggap::server
