// The bucket's bytes. Grammar (big-endian, events/bytes.h; str := length:u32 bytes):
//
//   key    := day:u32 channel:u8 office:str service:str unit:str part:u32
//     day: days since 1970-01-01 plus 2^31, so keys sort by date for any date
//     part: FactBucketKey::part
//   bucket := format:u8 count:u32 exemption_count:u32 exemption:str{exemption_count}
//             flags:u16{count} column{11}
//     flags: fact_flags (response_time_bucket.h), one per fact, in fact order
//   column := width:u8 value:u<width*8>{count}     width 0, 1, 2, 4 or 8; 0: every value is 0
//     in order: received, resolved, first_response_working, first_response_calendar,
//     resolution_working, resolution_calendar, breaches, escalations, answer_days,
//     outcome, exemption
//     received: its ms minus the ms of the day before the local date (a few hours to
//       2.6 days for any UTC offset: 4 bytes); resolved: its ms minus received's;
//       durations as they are; all modulo 2^64, so any instant round-trips exactly
//     exemption: 0 none, i the i-th exemption text
//
// Each column is as wide as its largest value needs: a bucket whose cases
// never breached stores no breach bytes at all. The flags are always two
// bytes so that a count is bounded by the row's size: a damaged count can
// never make the decoder allocate more than the bytes it was given.
#include "projections/response_time_bucket.h"

#include "events/bytes.h"
#include "events/domain/case_id.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;
using std::chrono::sys_days;

constexpr std::uint8_t bucket_format = 1;
constexpr std::uint64_t day_bias = std::uint64_t{1} << 31;
constexpr std::uint64_t ms_per_day = 86'400'000;

// The base the received column counts from: the day before the local date,
// so that any receipt of that local date is after it.
std::uint64_t received_base(sys_days day) {
  return (static_cast<std::uint64_t>(day.time_since_epoch().count()) - 1) * ms_per_day;
}

