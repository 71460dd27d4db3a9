// projections/sla_timeline_codec.h — the bytes of a case's SLA clock runs in
// a view row, shared by the case status row and the SLA view's row.
//
//   clocks := extended:u8 run{3}
//   run    := flags:u8 (bit 0 started, 1 paused, 2 stopped, 3 warned, 4 breached)
//             started:i64? paused_since:i64? stopped:i64? (present ones only, ms)
//             pauses:u32 (from:i64 to:i64)*
//
// The service and office are not written: the rows hold them already.
#pragma once

#include "events/bytes.h"
#include "events/domain/sla_types.h"

namespace tanggap::projections {

void write_clock_runs(events::ByteWriter& w, const domain::SlaTimeline& timeline);
// False on damaged bytes (short, or more pauses than bytes can hold).
bool read_clock_runs(events::ByteReader& r, domain::SlaTimeline& timeline);

}  // namespace tanggap::projections
