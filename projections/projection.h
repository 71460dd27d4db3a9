// projections/projection.h — what a projection is to the runner.
// A projection folds log events into view rows under its own key prefix. The
// runner hands it events in position order and commits what it wrote together
// with the new checkpoint in ONE ViewBatch, so after a crash the rows are
// never ahead of, nor inconsistent with, the checkpoint (STYLE.md §2).
// A projection is called from one runner thread at a time.
#pragma once

#include "events/event_store.h"

#include <string>
#include <string_view>
#include <vector>

namespace tanggap::projections {

class Projection {
 public:
  virtual ~Projection() = default;
  // The checkpoint's name; stable, stored.
  virtual std::string_view name() const = 0;
  // Every key the projection writes starts with this; a rebuild erases it.
  virtual std::string_view key_prefix() const = 0;
  // The shape of the rows and of whatever else they were computed from (a
  // row format, the SLA rules). The runner keeps it beside the rows; when it
  // differs at start, the rows are erased and the log replayed into them, so
  // an upgrade or a new holiday list never leaves stale rows behind.
  virtual std::string fingerprint() const { return "1"; }
  // Folds `events` (position order, possibly of every stream) into `batch`.
  // Rows read back through the store are as of the last commit; a projection
  // that touches one row twice in a call keeps the newer copy itself.
  virtual Result<void> apply(const std::vector<events::RecordedEvent>& events,
                             events::ViewBatch& batch) = 0;
};

}  // namespace tanggap::projections
