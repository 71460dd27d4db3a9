// projections/all_projections.h — the projections a Tanggap store keeps.
// The server runs them; `tanggap rebuild` replays the log into them.
#pragma once

#include "events/domain/business_calendar.h"
#include "projections/projection_runner.h"

#include <memory>

namespace tanggap::projections {

// Adds every projection to `runner`.
// The SLA view computes deadlines, so it needs the catalog and calendars.
void add_all_projections(ProjectionRunner& runner, events::EventStore& store,
                         std::shared_ptr<const domain::Catalog> catalog,
                         std::shared_ptr<const domain::Calendars> calendars);

}  // namespace tanggap::projections
