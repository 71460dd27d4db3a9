// The wire names of the catalog's enums, apart from catalog.cpp so that the
// look-ups and the vocabulary can change independently. The names appear in
// ops/catalog/*.json and in API answers: once released, they never change.
#include "events/domain/catalog.h"

#include <array>

namespace tanggap::domain {
namespace {

constexpr std::array all_units{ClockUnit::working_minutes, ClockUnit::working_hours,
                               ClockUnit::working_days, ClockUnit::calendar_days,
                               ClockUnit::calendar_hours};
constexpr std::array all_privacies{Privacy::public_, Privacy::confidential, Privacy::anonymous};

}  // namespace

std::string_view unit_name(ClockUnit unit) noexcept {
  switch (unit) {
    case ClockUnit::working_minutes: return "working_minutes";
    case ClockUnit::working_hours: return "working_hours";
    case ClockUnit::working_days: return "working_days";
    case ClockUnit::calendar_days: return "calendar_days";
    case ClockUnit::calendar_hours: return "calendar_hours";
  }
  return "unknown";
}

std::optional<ClockUnit> parse_unit(std::string_view name) noexcept {
  for (const ClockUnit unit : all_units)
    if (unit_name(unit) == name) return unit;
  return std::nullopt;
}

std::string_view privacy_name(Privacy p) noexcept {
  switch (p) {
    case Privacy::public_: return "public";  // `public` is a keyword, hence the underscore in C++ only
    case Privacy::confidential: return "confidential";
    case Privacy::anonymous: return "anonymous";
  }
  return "unknown";
}

std::optional<Privacy> parse_privacy(std::string_view name) noexcept {
  for (const Privacy p : all_privacies)
    if (privacy_name(p) == name) return p;
  return std::nullopt;
}

}  // namespace tanggap::domain
