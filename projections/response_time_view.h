// projections/response_time_view.h — one compact fact row per case, keyed by
// the office's local date of receipt, so a report's period is one range scan
// of the facts it needs and never a replay of the log.
//
// Key layout (under "rt/", in the store's views column family):
//   rt/c/<case id>                                   fold row: what the next event needs
//   rt/f/<YYYY-MM-DD>/<received><case id>            fact row (response_time_fact.h)
//   <YYYY-MM-DD> := the local date of receipt at the office;
//   <received>   := 16 hex digits of ms + 2^63 (sorts like time)
// A case's receipt never moves, so its fact key is fixed once submitted.
// Office time and limits depend on the catalog and the calendars: the
// fingerprint includes them, so a changed holiday list recomputes every row.
// Queries are range scans: run them on a worker thread or offline.
#pragma once

#include "events/domain/business_calendar.h"
#include "projections/projection.h"
#include "projections/response_time_fact.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace tanggap::projections {

class ResponseTimeProjection final : public Projection {
 public:
  static constexpr std::string_view projection_name = "response_times";
  ResponseTimeProjection(const events::EventStore& store, std::shared_ptr<const domain::Catalog> catalog,
                         std::shared_ptr<const domain::Calendars> calendars);
  std::string_view name() const override { return projection_name; }
  std::string_view key_prefix() const override { return "rt/"; }
  std::string fingerprint() const override { return fingerprint_; }
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override;

 private:
  const events::EventStore& store_;
  std::shared_ptr<const domain::Catalog> catalog_;
  std::shared_ptr<const domain::Calendars> calendars_;
  std::string fingerprint_;
};

// The facts of every case received on the local dates [from, to], in order
// of receipt per day. A damaged row is storage_failed (run `tanggap rebuild`).
Result<std::vector<CaseFact>> query_case_facts(const events::EventStore& store, std::chrono::sys_days from,
                                               std::chrono::sys_days to);

// The fact row's bytes (grammar atop response_time_view.cpp).
std::string encode_fact(const CaseFact& fact);
Result<CaseFact> decode_fact(std::string_view bytes);

}  // namespace tanggap::projections
