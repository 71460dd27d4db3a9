// projections/all_projections.h — the projections a Tanggap store keeps.
// The server runs them; `tanggap rebuild` replays the log into them.
#pragma once

#include "projections/projection_runner.h"

namespace tanggap::projections {

// Adds every projection to `runner`.
void add_all_projections(ProjectionRunner& runner, events::EventStore& store);

}  // namespace tanggap::projections
