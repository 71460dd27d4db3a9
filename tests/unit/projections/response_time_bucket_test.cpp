// The response-time bucket (projections/response_time_bucket.h): facts survive
// the round trip exactly, keys sort by day, and damaged bytes are an error,
// never a crash or a huge allocation.
#include "events/domain/time.h"
#include "projections/response_time_bucket.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

using namespace tanggap;
using namespace tanggap::domain;
using namespace tanggap::projections;
using std::chrono::sys_days;

namespace {

constexpr std::int64_t hour = 3'600'000;

Instant at(std::string_view text) {
  auto t = parse_instant(text);
  REQUIRE(t);
  return *t;
}

CaseFact received(std::string_view when) {
  CaseFact f;
  f.received = at(when);
  f.received_day = std::chrono::floor<std::chrono::days>(f.received + std::chrono::hours(7));
  f.channel = Channel::lapor;
  f.service = "permohonan-informasi";
  f.office = "kab-pasuruan";
  f.unit = "ppid";
  return f;
}

// Three facts of one bucket: open, resolved within its limits, and an
// information request refused on a ground after a long wait.
std::vector<CaseFact> three_facts() {
  std::vector<CaseFact> facts;
  facts.push_back(received("2030-03-04T09:00:00+07:00"));
  CaseFact resolved = received("2030-03-04T10:00:00+07:00");
  resolved.first_response_working_ms = hour / 2;
  resolved.first_response_calendar_ms = hour / 2;
  resolved.first_response_within_limit = true;
  resolved.resolution_working_ms = 7 * hour;
  resolved.resolution_calendar_ms = 26 * hour;
  resolved.resolution_within_limit = true;
  resolved.resolved_at = resolved.received + std::chrono::hours(26);
  facts.push_back(resolved);
  CaseFact refused = received("2030-03-04T23:59:59+07:00");
  refused.information_request = true;
  refused.extended = true;
  refused.objected = true;
  refused.resolution_calendar_ms = 90 * 24 * hour;  // past 2^32 ms: a wide column
  refused.resolution_within_limit = false;
  refused.resolved_at = refused.received + std::chrono::hours(90 * 24);
  refused.outcome = Outcome::rejected;
  refused.exemption = "Pasal 17 huruf h";
  refused.working_days_to_answer = 61;
  refused.breaches = 2;
  refused.escalations = 300;
  facts.push_back(refused);
  std::sort(facts.begin(), facts.end(), fact_order);
  return facts;
}

}  // namespace

TEST_CASE("a bucket's facts survive its codec exactly", "[projections][report]") {
  const auto facts = three_facts();
  const FactBucket bucket = bucket_of(bucket_key_of(facts[0]), facts);
  const std::string bytes = encode_bucket(bucket);
  FactBucket back;
  back.key = bucket.key;
  REQUIRE(decode_bucket(bytes, back));
  CHECK(facts_of(back) == facts);
  CHECK(encode_bucket(back) == bytes);

  const std::string key = encode_bucket_key(bucket.key);
  auto key_back = decode_bucket_key(key);
  REQUIRE(key_back);
  CHECK(encode_bucket_key(*key_back) == key);
  CHECK(key_back->unit == "ppid");
  CHECK(key_back->channel == Channel::lapor);

  SECTION("an empty bucket and instants far from now round-trip too") {
    CaseFact odd = received("2030-03-04T09:00:00+07:00");
    odd.received = Instant{std::chrono::milliseconds{std::numeric_limits<std::int64_t>::min() + 1}};
    odd.resolved_at = Instant{std::chrono::milliseconds{std::numeric_limits<std::int64_t>::max()}};
    odd.first_response_working_ms = -1;
    const std::vector<CaseFact> one{odd};
    FactBucket round;
    round.key = bucket_key_of(odd);
    REQUIRE(decode_bucket(encode_bucket(bucket_of(round.key, one)), round));
    CHECK(facts_of(round) == one);
    REQUIRE(decode_bucket(encode_bucket(bucket_of(round.key, {})), round));
    CHECK(round.records.empty());
  }
}

TEST_CASE("bucket keys sort by day, before and after 1970", "[projections][report]") {
  FactBucketKey a{sys_days{std::chrono::days{-3}}, Channel::web, "z", "z", "z"};
  FactBucketKey b{sys_days{std::chrono::days{2}}, Channel::web, "a", "a", ""};
  FactBucketKey c{sys_days{std::chrono::days{20'000}}, Channel::web, "a", "a", ""};
  CHECK(encode_bucket_key(a) < encode_bucket_key(b));
  CHECK(encode_bucket_key(b) < encode_bucket_key(c));
  CHECK(encode_bucket_key(b) < day_key(c.day));
  CHECK(day_key(c.day) < encode_bucket_key(c));
  CHECK(bucket_key_day(encode_bucket_key(a)) == a.day);
  CHECK(decode_bucket_key(encode_bucket_key(a))->day == a.day);
  CHECK_FALSE(bucket_key_day("abc"));
}

TEST_CASE("a bucket key keeps its part, from the case number", "[projections][report]") {
  CHECK(bucket_part("ADU-2026-000001") == 0);
  CHECK(bucket_part("ADU-2026-004095") == 0);
  CHECK(bucket_part("ADU-2026-004096") == 1);
  CHECK(bucket_part("ADU-2026-040960") == 10);
  CHECK(bucket_part("INF-2030-999999") == 999'999 / cases_per_part);
  CHECK(bucket_part("not a case") == 0);
  CHECK(bucket_part("") == 0);
  FactBucketKey k{sys_days{std::chrono::days{20'000}}, Channel::whatsapp, "kab-lumajang", "pengaduan", "", 7};
  auto back = decode_bucket_key(encode_bucket_key(k));
  REQUIRE(back);
  CHECK(back->part == 7);
  CHECK(back->service == "pengaduan");
  k.part = 8;
  CHECK(encode_bucket_key(k) > encode_bucket_key(*back));  // parts of one bucket sit side by side, in order
}

TEST_CASE("a damaged bucket or key is refused, never misread", "[projections][report]") {
  const auto facts = three_facts();
  const FactBucket bucket = bucket_of(bucket_key_of(facts[0]), facts);
  const std::string bytes = encode_bucket(bucket);
  FactBucket into;
  into.key = bucket.key;
  // Every truncation is an error; every single-byte change an error or some bucket.
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto cut = decode_bucket(std::string_view(bytes).substr(0, n), into);
    REQUIRE_FALSE(cut);
    CHECK(cut.error().code == Errc::storage_failed);
  }
  for (std::size_t i = 0; i < bytes.size(); ++i)
    for (int v : {0x00, 0x01, 0x7f, 0xff}) {
      std::string changed = bytes;
      changed[i] = static_cast<char>(v);
      auto r = decode_bucket(changed, into);
      if (!r) CHECK(r.error().code == Errc::storage_failed);
    }
  CHECK_FALSE(decode_bucket(bytes + "x", into));
  // A count of four billion facts in a few bytes: refused before any room is made for them.
  const std::string huge("\x01\xff\xff\xff\xff\x00\x00\x00\x00", 9);
  CHECK_FALSE(decode_bucket(huge + std::string(11, '\0'), into));

  const std::string key = encode_bucket_key(bucket.key);
  for (std::size_t n = 0; n < key.size(); ++n) CHECK_FALSE(decode_bucket_key(std::string_view(key).substr(0, n)));
  std::string bad_channel = key;
  bad_channel[4] = static_cast<char>(0x7f);
  CHECK_FALSE(decode_bucket_key(bad_channel));
  CHECK_FALSE(decode_bucket_key(key + "x"));
}
