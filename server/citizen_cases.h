// server/citizen_cases.h — the bot's window onto a citizen's own cases
// (bots/citizen_cases.h) over the views: the citizen case index finds the
// ids reported from this number or chat, the case status view their rows, and
// the SLA rules their deadlines. Point reads and a short scan: cheap enough
// for the bot's thread. Only cases this citizen reported are ever returned.
#pragma once

#include "bots/citizen_cases.h"
#include "events/domain/business_calendar.h"
#include "events/domain/catalog.h"
#include "events/event_store.h"

#include <functional>
#include <memory>

namespace tanggap::server {

class ViewCitizenCases final : public bots::CitizenCases {
 public:
  ViewCitizenCases(const events::EventStore& store, std::shared_ptr<const domain::Catalog> catalog,
                   std::shared_ptr<const domain::Calendars> calendars, std::function<domain::Instant()> clock)
      : store_(store), catalog_(std::move(catalog)), calendars_(std::move(calendars)), clock_(std::move(clock)) {}
  Result<std::vector<bots::CaseSummary>> cases_of(const bots::Citizen& citizen) const override;

 private:
  const events::EventStore& store_;
  std::shared_ptr<const domain::Catalog> catalog_;
  std::shared_ptr<const domain::Calendars> calendars_;
  std::function<domain::Instant()> clock_;
};

}  // namespace tanggap::server
