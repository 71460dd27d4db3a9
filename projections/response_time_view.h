// projections/response_time_view.h — the facts of every case
// (response_time_fact.h) stored in buckets (response_time_bucket.h) keyed by
// the office's local date of receipt first, so a report's period is one range
// scan of about a hundred rows a day, never a replay of the log nor a row per case.
//
// Key layout (under "rt/", in the store's views column family):
//   rt/c/<case id>      fold row: what the next event needs, and the fact last
//                       put in a bucket for the case (to take it out again)
//   rt/b/<bucket key>   the facts of one day, office, service, unit and channel
//   rt/~fingerprint     the runner's: the row layout and the rules the rows follow
// A case's fact moves to another bucket when its key changes (its first
// assignment sets the unit); its receipt, and so its day, never moves.
// Office time and limits depend on the catalog and the calendars: the
// fingerprint includes them, so a changed holiday list recomputes every row,
// and a new row layout rebuilds the view from the log when the server starts.
// Queries are range scans: run them on a worker thread or offline.
#pragma once

#include "events/domain/business_calendar.h"
#include "projections/projection.h"
#include "projections/response_time_bucket.h"
#include "projections/response_time_fact.h"
#include "projections/response_time_report.h"

#include <chrono>
#include <functional>
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

// The report over the cases received on the local dates [request.from,
// request.to]: one range scan, every bucket fed to a ReportBuilder.
// not_ready when the rows were written in another layout (a store the new
// version has not rebuilt yet: start the server or run `tanggap rebuild`);
// storage_failed when a row is damaged.
Result<ResponseTimeReport> query_response_time_report(const events::EventStore& store, const ReportRequest& request,
                                                      const domain::Calendars& calendars);

// Visits the bucket of every (day, office, service, unit, channel) with cases
// received on [from, to], by day. The bucket passed is reused between calls.
// Errors as query_response_time_report's.
Result<void> scan_fact_buckets(const events::EventStore& store, std::chrono::sys_days from, std::chrono::sys_days to,
                               const std::function<void(const FactBucket&)>& visit);

// The facts of every case received on [from, to], by day, then by time of receipt.
Result<std::vector<CaseFact>> query_case_facts(const events::EventStore& store, std::chrono::sys_days from,
                                               std::chrono::sys_days to);

}  // namespace tanggap::projections
