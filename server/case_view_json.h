// server/case_view_json.h — what the API shows of a case.
// The public view (tracking) has no personal data and no internal notes; the
// staff view has the whole timeline and the reporter, masked by role
// (officers see the NIK masked; an anonymous reporter is hidden from all).
#pragma once

#include "events/domain/catalog.h"
#include "events/domain/case_types.h"
#include "server/case_history.h"
#include "events/event_store.h"
#include "projections/case_status_view.h"
#include "projections/staff_view.h"

#include <string>
#include <vector>

namespace tanggap::server {

// The office's UTC offset in minutes, for rendering times (WIB when unknown).
std::int32_t office_offset(const domain::Catalog& catalog, std::string_view office);

std::string public_case_json(const CaseHistory& history, const domain::Catalog& catalog);
std::string staff_case_json(const CaseHistory& history, const domain::Catalog& catalog,
                            const projections::StaffRow& viewer);
std::string queue_json(const std::vector<projections::CaseStatusRow>& rows, const std::string& next_cursor,
                       const domain::Catalog& catalog);

}  // namespace tanggap::server
