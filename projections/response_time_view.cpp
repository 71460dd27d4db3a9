// The response-time view. Fold row grammar (big-endian, events/bytes.h):
//
//   fold := format:u8 written:str received:i64 channel:u8 unit:str flags:u8 outcome:u8?
//           exemption:str breaches:u32 escalations:u32 service:str office:str clocks
//     written: the fact last put in a bucket (response_time_fact_codec.cpp); "" before
//     flags: bit 0 information request, 1 extended, 2 objected, 3 outcome
//     clocks: sla_timeline_codec.h
//   bucket rows: response_time_bucket.cpp
//
// A bucket holds its facts sorted by fact_order, so its bytes depend only on
// which cases it holds, not on the batches they came in: a rebuilt view
// equals the live one byte for byte.
#include "projections/response_time_view.h"

#include "events/bytes.h"
#include "events/case_event_json.h"
#include "events/domain/case_id.h"
#include "projections/projection_runner.h"
#include "projections/sla_timeline_codec.h"
#include "projections/sla_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;
using std::chrono::sys_days;

constexpr std::string_view view_prefix = "rt/";
constexpr std::string_view fold_prefix = "rt/c/";
constexpr std::string_view bucket_prefix = "rt/b/";
constexpr std::uint8_t fold_format = 2;
// What the rows are; the fingerprint begins with it, so readers can refuse
// rows of another layout (the facts of format 1 were one row per case).
// (buckets 2: the key has a part, response_time_bucket.h)
constexpr std::string_view row_layout = "response_time buckets 2 folds 2";

// Events that change nothing the report counts; skipped before decoding.
bool ignored(std::string_view type) { return type == "NoteAdded" || type == "SlaWarning" || type == "CaseClosed"; }

d::Instant instant_of(std::int64_t ms) { return d::Instant{std::chrono::milliseconds{ms}}; }

struct FoldRow {
  std::optional<CaseFact> written;  // in its bucket; empty before the first write
  ResponseTimeFold fold;
};

std::string encode_fold(const FoldRow& row) {
  const ResponseTimeFold& f = row.fold;
  std::string out;
  events::ByteWriter w(out);
  w.u8(fold_format);
  w.str(row.written ? encode_fact(*row.written) : std::string());
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
  std::string written;
  bool ok = r.u8(format) && format == fold_format && r.str(written) && r.i64(received) && r.u8(channel) &&
            channel <= static_cast<std::uint8_t>(d::Channel::lapor) && r.str(f.unit) && r.u8(flags);
  if (ok && (flags & 8)) ok = r.u8(outcome) && outcome <= static_cast<std::uint8_t>(d::Outcome::rejected);
  ok = ok && r.str(f.exemption) && r.u32(f.breaches) && r.u32(f.escalations) && r.str(f.sla.service) &&
       r.str(f.sla.office) && read_clock_runs(r, f.sla);
  if (!ok || r.remaining() != 0)
    return fail(Errc::storage_failed, "a response-time row is damaged; run `tanggap rebuild`");
  if (!written.empty()) {
    auto fact = decode_fact(written);
    if (!fact) return fact.error();
    row.written = std::move(*fact);
  }
  f.received = instant_of(received);
  f.channel = static_cast<d::Channel>(channel);
  f.information_request = flags & 1;
  f.extended = flags & 2;
  f.objected = flags & 4;
  if (flags & 8) f.outcome = static_cast<d::Outcome>(outcome);
  return row;
}

// The buckets one apply() changes: read once, edited in memory, written once.
class BucketEdits {
 public:
  explicit BucketEdits(const events::EventStore& store) : store_(store) {}

  // Takes out the fact a fold row says is there; a bucket without it means
  // the view and its fold rows are out of step. `part`: bucket_part of the case.
  Result<void> take(const CaseFact& fact, std::uint32_t part) {
    auto facts = load(fact, part);
    if (!facts) return facts.error();
    auto it = std::find((*facts)->begin(), (*facts)->end(), fact);
    if (it == (*facts)->end())
      return fail(Errc::storage_failed,
                  "a response-time bucket lacks a case its fold row put there; run `tanggap rebuild`");
    (*facts)->erase(it);
    return {};
  }

  Result<void> put(const CaseFact& fact, std::uint32_t part) {
    auto facts = load(fact, part);
    if (!facts) return facts.error();
    (*facts)->insert(std::upper_bound((*facts)->begin(), (*facts)->end(), fact, fact_order), fact);
    return {};
  }

  void write(events::ViewBatch& batch) const {
    for (const auto& [key, edited] : buckets_) {
      const auto& [bucket_key, facts] = edited;
      if (facts.empty()) {
        batch.erase(key);
        continue;
      }
      batch.put(key, encode_bucket(bucket_of(bucket_key, facts)));
    }
  }

