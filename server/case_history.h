// server/case_history.h — one case read back from its stream: every event
// decoded and folded. The case commands decide on it; the API renders it.
#pragma once

#include "events/domain/case_types.h"
#include "events/event_store.h"

#include <string_view>
#include <vector>

namespace tanggap::server {

// A case folded from its stream, with every event decoded.
struct CaseHistory {
  domain::CaseState state;
  std::vector<events::RecordedEvent> recorded;
  std::vector<domain::CaseEvent> decoded;  // same order as `recorded`
  events::Version version = 0;
  const domain::CaseSubmitted* submitted() const;
};

// not_found when the case does not exist.
Result<CaseHistory> load_case_history(const events::EventStore& store, std::string_view case_id);

}  // namespace tanggap::server
