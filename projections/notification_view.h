// projections/notification_view.h — who must hear of a warning, a breach or
// an escalation: the SLA's "impossible to miss", as a feed per recipient.
// The monitor's SlaWarning / SlaBreached and every CaseEscalated (automatic
// or manual: one path) become a notice under each recipient it concerns:
//   officer:<name>        the officer the case is assigned to (all three kinds)
//   level:<L>             an escalation to level L of the office's chain
//   level:<L>:<unit>      ... of a case in that unit (a head of division's own)
// Key layout (under "nt/"):
//   nt/c/<case id>                      the case's unit and officer (from CaseAssigned)
//   nt/r/<recipient> 0x1f <position>    a notice (binary, see notification_view.cpp)
// Positions are the log's, so a reader pages with `after` and never misses one.
#pragma once

#include "events/domain/sla_types.h"
#include "projections/projection.h"

#include <optional>
#include <string>
#include <vector>

namespace tanggap::projections {

enum class NoticeKind : std::uint8_t { sla_warning, sla_breach, escalation };
std::string_view notice_kind_name(NoticeKind kind) noexcept;

struct Notice {
  events::Position position = 0;
  NoticeKind kind = NoticeKind::sla_warning;
  std::string case_id;
  domain::Instant at;
  std::optional<domain::SlaClock> clock;  // warnings and breaches
  std::optional<domain::Instant> due;     // warnings and breaches
  std::uint32_t level = 0;                // escalations: the new level
  std::string reason;                     // escalations
};

class NotificationProjection final : public Projection {
 public:
  static constexpr std::string_view projection_name = "notifications";
  explicit NotificationProjection(const events::EventStore& store) : store_(store) {}
  std::string_view name() const override { return projection_name; }
  std::string_view key_prefix() const override { return "nt/"; }
  std::string fingerprint() const override { return "notifications 1"; }
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override;

 private:
  const events::EventStore& store_;
};

// The notices of any of `recipients` after log position `after`, oldest
// first, at most `limit` (capped at 500).
Result<std::vector<Notice>> query_notices(const events::EventStore& store, const std::vector<std::string>& recipients,
                                          events::Position after, std::size_t limit);

}  // namespace tanggap::projections
