#include "projections/all_projections.h"

#include "projections/case_status_view.h"

namespace tanggap::projections {

void add_all_projections(ProjectionRunner& runner, events::EventStore& store) {
  runner.add(std::make_shared<CaseStatusProjection>(store));
}

}  // namespace tanggap::projections
