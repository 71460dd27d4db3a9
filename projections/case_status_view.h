// projections/case_status_view.h — the case status view and its queries.
// One row per case (its folded CaseState plus what the public and staff
// views show), and secondary indexes in newest-activity order for the staff
// queue's filters (status, service, office, unit, assignee, channel).
//
// Key layout (all under "cs/", in the store's views column family):
//   cs/r/<case id>                                  row (JSON, case_status_row_json.cpp)
//   cs/a/<sort key>                                 every case, newest activity first
//   cs/i/<dim> 0x1f <value> 0x1f <sort key>         one per filter dimension
//   sort key := hex16(UINT64_MAX - updated_at_ms) <case id>
// A cursor is the sort key of the last row of a page: paging is stable while
// rows move, and costs what the page costs, not what precedes it.
// Queries are point reads and short scans: safe on I/O threads.
#pragma once

#include "events/domain/case_types.h"
#include "projections/projection.h"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace tanggap::projections {

struct CaseStatusRow {
  domain::CaseState state;  // folded with CaseDecider::evolve
  std::string title;
  std::string step_name;           // the current step's name, "" before the first
  std::string tracking_code_hash;  // to check /track's code; never shown
  events::Version version = 0;     // the stream's last version
  events::Position position = 0;   // the log position of the last event folded
};

struct QueueFilter {
  std::optional<std::string> status, service, office, unit, assignee, channel;
  // Only these cases / none of these (the SLA view's overdue cases for
  // `breached=`). With `only`, the cost is that of the set, not of the queue.
  std::optional<std::unordered_set<std::string>> only, except;
};

struct QueuePage {
  std::vector<CaseStatusRow> rows;
  std::string next_cursor;  // empty on the last page
};

class CaseStatusProjection final : public Projection {
 public:
  static constexpr std::string_view projection_name = "case_status";
  std::string_view name() const override { return projection_name; }
  std::string_view key_prefix() const override { return "cs/"; }
  std::string fingerprint() const override { return "case_status rows 2"; }
  explicit CaseStatusProjection(const events::EventStore& store) : store_(store) {}
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override;

 private:
  const events::EventStore& store_;
};

Result<std::optional<CaseStatusRow>> find_case(const events::EventStore& store, std::string_view case_id);

// Newest activity first. `limit` is capped at 500. A cursor that is not one
// this function produced is refused as malformed.
Result<QueuePage> query_queue(const events::EventStore& store, const QueueFilter& filter,
                              std::size_t limit, std::string_view cursor = {});

// The row codec (binary; its grammar is atop case_status_row.cpp).
std::string encode_row(const CaseStatusRow& row);
Result<CaseStatusRow> decode_row(std::string_view bytes);

}  // namespace tanggap::projections
