#include "server/citizen_cases.h"

#include "events/domain/sla.h"
#include "projections/case_status_view.h"
#include "projections/citizen_case_index.h"

#include <algorithm>

namespace tanggap::server {

namespace {

namespace d = tanggap::domain;

// A citizen with more cases than this hears about the first ones by case id
// (by year and number): nobody reports 200 cases from one phone in earnest.
constexpr std::size_t max_cases = 200;

std::optional<d::Instant> due_of(const std::vector<d::ClockSchedule>& schedule, d::SlaClock clock) {
  for (const auto& c : schedule)
    if (c.clock == clock) return c.due;
  return std::nullopt;
}

}  // namespace

Result<std::vector<bots::CaseSummary>> ViewCitizenCases::cases_of(const bots::Citizen& citizen) const {
  auto ids = citizen.channel == d::Channel::telegram && !citizen.chat_id.empty()
                 ? projections::cases_of_chat(store_, citizen.chat_id, max_cases)
                 : projections::cases_of_phone(store_, citizen.phone, max_cases);
  if (!ids) return ids.error();
  const auto now = clock_();
  std::vector<bots::CaseSummary> out;
  for (const auto& id : *ids) {
    auto row = projections::find_case(store_, id);
    if (!row) return row.error();
    if (!*row) continue;  // indexed a moment before its row: the next question finds it
    const auto& s = (*row)->state;
    bots::CaseSummary c;
    c.case_id = s.case_id;
    c.service = s.service;
    c.office = s.office;
    c.status = s.status;
    c.step = s.step;
    c.step_total = s.step_total;
    c.step_name = (*row)->step_name;
    c.submitted_at = s.submitted_at.value_or(d::Instant{});
    c.updated_at = s.updated_at.value_or(c.submitted_at);
    if (auto schedule = d::compute_schedule(s.sla, *catalog_, *calendars_, now)) {
      c.first_response_due = due_of(*schedule, d::SlaClock::first_response);
      c.resolution_due = due_of(*schedule, d::SlaClock::resolution);
    }
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.updated_at > b.updated_at; });
  return out;
}

}  // namespace tanggap::server
