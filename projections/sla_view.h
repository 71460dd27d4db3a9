// projections/sla_view.h — every unstopped SLA clock, indexed by deadline, so
// that finding what is overdue (or due for a warning) costs in proportion to
// what is found, not to the number of open cases.
//
// Key layout (under "sla/", in the store's views column family):
//   sla/c/<case id>                        row: service, office, clock runs, the index keys it holds
//   sla/d/<clock>/<due><case id>           each unstopped clock whose limit is known (breach query)
//   sla/w/<clock>/<warn at><case id>       ... not yet warned (the monitor's warnings)
//   sla/b/<clock>/<due><case id>           ... not yet recorded as breached (the monitor's breaches)
//   <clock> := one digit (SlaClock); instants := 16 hex digits of ms + 2^63 (sorts like time)
// A clock paused before its deadline has no known deadline and is in no
// index; it returns when the pause ends.
// Deadlines depend on the catalog and the calendars, so the view's
// fingerprint includes them: a changed holiday list recomputes every row.
#pragma once

#include "events/domain/business_calendar.h"
#include "events/domain/sla.h"
#include "projections/projection.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tanggap::projections {

class SlaProjection final : public Projection {
 public:
  static constexpr std::string_view projection_name = "sla";
  SlaProjection(const events::EventStore& store, std::shared_ptr<const domain::Catalog> catalog,
                std::shared_ptr<const domain::Calendars> calendars);
  std::string_view name() const override { return projection_name; }
  std::string_view key_prefix() const override { return "sla/"; }
  std::string fingerprint() const override { return fingerprint_; }
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override;

 private:
  const events::EventStore& store_;
  std::shared_ptr<const domain::Catalog> catalog_;
  std::shared_ptr<const domain::Calendars> calendars_;
  std::string fingerprint_;
};

// A hash of everything a deadline depends on: the services' promises and
// every office's calendar (hours, closed days, offset, published years).
std::string sla_rules_fingerprint(const domain::Catalog& catalog, const domain::Calendars& calendars);

struct OverdueClock {
  std::string case_id;
  domain::SlaClock clock = domain::SlaClock::first_response;
  domain::Instant due;
};

struct OverduePage {
  std::vector<OverdueClock> clocks;  // most overdue first
  std::string next_cursor;           // empty on the last page
};

// Unstopped clocks whose limit lies before `at`, most overdue first; every
// clock when `clock` is empty. `limit` is capped at 1000. A cursor that is
// not one this function produced is refused as malformed.
Result<OverduePage> query_overdue(const events::EventStore& store, std::optional<domain::SlaClock> clock,
                                  domain::Instant at, std::size_t limit, std::string_view cursor = {});

// Every unstopped clock past its limit as of `at` (the queue's `breached=`
// filter, the monitor's count): all pages of query_overdue, in its order.
Result<std::vector<OverdueClock>> all_overdue(const events::EventStore& store, domain::Instant at);

// Cases with a warning or a breach due at or before `now` that is not yet on
// record: what the SLA monitor checks in one tick. At most `limit` ids,
// earliest first, each once.
Result<std::vector<std::string>> query_sla_due(const events::EventStore& store, domain::Instant now,
                                               std::size_t limit);

}  // namespace tanggap::projections
