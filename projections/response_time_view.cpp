// The response-time view. Row grammars (big-endian, events/bytes.h):
//
//   fact := format:u8 received:i64 day:i64 channel:u8 service:str office:str unit:str
//           flags:u32 resolved_at:i64? fr_working:i64? fr_calendar:i64? res_working:i64?
//           res_calendar:i64? breaches:u32 escalations:u32 outcome:u8? exemption:str answer_days:u32?
//     flags: bit 0 information request, 1 extended, 2 objected, 3 resolved_at, 4 fr_working,
//            5 fr_calendar, 6 res_working, 7 res_calendar, 8 fr within known, 9 fr within,
//            10 res within known, 11 res within, 12 outcome, 13 answer_days
//   fold := format:u8 fact_key:str received:i64 channel:u8 unit:str flags:u8 outcome:u8?
//           exemption:str breaches:u32 escalations:u32 service:str office:str clocks
//     flags: bit 0 information request, 1 extended, 2 objected, 3 outcome
//     clocks: sla_timeline_codec.h
#include "projections/response_time_view.h"

#include "events/bytes.h"
#include "events/case_event_json.h"
#include "events/domain/case_id.h"
#include "projections/sla_timeline_codec.h"
#include "projections/sla_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <unordered_map>

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;
using std::chrono::sys_days;

constexpr std::string_view fold_prefix = "rt/c/";
constexpr std::string_view fact_prefix = "rt/f/";
constexpr std::uint8_t fact_format = 1;
constexpr std::uint8_t fold_format = 1;
constexpr std::size_t date_chars = 10;  // "YYYY-MM-DD"

// Events that change nothing the report counts; skipped before decoding.
bool ignored(std::string_view type) { return type == "NoteAdded" || type == "SlaWarning" || type == "CaseClosed"; }

