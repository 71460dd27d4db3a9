// projections/staff_view.h — who may call the staff API, by token hash.
// Keys (under "st/"): st/n/<name> → account row; st/t/<token hash> → name.
// A rotated token's old key is erased in the same batch as the new one is
// written, so an old token stops working as soon as the projection applies it.
#pragma once

#include "events/domain/staff_types.h"
#include "projections/projection.h"

#include <optional>
#include <string>

namespace tanggap::projections {

struct StaffRow {
  std::string name;
  domain::Role role = domain::Role::officer;
  std::string unit;
  std::string token_hash;
  bool disabled = false;
};

class StaffProjection final : public Projection {
 public:
  static constexpr std::string_view projection_name = "staff";
  explicit StaffProjection(const events::EventStore& store) : store_(store) {}
  std::string_view name() const override { return projection_name; }
  std::string_view key_prefix() const override { return "st/"; }
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override;

 private:
  const events::EventStore& store_;
};

// The enabled account whose token hashes to `token_hash`; empty when none.
Result<std::optional<StaffRow>> find_staff_by_token(const events::EventStore& store, std::string_view token_hash);
Result<std::optional<StaffRow>> find_staff(const events::EventStore& store, std::string_view name);

}  // namespace tanggap::projections
