// events/domain/sla_types.h — the life of a case's SLA clocks, as plain values.
// A case keeps up to three clocks (DOMAIN.md §2, UU 14/2008): first response,
// resolution and, for an information request the requester objected to, the
// objection clock of the PPID's superior. What a clock did (started, paused,
// stopped, warned, breached) is folded from the case's events by evolve_sla()
// (sla.h); what its deadlines are follows from that, the catalog and the
// office's calendar, and is computed, never stored in an event.
#pragma once

#include "events/domain/time.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::domain {

enum class SlaClock : std::uint8_t { first_response, resolution, objection };
inline constexpr std::size_t sla_clock_count = 3;
inline constexpr std::array<SlaClock, sla_clock_count> all_sla_clocks = {
    SlaClock::first_response, SlaClock::resolution, SlaClock::objection};
std::string_view sla_clock_name(SlaClock clock) noexcept;
std::optional<SlaClock> parse_sla_clock(std::string_view name) noexcept;

// [from, to): wall time during which a clock stood still.
struct Pause {
  Instant from;
  Instant to;
  bool operator==(const Pause&) const = default;
};

struct ClockRun {
  std::optional<Instant> started_at;
  std::vector<Pause> pauses;            // closed pauses, in order
  std::optional<Instant> paused_since;  // a pause still open
  std::optional<Instant> stopped_at;
  bool warned = false;    // SlaWarning recorded (once per clock per case)
  bool breached = false;  // SlaBreached recorded (once per clock per case)
  bool operator==(const ClockRun&) const = default;
};

struct SlaTimeline {
  std::string service;  // the service now (a reclassification changes it)
  std::string office;
  bool extended = false;  // an information request's one extension (Pasal 22(8))
  std::array<ClockRun, sla_clock_count> clocks;

  const ClockRun& run(SlaClock c) const { return clocks[static_cast<std::size_t>(c)]; }
  ClockRun& run(SlaClock c) { return clocks[static_cast<std::size_t>(c)]; }
  bool operator==(const SlaTimeline&) const = default;
};

}  // namespace tanggap::domain