std::string date_text(sys_days day) {
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string time_hex(d::Instant t) {
  auto biased = static_cast<std::uint64_t>(t.time_since_epoch().count()) ^ (std::uint64_t{1} << 63);
  std::string out(16, '0');
  for (std::size_t i = 16; i-- > 0; biased >>= 4) out[i] = "0123456789abcdef"[biased & 0xf];
  return out;
}

std::string fact_key(const CaseFact& fact, std::string_view case_id) {
  return fmt::format("{}{}/{}{}", fact_prefix, date_text(fact.received_day), time_hex(fact.received), case_id);
}

d::Instant instant_of(std::int64_t ms) { return d::Instant{std::chrono::milliseconds{ms}}; }

struct FoldRow {
  std::string fact_key;  // where its fact is; "" before the first write
  ResponseTimeFold fold;
};

std::string encode_fold(const FoldRow& row) {
  const ResponseTimeFold& f = row.fold;
  std::string out;
  events::ByteWriter w(out);
  w.u8(fold_format);
  w.str(row.fact_key);
  w.i64(f.received.time_since_epoch().count());
  w.u8(static_cast<std::uint8_t>(f.channel));
  w.str(f.unit);
  w.u8(static_cast<std::uint8_t>((f.information_request ? 1 : 0) | (f.extended ? 2 : 0) | (f.objected ? 4 : 0) |
                                 (f.outcome ? 8 : 0)));
  if (f.outcome) w.u8(static_cast<std::uint8_t>(*f.outcome));
  w.str(f.exemption);
  w.u32(f.breaches);
  w.u32(f.escalations);
  w.str(f.sla.service);
  w.str(f.sla.office);
  write_clock_runs(w, f.sla);
  return out;
}

Result<FoldRow> decode_fold(std::string_view bytes) {
  FoldRow row;
  ResponseTimeFold& f = row.fold;
  events::ByteReader r(bytes);
  std::uint8_t format = 0, channel = 0, flags = 0, outcome = 0;
  std::int64_t received = 0;
  bool ok = r.u8(format) && format == fold_format && r.str(row.fact_key) && r.i64(received) && r.u8(channel) &&
            channel <= static_cast<std::uint8_t>(d::Channel::lapor) && r.str(f.unit) && r.u8(flags);
  if (ok && (flags & 8)) ok = r.u8(outcome) && outcome <= static_cast<std::uint8_t>(d::Outcome::rejected);
  ok = ok && r.str(f.exemption) && r.u32(f.breaches) && r.u32(f.escalations) && r.str(f.sla.service) &&
       r.str(f.sla.office) && read_clock_runs(r, f.sla);
  if (!ok || r.remaining() != 0)
    return fail(Errc::storage_failed, "a response-time row is damaged; run `tanggap rebuild`");
  f.received = instant_of(received);
  f.channel = static_cast<d::Channel>(channel);
  f.information_request = flags & 1;
  f.extended = flags & 2;
  f.objected = flags & 4;
  if (flags & 8) f.outcome = static_cast<d::Outcome>(outcome);
  return row;
}

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

ResponseTimeProjection::ResponseTimeProjection(const events::EventStore& store,
                                               std::shared_ptr<const d::Catalog> catalog,
                                               std::shared_ptr<const d::Calendars> calendars)
    : store_(store),
      catalog_(std::move(catalog)),
      calendars_(std::move(calendars)),
      fingerprint_(fmt::format("response_time facts {} folds {} rules {}", fact_format, fold_format,
                               sla_rules_fingerprint(*catalog_, *calendars_))) {}

Result<void> ResponseTimeProjection::apply(const std::vector<events::RecordedEvent>& events,
                                           events::ViewBatch& batch) {
  std::unordered_map<std::string, FoldRow> rows;  // this call's rows, newest copy
  for (const events::RecordedEvent& e : events) {
    if (!std::string_view(e.stream).starts_with(d::case_stream_prefix) || ignored(e.type)) continue;
    auto decoded = events::decode_case_event(e.type, e.schema, e.data);
    if (!decoded)
      return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    std::string case_id = e.stream.substr(d::case_stream_prefix.size());
    auto it = rows.find(case_id);
    if (it == rows.end()) {
      FoldRow row;
      if (e.version > 0) {  // a stream's first event starts its row: nothing to read
        auto stored = store_.get_view(std::string(fold_prefix) + case_id);
        if (!stored) return stored.error();
        if (*stored) {
          auto decoded_row = decode_fold(**stored);
          if (!decoded_row) return decoded_row.error();
          row = std::move(*decoded_row);
        }
      }
      it = rows.emplace(std::move(case_id), std::move(row)).first;
    }
    it->second.fold = evolve_response_time(std::move(it->second.fold), *decoded);
  }
  for (auto& [case_id, row] : rows) {
    const CaseFact fact = case_fact(row.fold, *catalog_, *calendars_);
    std::string key = fact_key(fact, case_id);
    if (!row.fact_key.empty() && row.fact_key != key) batch.erase(row.fact_key);
    row.fact_key = std::move(key);
    batch.put(row.fact_key, encode_fact(fact));
    batch.put(std::string(fold_prefix) + case_id, encode_fold(row));
  }
  return {};
}

Result<std::vector<CaseFact>> query_case_facts(const events::EventStore& store, sys_days from, sys_days to) {
  std::vector<CaseFact> facts;
  if (to < from) return facts;
  const std::string start = std::string(fact_prefix) + date_text(from) + "/";
  const std::string last = date_text(to);  // keys sort by date text: stop past it
  std::optional<Error> damaged;
  auto scanned = store.scan_views(fact_prefix, start, [&](std::string_view key, std::string_view value) {
    if (key.substr(fact_prefix.size(), date_chars) > last) return false;
    auto fact = decode_fact(value);
    if (!fact) {
      damaged = fact.error();
      return false;
    }
    facts.push_back(std::move(*fact));
    return true;
  });
  if (!scanned) return scanned.error();
  if (damaged) return *damaged;
  return facts;
}

}  // namespace tanggap::projections
