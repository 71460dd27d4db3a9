// One case's fact as bytes: a fold row of the response-time view keeps the
// fact it last put in a bucket, to take that very fact out again when the
// case changes. Grammar (big-endian, events/bytes.h):
//
//   fact := format:u8 received:i64 day:i64 channel:u8 service:str office:str unit:str
//           flags:u32 resolved_at:i64? fr_working:i64? fr_calendar:i64? res_working:i64?
//           res_calendar:i64? breaches:u32 escalations:u32 outcome:u8? exemption:str answer_days:u32?
//     flags: bit 0 information request, 1 extended, 2 objected, 3 resolved_at, 4 fr_working,
//            5 fr_calendar, 6 res_working, 7 res_calendar, 8 fr within known, 9 fr within,
//            10 res within known, 11 res within, 12 outcome, 13 answer_days
#include "projections/response_time_fact.h"

#include "events/bytes.h"

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;
using std::chrono::sys_days;

constexpr std::uint8_t fact_format = 1;

d::Instant instant_of(std::int64_t ms) { return d::Instant{std::chrono::milliseconds{ms}}; }

}  // namespace

std::string encode_fact(const CaseFact& f) {
  std::uint32_t flags = 0;
  const auto flag = [&](bool on, int bit) {
    if (on) flags |= std::uint32_t{1} << bit;
  };
  flag(f.information_request, 0);
  flag(f.extended, 1);
  flag(f.objected, 2);
  flag(f.resolved_at.has_value(), 3);
  flag(f.first_response_working_ms.has_value(), 4);
  flag(f.first_response_calendar_ms.has_value(), 5);
  flag(f.resolution_working_ms.has_value(), 6);
  flag(f.resolution_calendar_ms.has_value(), 7);
  flag(f.first_response_within_limit.has_value(), 8);
  flag(f.first_response_within_limit.value_or(false), 9);
  flag(f.resolution_within_limit.has_value(), 10);
  flag(f.resolution_within_limit.value_or(false), 11);
  flag(f.outcome.has_value(), 12);
  flag(f.working_days_to_answer.has_value(), 13);

  std::string out;
  out.reserve(96 + f.service.size() + f.office.size() + f.unit.size() + f.exemption.size());
  events::ByteWriter w(out);
  w.u8(fact_format);
  w.i64(f.received.time_since_epoch().count());
  w.i64(f.received_day.time_since_epoch().count());
  w.u8(static_cast<std::uint8_t>(f.channel));
  w.str(f.service);
  w.str(f.office);
  w.str(f.unit);
  w.u32(flags);
  if (f.resolved_at) w.i64(f.resolved_at->time_since_epoch().count());
  for (const auto* ms : {&f.first_response_working_ms, &f.first_response_calendar_ms, &f.resolution_working_ms,
                         &f.resolution_calendar_ms})
    if (*ms) w.i64(**ms);
  w.u32(f.breaches);
  w.u32(f.escalations);
  if (f.outcome) w.u8(static_cast<std::uint8_t>(*f.outcome));
  w.str(f.exemption);
  if (f.working_days_to_answer) w.u32(*f.working_days_to_answer);
  return out;
}

Result<CaseFact> decode_fact(std::string_view bytes) {
  CaseFact f;
  events::ByteReader r(bytes);
  std::uint8_t format = 0, channel = 0;
  std::int64_t received = 0, day = 0;
  std::uint32_t flags = 0;
  const auto damaged = [] { return fail(Errc::storage_failed, "a response-time fact is damaged; run `tanggap rebuild`"); };
  if (!(r.u8(format) && format == fact_format && r.i64(received) && r.i64(day) && r.u8(channel) &&
        channel <= static_cast<std::uint8_t>(d::Channel::lapor) && r.str(f.service) && r.str(f.office) &&
        r.str(f.unit) && r.u32(flags) && flags < (std::uint32_t{1} << 14)))
    return damaged();
  // A day outside what sys_days holds comfortably cannot have been written by encode_fact.
  if (day < -1'000'000 || day > 1'000'000) return damaged();
  const auto has = [&](int bit) { return (flags >> bit) & 1u; };
  f.received = instant_of(received);
  f.received_day = sys_days{std::chrono::days{day}};
  f.channel = static_cast<d::Channel>(channel);
  f.information_request = has(0);
  f.extended = has(1);
  f.objected = has(2);
  std::int64_t v = 0;
  if (has(3)) {
    if (!r.i64(v)) return damaged();
    f.resolved_at = instant_of(v);
  }
  int bit = 4;
  for (auto* ms : {&f.first_response_working_ms, &f.first_response_calendar_ms, &f.resolution_working_ms,
                   &f.resolution_calendar_ms}) {
    if (has(bit++)) {
      if (!r.i64(v)) return damaged();
      *ms = v;
    }
  }
  if (has(8)) f.first_response_within_limit = has(9) != 0;
  if (has(10)) f.resolution_within_limit = has(11) != 0;
  if (!(r.u32(f.breaches) && r.u32(f.escalations))) return damaged();
  if (has(12)) {
    std::uint8_t outcome = 0;
    if (!r.u8(outcome) || outcome > static_cast<std::uint8_t>(d::Outcome::rejected)) return damaged();
    f.outcome = static_cast<d::Outcome>(outcome);
  }
  if (!r.str(f.exemption)) return damaged();
  if (has(13)) {
    std::uint32_t answer_days = 0;
    if (!r.u32(answer_days)) return damaged();
    f.working_days_to_answer = answer_days;
  }
  if (r.remaining() != 0) return damaged();
  return f;
}

}  // namespace tanggap::projections
