#include "projections/all_projections.h"

#include "projections/case_status_view.h"
#include "projections/staff_view.h"

namespace tanggap::projections {

void add_all_projections(ProjectionRunner& runner, events::EventStore& store) {
  runner.add(std::make_shared<CaseStatusProjection>(store));
  runner.add(std::make_shared<StaffProjection>(store));
}

}  // namespace tanggap::projections
