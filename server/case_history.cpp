#include "server/case_history.h"

#include "events/case_event_json.h"
#include "events/domain/case_decider.h"
#include "events/domain/case_id.h"

#include <fmt/format.h>

namespace tanggap::server {

namespace d = tanggap::domain;

const d::CaseSubmitted* CaseHistory::submitted() const {
  return decoded.empty() ? nullptr : std::get_if<d::CaseSubmitted>(&decoded.front());
}

Result<CaseHistory> load_case_history(const events::EventStore& store, std::string_view case_id) {
  auto slice = store.read_stream(d::case_stream(case_id));
  if (!slice) return slice.error();
  if (slice->events.empty()) return fail(Errc::not_found, fmt::format("no case {}", case_id));
  CaseHistory h;
  h.state = d::CaseDecider::initial_state();
  for (auto& e : slice->events) {
    auto decoded = events::decode_case_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    h.state = d::CaseDecider::evolve(std::move(h.state), *decoded);
    h.decoded.push_back(std::move(*decoded));
    h.version = e.version;
    h.recorded.push_back(std::move(e));
  }
  return h;
}

}  // namespace tanggap::server