 private:
  Result<std::vector<CaseFact>*> load(const CaseFact& fact, std::uint32_t part) {
    FactBucketKey key = bucket_key_of(fact, part);
    std::string row_key = std::string(bucket_prefix) + encode_bucket_key(key);
    auto it = buckets_.find(row_key);
    if (it != buckets_.end()) return &it->second.second;
    auto stored = store_.get_view(row_key);
    if (!stored) return stored.error();
    std::vector<CaseFact> facts;
    if (*stored) {
      FactBucket bucket;
      bucket.key = key;
      auto decoded = decode_bucket(**stored, bucket);
      if (!decoded) return decoded.error();
      facts = facts_of(bucket);
    }
    return &buckets_.emplace(std::move(row_key), std::pair{std::move(key), std::move(facts)}).first->second.second;
  }

  const events::EventStore& store_;
  std::map<std::string, std::pair<FactBucketKey, std::vector<CaseFact>>> buckets_;  // by row key
};

// Rows of another layout are not misread: they are refused until the server
// (or `tanggap rebuild`) has replayed the log into the current layout.
Result<void> check_layout(const events::EventStore& store) {
  auto stored = store.get_view(fingerprint_key(view_prefix));
  if (!stored) return stored.error();
  if (!*stored || !(**stored).starts_with(fmt::format("{} rules ", row_layout)))
    return fail(Errc::not_ready,
                "the response-time view is not in this version's layout yet; start the server (it rebuilds the "
                "view) or run `tanggap rebuild`");
  return {};
}

}  // namespace

ResponseTimeProjection::ResponseTimeProjection(const events::EventStore& store,
                                               std::shared_ptr<const d::Catalog> catalog,
                                               std::shared_ptr<const d::Calendars> calendars)
    : store_(store),
      catalog_(std::move(catalog)),
      calendars_(std::move(calendars)),
      fingerprint_(fmt::format("{} rules {}", row_layout, sla_rules_fingerprint(*catalog_, *calendars_))) {}

Result<void> ResponseTimeProjection::apply(const std::vector<events::RecordedEvent>& events,
                                           events::ViewBatch& batch) {
  std::unordered_map<std::string, FoldRow> rows;  // this call's rows, newest copy
  for (const events::RecordedEvent& e : events) {
    if (!std::string_view(e.stream).starts_with(d::case_stream_prefix) || ignored(e.type)) continue;
    const auto& decoded = events::case_event_of(e);
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
  BucketEdits buckets(store_);
  for (auto& [case_id, row] : rows) {
    CaseFact fact = case_fact(row.fold, *catalog_, *calendars_);
    if (row.written != fact) {
      const std::uint32_t part = bucket_part(case_id);
      if (row.written) {
        auto taken = buckets.take(*row.written, part);
        if (!taken) return taken.error();
      }
      auto put = buckets.put(fact, part);
      if (!put) return put.error();
      row.written = std::move(fact);
    }
    batch.put(std::string(fold_prefix) + case_id, encode_fold(row));
  }
  buckets.write(batch);
  return {};
}

Result<void> scan_fact_buckets(const events::EventStore& store, sys_days from, sys_days to,
                               const std::function<void(const FactBucket&)>& visit) {
  auto layout = check_layout(store);
  if (!layout) return layout.error();
  if (to < from) return {};
  FactBucket bucket;  // reused: its vectors keep their room from bucket to bucket
  std::optional<Error> damaged;
  const std::string start = std::string(bucket_prefix) + day_key(from);
  auto scanned = store.scan_views(bucket_prefix, start, [&](std::string_view key, std::string_view value) {
    key.remove_prefix(bucket_prefix.size());
    const auto day = bucket_key_day(key);
    if (day && *day > to) return false;
    auto decoded_key = decode_bucket_key(key);
    if (!decoded_key) {
      damaged = decoded_key.error();
      return false;
    }
    bucket.key = std::move(*decoded_key);
    auto decoded = decode_bucket(value, bucket);
    if (!decoded) {
      damaged = decoded.error();
      return false;
    }
    visit(bucket);
    return true;
  });
  if (!scanned) return scanned.error();
  if (damaged) return *damaged;
  return {};
}

Result<ResponseTimeReport> query_response_time_report(const events::EventStore& store, const ReportRequest& request,
                                                      const d::Calendars& calendars) {
  ReportBuilder builder(request, calendars);
  auto scanned = scan_fact_buckets(store, request.from, request.to, [&](const FactBucket& b) { builder.add(b); });
  if (!scanned) return scanned.error();
  return builder.finish();
}

Result<std::vector<CaseFact>> query_case_facts(const events::EventStore& store, sys_days from, sys_days to) {
  std::vector<CaseFact> facts;
  auto scanned = scan_fact_buckets(store, from, to, [&](const FactBucket& bucket) {
    for (CaseFact& f : facts_of(bucket)) facts.push_back(std::move(f));
  });
  if (!scanned) return scanned.error();
  // Buckets come by day, then channel, office, service, unit and part: order each day by receipt.
  std::stable_sort(facts.begin(), facts.end(), [](const CaseFact& a, const CaseFact& b) {
    return std::tie(a.received_day, a.received) < std::tie(b.received_day, b.received);
  });
  return facts;
}

}  // namespace tanggap::projections
