// server/api_admin.cpp — the admin's routes: the raw log, staff accounts, the test clock.
#include "events/sha256.h"
#include "server/api.h"
#include "server/http_errors.h"
#include "server/json_body.h"
#include "server/staff_accounts.h"

#include <nlohmann/json.hpp>

namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

void get_events(const std::shared_ptr<ApiCall>& call) {
  const auto after = number_param(call->request, "after", 0, 0, std::numeric_limits<std::int64_t>::max());
  if (!after) return call->respond(error_response(after.error()));
  const auto limit = number_param(call->request, "limit", 100, 1, 1000);
  if (!limit) return call->respond(error_response(limit.error()));
  auto events = call->app.store().read_log(*after, *limit);
  if (!events) return call->respond(error_response(events.error()));
  const auto offset = d::utc_offset_minutes(call->app.config().time_zone).value_or(7 * 60);
  json out = json::array();
  for (const auto& e : *events) {
    json data = json::parse(e.data, nullptr, false);
    out.push_back({{"position", e.position},
                   {"stream", e.stream},
                   {"version", e.version},
                   {"id", e.id},
                   {"type", e.type},
                   {"schema", e.schema},
                   {"recorded_at", d::format_instant(e.recorded_at, offset)},
                   {"actor", {{"kind", e.actor.kind}, {"id", e.actor.id}}},
                   {"correlation_id", e.correlation_id},
                   {"causation_id", e.causation_id},
                   {"data", data.is_discarded() ? json(e.data) : std::move(data)},
                   {"prev_hash", events::to_hex(e.prev_hash)},
                   {"hash", events::to_hex(e.hash)}});
  }
  call->respond(json_response(200, dump({{"events", std::move(out)}, {"head", call->app.store().head()}})));
}

void post_user(const std::shared_ptr<ApiCall>& call) {
  auto body = parse_json_object(call->request);
  if (!body) return call->respond(error_response(body.error()));
  auto name = string_field(*body, "name", "name");
  auto role_text = string_field(*body, "role", "role");
  auto unit = string_field(*body, "unit", "unit");
  for (const auto* r : {&name, &role_text, &unit})
    if (!*r) return call->respond(error_response(r->error()));
  const auto role = d::parse_role(*role_text);
  if (!role) return call->respond(error_response(fail(Errc::invalid_field, "role must be officer, supervisor, ppid or admin", "role")));
  add_staff_async(call->app.store(), *name, *role, *unit, {"admin", call->staff->name}, call->app.clock().now(),
                  [call, name = *name, role = *role, unit = *unit](Result<StaffCreated> created) {
                    if (!created) return call->app.defer([call, e = created.error()] { call->respond(error_response(e)); });
                    // Answer once the token works: the staff view has applied the account.
                    call->app.projections().when_reached(created->position, [call, name, role, unit, token = created->token] {
                      call->respond(json_response(201, dump({{"name", name}, {"role", d::role_name(role)}, {"unit", unit}, {"token", token}})));
                    });
                  });
}

void post_clock(const std::shared_ptr<ApiCall>& call) {
  if (!call->app.test_clock()) return call->respond(error_response(fail(Errc::not_found, "no such resource")));
  auto body = parse_json_object(call->request);
  if (!body) return call->respond(error_response(body.error()));
  auto now = string_field(*body, "now", "now");
  if (!now) return call->respond(error_response(now.error()));
  const auto instant = d::parse_instant(*now);
  if (!instant) return call->respond(error_response(fail(Errc::invalid_field, "now must be ISO 8601 with a zone", "now")));
  if (!call->app.clock().set(*instant))
    return call->respond(error_response(fail(Errc::invalid_field, "the test clock only moves forward", "now")));
  const auto offset = d::utc_offset_minutes(call->app.config().time_zone).value_or(7 * 60);
  // Answer after the SLA monitor has looked at the new time, so that what
  // came due (warnings, breaches, escalations) is already in the views.
  call->app.sla_monitor().tick_soon([call, offset](Result<SlaTick> tick) {
    json answer = {{"now", d::format_instant(call->app.clock().now(), offset)}};
    if (tick)
      answer["sla"] = {{"cases_checked", tick->cases_checked}, {"warnings", tick->warnings},
                       {"breaches", tick->breaches},           {"escalations", tick->escalations},
                       {"open_breaches", tick->open_breaches}};
    else
      answer["sla"] = {{"error", tick.error().message}};
    call->respond(json_response(200, dump(answer)));
  });
}

}  // namespace tanggap::server
