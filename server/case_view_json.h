// server/case_view_json.h — what the API shows of a case.
// The public view (tracking) has no personal data and no internal notes; the
// staff view has the whole timeline and the reporter, masked by role
// (officers see the NIK masked; an anonymous reporter is hidden from all).
#pragma once

#include "events/domain/business_calendar.h"
#include "events/domain/catalog.h"
#include "events/domain/case_types.h"
#include "events/domain/sla.h"
#include "events/domain/outbound_types.h"
#include "server/case_history.h"
#include "events/event_store.h"
#include "projections/case_status_view.h"
#include "projections/staff_view.h"

#include <string>
#include <vector>

namespace tanggap::server {

// The office's UTC offset in minutes, for rendering times (WIB when unknown).
std::int32_t office_offset(const domain::Catalog& catalog, std::string_view office);

// What rendering needs besides the case: the rules deadlines follow, and now
// (for time left; the deadlines themselves do not depend on it).
struct ViewRules {
  const domain::Catalog& catalog;
  const domain::Calendars& calendars;
  domain::Instant now;
};

// The limits of the first-response and resolution clocks ("due" in the API),
// each empty while unknown (a paused clock) or when the case has no rules.
struct Dues {
  std::optional<domain::Instant> first_response;
  std::optional<domain::Instant> resolution;
};
Dues dues_of(const domain::CaseState& state, const ViewRules& rules);

// One clock as the staff API shows it (ops/API.md "SLA clocks").
std::string clock_json_text(const domain::ClockSchedule& clock, domain::Instant now, std::int32_t offset);

std::string public_case_json(const CaseHistory& history, const ViewRules& rules);
// `messages`: what was sent to the citizen about the case (officers' replies
// and notices) and how far each got, oldest first.
std::string staff_case_json(const CaseHistory& history, const ViewRules& rules, const projections::StaffRow& viewer,
                            const std::vector<domain::OutboundState>& messages = {});
std::string queue_json(const std::vector<projections::CaseStatusRow>& rows, const std::string& next_cursor,
                       const ViewRules& rules);

}  // namespace tanggap::server
