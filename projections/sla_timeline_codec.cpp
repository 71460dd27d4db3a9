#include "projections/sla_timeline_codec.h"

namespace tanggap::projections {
namespace {

constexpr std::uint8_t started_bit = 1, paused_bit = 2, stopped_bit = 4, warned_bit = 8, breached_bit = 16;
constexpr std::size_t pause_bytes = 16;

std::int64_t ms(domain::Instant t) { return t.time_since_epoch().count(); }
domain::Instant instant(std::int64_t ms) { return domain::Instant{std::chrono::milliseconds{ms}}; }

bool read_instant(events::ByteReader& r, std::optional<domain::Instant>& out) {
  std::int64_t v = 0;
  if (!r.i64(v)) return false;
  out = instant(v);
  return true;
}

}  // namespace

void write_clock_runs(events::ByteWriter& w, const domain::SlaTimeline& t) {
  w.u8(t.extended ? 1 : 0);
  for (const domain::ClockRun& run : t.clocks) {
    w.u8(static_cast<std::uint8_t>((run.started_at ? started_bit : 0) | (run.paused_since ? paused_bit : 0) |
                                   (run.stopped_at ? stopped_bit : 0) | (run.warned ? warned_bit : 0) |
                                   (run.breached ? breached_bit : 0)));
    if (run.started_at) w.i64(ms(*run.started_at));
    if (run.paused_since) w.i64(ms(*run.paused_since));
    if (run.stopped_at) w.i64(ms(*run.stopped_at));
    w.u32(static_cast<std::uint32_t>(run.pauses.size()));
    for (const domain::Pause& p : run.pauses) {
      w.i64(ms(p.from));
      w.i64(ms(p.to));
    }
  }
}

bool read_clock_runs(events::ByteReader& r, domain::SlaTimeline& t) {
  std::uint8_t extended = 0;
  if (!r.u8(extended) || extended > 1) return false;
  t.extended = extended == 1;
  for (domain::ClockRun& run : t.clocks) {
    run = {};
    std::uint8_t flags = 0;
    std::uint32_t pauses = 0;
    if (!r.u8(flags) || flags >= 32) return false;
    if ((flags & started_bit) && !read_instant(r, run.started_at)) return false;
    if ((flags & paused_bit) && !read_instant(r, run.paused_since)) return false;
    if ((flags & stopped_bit) && !read_instant(r, run.stopped_at)) return false;
    run.warned = (flags & warned_bit) != 0;
    run.breached = (flags & breached_bit) != 0;
    // A damaged count must not reserve gigabytes: each pause takes 16 bytes.
    if (!r.u32(pauses) || pauses > r.remaining() / pause_bytes) return false;
    run.pauses.reserve(pauses);
    for (std::uint32_t i = 0; i < pauses; ++i) {
      std::int64_t from = 0, to = 0;
      if (!r.i64(from) || !r.i64(to)) return false;
      run.pauses.push_back({instant(from), instant(to)});
    }
  }
  return true;
}

}  // namespace tanggap::projections
