// projections/response_time_bucket.h — the response-time view's unit of
// storage: the facts (response_time_fact.h) of every case received on one
// local date at one office, for one service, in one unit, through one
// channel. Why buckets and not a row per case: a year's report reads a
// million facts, and RocksDB costs far more per row than per byte; a day has
// about a hundred buckets of a few dozen cases, so the year is ~40,000 rows.
// Why these five in the key: a report groups by channel, service, unit or
// month and ages the backlog by the office's calendar, so every case of a
// bucket counts in the same group with the same calendar, and the names are
// read once per bucket, not per case (no dictionary of ids to keep in step).
// Inside, the facts are columns of fixed-width numbers (grammar atop
// response_time_bucket.cpp), each column as narrow as its largest value, so
// a fact costs ~25 bytes and decodes without allocating.
// Pure value types and codecs; a damaged row is an error, never a crash.
#pragma once

#include "events/domain/error.h"
#include "projections/response_time_fact.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::projections {

struct FactBucketKey {
  std::chrono::sys_days day;  // the office's local date of receipt
  domain::Channel channel = domain::Channel::web;
  std::string office;
  std::string service;
  std::string unit;  // "" before the first assignment
  // Which slice of the five above: the case number / cases_per_part. Keeps
  // a bucket under ~4,000 facts on a day of tens of thousands of cases (a disaster,
  // a load test), where one growing row rewritten with every batch would
  // cost more with every case. A normal day's cases have nearby numbers, so
  // nearly always one part. Reports ignore it.
  std::uint32_t part = 0;
};

inline constexpr std::uint32_t cases_per_part = 4096;
// The part of a case id's bucket: its number / cases_per_part (0 for an id
// that is not one).
std::uint32_t bucket_part(std::string_view case_id);

// What a fact says besides its bucket key, in numbers.
namespace fact_flags {
inline constexpr std::uint16_t information_request = 1u << 0;
inline constexpr std::uint16_t extended = 1u << 1;
inline constexpr std::uint16_t objected = 1u << 2;
inline constexpr std::uint16_t resolved = 1u << 3;
inline constexpr std::uint16_t first_response_working = 1u << 4;
inline constexpr std::uint16_t first_response_calendar = 1u << 5;
inline constexpr std::uint16_t resolution_working = 1u << 6;
inline constexpr std::uint16_t resolution_calendar = 1u << 7;
inline constexpr std::uint16_t first_response_limit_known = 1u << 8;
inline constexpr std::uint16_t first_response_within = 1u << 9;
inline constexpr std::uint16_t resolution_limit_known = 1u << 10;
inline constexpr std::uint16_t resolution_within = 1u << 11;
inline constexpr std::uint16_t outcome = 1u << 12;
inline constexpr std::uint16_t answer_days = 1u << 13;
inline constexpr std::uint16_t all = (1u << 14) - 1;
}  // namespace fact_flags

// One case's fact without its key; a field whose flag is off holds 0.
struct FactRecord {
  std::int64_t received_ms = 0;  // since the epoch
  std::int64_t resolved_ms = 0;
  std::int64_t first_response_working_ms = 0;
  std::int64_t first_response_calendar_ms = 0;
  std::int64_t resolution_working_ms = 0;
  std::int64_t resolution_calendar_ms = 0;
  std::uint32_t breaches = 0;
  std::uint32_t escalations = 0;
  std::uint32_t answer_days = 0;
  std::uint32_t exemption = 0;  // 0: none; else the bucket's exemptions[exemption - 1]
  std::uint16_t flags = 0;
  std::uint8_t outcome = 0;  // a domain::Outcome
};

struct FactBucket {
  FactBucketKey key;
  std::vector<FactRecord> records;
  std::vector<std::string> exemptions;  // distinct, non-empty
};

FactBucketKey bucket_key_of(const CaseFact& fact, std::uint32_t part = 0);
// The facts of one key, in the canonical order of fact_order, into a bucket.
FactBucket bucket_of(FactBucketKey key, std::span<const CaseFact> facts);
std::vector<CaseFact> facts_of(const FactBucket& bucket);
// A total order on facts, so a bucket's bytes depend only on its facts and a
// rebuilt view equals the live one byte for byte.
bool fact_order(const CaseFact& a, const CaseFact& b);

// The key's bytes after the view's prefix; they sort by day first, so a
// period is one range scan. `day_key` is the shortest prefix of a day's keys.
std::string encode_bucket_key(const FactBucketKey& key);
std::string day_key(std::chrono::sys_days day);
Result<FactBucketKey> decode_bucket_key(std::string_view bytes);
// The day of an encoded key, from its first bytes; empty when too short.
std::optional<std::chrono::sys_days> bucket_key_day(std::string_view bytes);

std::string encode_bucket(const FactBucket& bucket);
// Fills `into`'s records and exemptions (its key is left alone), reusing
// their storage: the report decodes every bucket into one FactBucket.
Result<void> decode_bucket(std::string_view bytes, FactBucket& into);

}  // namespace tanggap::projections
