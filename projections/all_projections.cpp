#include "projections/all_projections.h"

#include "projections/case_status_view.h"
#include "projections/citizen_case_index.h"
#include "projections/notification_view.h"
#include "projections/response_time_view.h"
#include "projections/outbound_view.h"
#include "projections/sla_view.h"
#include "projections/staff_view.h"

namespace tanggap::projections {

void add_all_projections(ProjectionRunner& runner, events::EventStore& store,
                         std::shared_ptr<const domain::Catalog> catalog,
                         std::shared_ptr<const domain::Calendars> calendars) {
  runner.add(std::make_shared<CaseStatusProjection>(store));
  runner.add(std::make_shared<StaffProjection>(store));
  runner.add(std::make_shared<ResponseTimeProjection>(store, catalog, calendars));
  runner.add(std::make_shared<SlaProjection>(store, std::move(catalog), std::move(calendars)));
  runner.add(std::make_shared<NotificationProjection>(store));
  runner.add(std::make_shared<OutboundProjection>(store));
  runner.add(std::make_shared<CitizenCaseIndex>());
}

}  // namespace tanggap::projections
