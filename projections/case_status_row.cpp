// projections/case_status_row.cpp — the case status row's stored bytes.
// Binary, not JSON: a row is rewritten on every event of its case and a
// rebuild writes hundreds of thousands of them, so encoding must cost next to
// nothing. The grammar (big-endian, str := u32 length + bytes):
//
//   row      := format:u8 (=1) status:u8 channel:u8 privacy:u8 flags:u8 outcome:u8
//               step:u32 step_total:u32 escalation:u32 reopens:u32 events:u64
//               times:u8 (bit i set: time i present) time*:i64 (submitted, first
//               response, resolved, updated; ms since the epoch, present ones only)
//               str(case_id) str(service) str(office) str(unit) str(officer)
//               str(title) str(step_name) str(tracking_code_hash)
//               version:u64 position:u64 clocks (sla_timeline_codec.h)
//   flags    := bit 0 information request, 1 extended, 2 objection filed, 3 outcome set
//
// Rows are derived data: a change of layout bumps `format`, and a rebuild
// rewrites them; an unknown format reads as damage.
#include "events/bytes.h"
#include "projections/case_status_view.h"
#include "projections/sla_timeline_codec.h"

namespace tanggap::projections {

namespace {

constexpr std::uint8_t row_format = 2;  // 2: the SLA clock runs

template <class Enum>
std::uint8_t byte_of(Enum e) {
  return static_cast<std::uint8_t>(e);
}

}  // namespace

std::string encode_row(const CaseStatusRow& row) {
  const auto& s = row.state;
  std::string out;
  out.reserve(128 + s.case_id.size() + s.service.size() + s.office.size() + s.unit.size() + s.officer.size() +
              row.title.size() + row.step_name.size() + row.tracking_code_hash.size());
  events::ByteWriter w(out);
  w.u8(row_format);
  w.u8(byte_of(s.status));
  w.u8(byte_of(s.channel));
  w.u8(byte_of(s.privacy));
  w.u8(static_cast<std::uint8_t>((s.information_request ? 1 : 0) | (s.extended ? 2 : 0) |
                                 (s.objection_filed ? 4 : 0) | (s.outcome ? 8 : 0)));
  w.u8(s.outcome ? byte_of(*s.outcome) : 0);
  w.u32(s.step);
  w.u32(s.step_total);
  w.u32(s.escalation_level);
  w.u32(s.reopen_count);
  w.u64(s.events);
  const std::optional<domain::Instant>* times[] = {&s.submitted_at, &s.first_response_at, &s.resolved_at,
                                                   &s.updated_at};
  std::uint8_t present = 0;
  for (std::size_t i = 0; i < 4; ++i)
    if (*times[i]) present = static_cast<std::uint8_t>(present | (1u << i));
  w.u8(present);
  for (const auto* t : times)
    if (*t) w.i64((*t)->time_since_epoch().count());
  w.str(s.case_id);
  w.str(s.service);
  w.str(s.office);
  w.str(s.unit);
  w.str(s.officer);
  w.str(row.title);
  w.str(row.step_name);
  w.str(row.tracking_code_hash);
  w.u64(row.version);
  w.u64(row.position);
  write_clock_runs(w, s.sla);
  return out;
}

Result<CaseStatusRow> decode_row(std::string_view bytes) {
  CaseStatusRow row;
  auto& s = row.state;
  events::ByteReader r(bytes);
  std::uint8_t format = 0, status = 0, channel = 0, privacy = 0, flags = 0, outcome = 0, present = 0;
  bool ok = r.u8(format) && format == row_format && r.u8(status) && r.u8(channel) && r.u8(privacy) &&
            r.u8(flags) && r.u8(outcome) && r.u32(s.step) && r.u32(s.step_total) && r.u32(s.escalation_level) &&
            r.u32(s.reopen_count) && r.u64(s.events) && r.u8(present);
  std::optional<domain::Instant>* times[] = {&s.submitted_at, &s.first_response_at, &s.resolved_at, &s.updated_at};
  for (std::size_t i = 0; ok && i < 4; ++i) {
    if ((present & (1u << i)) == 0) continue;
    std::int64_t ms = 0;
    ok = r.i64(ms);
    *times[i] = domain::Instant{std::chrono::milliseconds{ms}};
  }
  ok = ok && r.str(s.case_id) && r.str(s.service) && r.str(s.office) && r.str(s.unit) && r.str(s.officer) &&
       r.str(row.title) && r.str(row.step_name) && r.str(row.tracking_code_hash) && r.u64(row.version) &&
       r.u64(row.position) && read_clock_runs(r, s.sla) && r.remaining() == 0;
  // Enumerators are checked against their ranges: a damaged byte must not
  // become an enum value the code has no case for.
  ok = ok && status <= byte_of(domain::CaseStatus::rejected) && channel <= byte_of(domain::Channel::lapor) &&
       privacy <= byte_of(domain::Privacy::anonymous) && outcome <= byte_of(domain::Outcome::rejected);
  if (!ok) return fail(Errc::storage_failed, "a case status row is damaged; run `tanggap rebuild`");
  s.status = static_cast<domain::CaseStatus>(status);
  s.channel = static_cast<domain::Channel>(channel);
  s.privacy = static_cast<domain::Privacy>(privacy);
  s.information_request = (flags & 1) != 0;
  s.extended = (flags & 2) != 0;
  s.objection_filed = (flags & 4) != 0;
  if ((flags & 8) != 0) s.outcome = static_cast<domain::Outcome>(outcome);
  s.sla.service = s.service;
  s.sla.office = s.office;
  return row;
}

}  // namespace tanggap::projections