std::uint8_t width_for(std::uint64_t max) {
  if (max == 0) return 0;
  if (max <= 0xff) return 1;
  if (max <= 0xffff) return 2;
  if (max <= 0xffff'ffff) return 4;
  return 8;
}

void write_column(std::string& out, const std::vector<std::uint64_t>& values) {
  const std::uint8_t width = width_for(values.empty() ? 0 : *std::max_element(values.begin(), values.end()));
  out.push_back(static_cast<char>(width));
  for (std::uint64_t v : values)
    for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

template <std::size_t Width>
std::uint64_t load_be(const unsigned char* p) {
  std::uint64_t v = 0;
  for (std::size_t b = 0; b < Width; ++b) v = (v << 8) | p[b];
  return v;
}

// Reads one column of `count` values, handing each to `store(i, value)`,
// which says whether the value may be there; false when damaged. The loop is
// chosen by width once per column: this is the report's innermost loop.
template <class Store>
bool read_column(std::string_view& bytes, std::size_t count, Store store) {
  if (bytes.empty()) return false;
  const auto width = static_cast<std::uint8_t>(bytes[0]);
  bytes.remove_prefix(1);
  if (width != 0 && width != 1 && width != 2 && width != 4 && width != 8) return false;
  if (width != 0 && count > bytes.size() / width) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto each = [&](auto load) {
    bool ok = true;
    for (std::size_t i = 0; i < count; ++i) ok &= store(i, load(p + i * width));
    return ok;
  };
  bool ok = false;
  switch (width) {
    case 0: ok = each([](const unsigned char*) { return std::uint64_t{0}; }); break;
    case 1: ok = each(load_be<1>); break;
    case 2: ok = each(load_be<2>); break;
    case 4: ok = each(load_be<4>); break;
    case 8: ok = each(load_be<8>); break;
  }
  bytes.remove_prefix(count * width);
  return ok;
}

std::uint16_t flags_of(const CaseFact& f) {
  namespace ff = fact_flags;
  std::uint16_t flags = 0;
  const auto set = [&](bool on, std::uint16_t bit) {
    if (on) flags = static_cast<std::uint16_t>(flags | bit);
  };
  set(f.information_request, ff::information_request);
  set(f.extended, ff::extended);
  set(f.objected, ff::objected);
  set(f.resolved_at.has_value(), ff::resolved);
  set(f.first_response_working_ms.has_value(), ff::first_response_working);
  set(f.first_response_calendar_ms.has_value(), ff::first_response_calendar);
  set(f.resolution_working_ms.has_value(), ff::resolution_working);
  set(f.resolution_calendar_ms.has_value(), ff::resolution_calendar);
  set(f.first_response_within_limit.has_value(), ff::first_response_limit_known);
  set(f.first_response_within_limit.value_or(false), ff::first_response_within);
  set(f.resolution_within_limit.has_value(), ff::resolution_limit_known);
  set(f.resolution_within_limit.value_or(false), ff::resolution_within);
  set(f.outcome.has_value(), ff::outcome);
  set(f.working_days_to_answer.has_value(), ff::answer_days);
  return flags;
}

FactRecord record_of(const CaseFact& f, std::uint32_t exemption) {
  FactRecord r;
  r.flags = flags_of(f);
  r.received_ms = f.received.time_since_epoch().count();
  r.resolved_ms = f.resolved_at ? f.resolved_at->time_since_epoch().count() : 0;
  r.first_response_working_ms = f.first_response_working_ms.value_or(0);
  r.first_response_calendar_ms = f.first_response_calendar_ms.value_or(0);
  r.resolution_working_ms = f.resolution_working_ms.value_or(0);
  r.resolution_calendar_ms = f.resolution_calendar_ms.value_or(0);
  r.breaches = f.breaches;
  r.escalations = f.escalations;
  r.answer_days = f.working_days_to_answer.value_or(0);
  r.outcome = f.outcome ? static_cast<std::uint8_t>(*f.outcome) : 0;
  r.exemption = exemption;
  return r;
}

template <class T>
std::optional<T> when(bool present, T value) {
  return present ? std::optional<T>(value) : std::nullopt;
}

d::Instant instant_of(std::int64_t ms) { return d::Instant{std::chrono::milliseconds{ms}}; }

}  // namespace

FactBucketKey bucket_key_of(const CaseFact& f, std::uint32_t part) {
  return {f.received_day, f.channel, f.office, f.service, f.unit, part};
}

std::uint32_t bucket_part(std::string_view case_id) {
  const auto id = d::parse_case_id(case_id);
  return id ? id->number / cases_per_part : 0;
}

bool fact_order(const CaseFact& a, const CaseFact& b) {
  const auto fields = [](const CaseFact& f) {
    return std::tie(f.received, f.received_day, f.channel, f.service, f.office, f.unit, f.information_request,
                    f.resolved_at, f.first_response_working_ms, f.first_response_calendar_ms, f.resolution_working_ms,
                    f.resolution_calendar_ms, f.first_response_within_limit, f.resolution_within_limit, f.breaches,
                    f.escalations, f.outcome, f.exemption, f.extended, f.objected, f.working_days_to_answer);
  };
  return fields(a) < fields(b);
}

FactBucket bucket_of(FactBucketKey key, std::span<const CaseFact> facts) {
  FactBucket bucket;
  bucket.key = std::move(key);
  bucket.records.reserve(facts.size());
  for (const CaseFact& f : facts) {
    std::uint32_t exemption = 0;
    if (!f.exemption.empty()) {
      auto it = std::find(bucket.exemptions.begin(), bucket.exemptions.end(), f.exemption);
      if (it == bucket.exemptions.end()) it = bucket.exemptions.insert(it, f.exemption);
      exemption = static_cast<std::uint32_t>(it - bucket.exemptions.begin()) + 1;
    }
    bucket.records.push_back(record_of(f, exemption));
  }
  return bucket;
}

std::vector<CaseFact> facts_of(const FactBucket& bucket) {
  namespace ff = fact_flags;
  std::vector<CaseFact> facts;
  facts.reserve(bucket.records.size());
  for (const FactRecord& r : bucket.records) {
    CaseFact& f = facts.emplace_back();
    const auto has = [&](std::uint16_t bit) { return (r.flags & bit) != 0; };
    f.received = instant_of(r.received_ms);
    f.received_day = bucket.key.day;
    f.channel = bucket.key.channel;
    f.service = bucket.key.service;
    f.office = bucket.key.office;
    f.unit = bucket.key.unit;
    f.information_request = has(ff::information_request);
    f.extended = has(ff::extended);
    f.objected = has(ff::objected);
    if (has(ff::resolved)) f.resolved_at = instant_of(r.resolved_ms);
    f.first_response_working_ms = when(has(ff::first_response_working), r.first_response_working_ms);
    f.first_response_calendar_ms = when(has(ff::first_response_calendar), r.first_response_calendar_ms);
    f.resolution_working_ms = when(has(ff::resolution_working), r.resolution_working_ms);
    f.resolution_calendar_ms = when(has(ff::resolution_calendar), r.resolution_calendar_ms);
    f.first_response_within_limit = when(has(ff::first_response_limit_known), has(ff::first_response_within));
    f.resolution_within_limit = when(has(ff::resolution_limit_known), has(ff::resolution_within));
    f.breaches = r.breaches;
    f.escalations = r.escalations;
    if (has(ff::outcome)) f.outcome = static_cast<d::Outcome>(r.outcome);
    if (r.exemption > 0) f.exemption = bucket.exemptions[r.exemption - 1];
    f.working_days_to_answer = when(has(ff::answer_days), r.answer_days);
  }
  return facts;
}

std::string day_key(sys_days day) {
  std::string out;
  events::ByteWriter w(out);
  w.u32(static_cast<std::uint32_t>(static_cast<std::uint64_t>(day.time_since_epoch().count()) + day_bias));
  return out;
}

std::string encode_bucket_key(const FactBucketKey& key) {
  std::string out = day_key(key.day);
  events::ByteWriter w(out);
  w.u8(static_cast<std::uint8_t>(key.channel));
  w.str(key.office);
  w.str(key.service);
  w.str(key.unit);
  w.u32(key.part);
  return out;
}

std::optional<sys_days> bucket_key_day(std::string_view bytes) {
  events::ByteReader r(bytes);
  std::uint32_t day = 0;
  if (!r.u32(day)) return std::nullopt;
  return sys_days{std::chrono::days{static_cast<std::int64_t>(day) - static_cast<std::int64_t>(day_bias)}};
}

Result<FactBucketKey> decode_bucket_key(std::string_view bytes) {
  FactBucketKey key;
  events::ByteReader r(bytes);
  std::uint32_t day = 0;
  std::uint8_t channel = 0;
  if (!(r.u32(day) && r.u8(channel) && channel <= static_cast<std::uint8_t>(d::Channel::lapor) && r.str(key.office) &&
        r.str(key.service) && r.str(key.unit) && r.u32(key.part) && r.remaining() == 0))
    return fail(Errc::storage_failed, "a response-time bucket key is damaged; run `tanggap rebuild`");
  key.day = *bucket_key_day(bytes);
  key.channel = static_cast<d::Channel>(channel);
  return key;
}

std::string encode_bucket(const FactBucket& bucket) {
  const std::size_t n = bucket.records.size();
  std::string out;
  out.reserve(16 + n * 28);
  events::ByteWriter w(out);
  w.u8(bucket_format);
  w.u32(static_cast<std::uint32_t>(n));
  w.u32(static_cast<std::uint32_t>(bucket.exemptions.size()));
  for (const std::string& e : bucket.exemptions) w.str(e);
  for (const FactRecord& r : bucket.records) {
    out.push_back(static_cast<char>(r.flags >> 8));
    out.push_back(static_cast<char>(r.flags & 0xff));
  }
  const std::uint64_t base = received_base(bucket.key.day);
  std::vector<std::uint64_t> values(n);
  const auto column = [&](auto value_of) {
    for (std::size_t i = 0; i < n; ++i) values[i] = value_of(bucket.records[i]);
    write_column(out, values);
  };
  const auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
  column([&](const FactRecord& r) { return u(r.received_ms) - base; });
  column([&](const FactRecord& r) {
    return (r.flags & fact_flags::resolved) ? u(r.resolved_ms) - u(r.received_ms) : 0;
  });
  column([&](const FactRecord& r) { return u(r.first_response_working_ms); });
  column([&](const FactRecord& r) { return u(r.first_response_calendar_ms); });
  column([&](const FactRecord& r) { return u(r.resolution_working_ms); });
  column([&](const FactRecord& r) { return u(r.resolution_calendar_ms); });
  column([](const FactRecord& r) { return std::uint64_t{r.breaches}; });
  column([](const FactRecord& r) { return std::uint64_t{r.escalations}; });
  column([](const FactRecord& r) { return std::uint64_t{r.answer_days}; });
  column([](const FactRecord& r) { return std::uint64_t{r.outcome}; });
  column([](const FactRecord& r) { return std::uint64_t{r.exemption}; });
  return out;
}

Result<void> decode_bucket(std::string_view bytes, FactBucket& into) {
  const auto damaged = [] {
    return fail(Errc::storage_failed, "a response-time bucket is damaged; run `tanggap rebuild`");
  };
  events::ByteReader r(bytes);
  std::uint8_t format = 0;
  std::uint32_t count = 0, exemption_count = 0;
  if (!(r.u8(format) && format == bucket_format && r.u32(count) && r.u32(exemption_count))) return damaged();
  into.exemptions.clear();
  for (std::uint32_t i = 0; i < exemption_count; ++i)  // each read fails at the end of the bytes
    if (!r.str(into.exemptions.emplace_back())) return damaged();
  std::string_view rest = bytes.substr(bytes.size() - r.remaining());
  if (count > rest.size() / 2) return damaged();  // the flags alone take two bytes a fact
  into.records.assign(count, FactRecord{});
  for (FactRecord& record : into.records) {
    const auto* p = reinterpret_cast<const unsigned char*>(rest.data());
    record.flags = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
    rest.remove_prefix(2);
    if (record.flags & ~fact_flags::all) return damaged();
  }
  const std::uint64_t base = received_base(into.key.day);
  const auto column = [&](auto store) {
    return read_column(rest, count, [&](std::size_t i, std::uint64_t v) { return store(into.records[i], v); });
  };
  const auto i64 = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
  // Each store takes a value into its field and says whether it may be there.
  const auto signed_ms = [&](std::int64_t FactRecord::*field) {
    return [field, &i64](FactRecord& f, std::uint64_t v) {
      f.*field = i64(v);
      return true;
    };
  };
  const auto counter = [](std::uint32_t FactRecord::*field) {
    return [field](FactRecord& f, std::uint64_t v) {
      f.*field = static_cast<std::uint32_t>(v);
      return v <= std::numeric_limits<std::uint32_t>::max();
    };
  };
  const std::size_t exemptions = into.exemptions.size();
  const bool ok = column([&](FactRecord& f, std::uint64_t v) {
                    f.received_ms = i64(v + base);
                    return true;
                  }) &&
                  column([&](FactRecord& f, std::uint64_t v) {
                    const bool resolved = (f.flags & fact_flags::resolved) != 0;
                    f.resolved_ms = resolved ? i64(v + static_cast<std::uint64_t>(f.received_ms)) : 0;
                    return true;
                  }) &&
                  column(signed_ms(&FactRecord::first_response_working_ms)) &&
                  column(signed_ms(&FactRecord::first_response_calendar_ms)) &&
                  column(signed_ms(&FactRecord::resolution_working_ms)) &&
                  column(signed_ms(&FactRecord::resolution_calendar_ms)) &&
                  column(counter(&FactRecord::breaches)) && column(counter(&FactRecord::escalations)) &&
                  column(counter(&FactRecord::answer_days)) &&
                  column([](FactRecord& f, std::uint64_t v) {
                    f.outcome = static_cast<std::uint8_t>(v);
                    return v <= static_cast<std::uint8_t>(d::Outcome::rejected);
                  }) &&
                  column([exemptions](FactRecord& f, std::uint64_t v) {
                    f.exemption = static_cast<std::uint32_t>(v);
                    return v <= exemptions;
                  });
  if (!ok || !rest.empty()) return damaged();
  return {};
}

}  // namespace tanggap::projections
