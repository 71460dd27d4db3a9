// projections/outbound_view.h — lookups over the outbound message records
// (outbound-* streams), for the WhatsApp status webhook and the outbox.
// Keys (under "ob/"):
//   ob/m/<channel message id> → outbound id   (a status names the wamid Meta gave us)
//   ob/p/<since hex16>/<outbound id> → ""    (not finished: queued, waiting to retry, or an
//                                              attempt started: after a restart the outbox finds
//                                              these and marks the last one uncertain. `since`:
//                                              the position of the event that made it pending,
//                                              so the oldest come first and a round of the
//                                              outbox reads only the rows it sends)
//   ob/q/<outbound id>        → since hex16   (where its ob/p row is, to erase it)
//   ob/c/<case id>/<outbound id> → ""         (the messages sent for a case, for its staff view)
// Indexes only: the record itself is folded from its stream, which is the
// authority (the view may lag the log by a moment).
#pragma once

#include "projections/projection.h"

#include <optional>
#include <string>
#include <vector>

namespace tanggap::projections {

class OutboundProjection final : public Projection {
 public:
  static constexpr std::string_view projection_name = "outbound";
  std::string_view name() const override { return projection_name; }
  std::string_view key_prefix() const override { return "ob/"; }
  explicit OutboundProjection(const events::EventStore& store) : store_(store) {}
  // 3: the pending rows are keyed by the position they became pending at.
  std::string fingerprint() const override { return "3"; }
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override;

 private:
  const events::EventStore& store_;
};

// The outbound record that the channel knows as `message_id`; empty when none (yet).
Result<std::optional<std::string>> find_outbound_by_message_id(const events::EventStore& store,
                                                               std::string_view message_id);
struct PendingOutbound {
  std::string id;
  events::Position since = 0;  // the event that queued it (or, for a retry, that scheduled it)
};
// The outbound records not yet finished, the longest pending first, at most
// `limit`: a range scan of that many rows.
Result<std::vector<PendingOutbound>> pending_outbound(const events::EventStore& store, std::size_t limit);
// Outbound ids of one case, in key order.
Result<std::vector<std::string>> outbound_of_case(const events::EventStore& store, std::string_view case_id);

}  // namespace tanggap::projections
