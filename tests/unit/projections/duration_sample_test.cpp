// Exact nearest-rank statistics through the histogram (projections/duration_sample.h),
// checked against sorting: whatever the spread of the values, the answer is the value
// a sort would give, for one sample and for the union of several.
#include "projections/duration_sample.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

using tanggap::projections::DurationSample;
using tanggap::projections::DurationSummary;
using tanggap::projections::summarize;

namespace {

// The reference: sort, then the value at rank ceil(p/100 * n).
DurationSummary by_sorting(std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  const auto at = [&](std::size_t percent) { return values[(values.size() * percent + 99) / 100 - 1]; };
  return {values.size(), at(50), at(90), values.back()};
}

void check_same(const DurationSummary& got, const DurationSummary& want) {
  CHECK(got.count == want.count);
  CHECK(got.median_ms == want.median_ms);
  CHECK(got.p90_ms == want.p90_ms);
  CHECK(got.max_ms == want.max_ms);
}

}  // namespace

TEST_CASE("the median and p90 of a sample are the values sorting gives", "[projections][report]") {
  const auto seed = GENERATE(take(20, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  const std::size_t n = 1 + rng() % 5000;
  // Spreads that put many values in one bin, values at the bin edges, and the extremes.
  const int spread = static_cast<int>(rng() % 4);
  std::vector<std::int64_t> values;
  DurationSample sample;
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t v = 0;
    switch (spread) {
      case 0: v = static_cast<std::int64_t>(rng() % (3'600'000ull * 480)); break;  // up to 20 days in ms
      case 1: v = static_cast<std::int64_t>(rng() % 3); break;                   // a few values, many times
      case 2: v = std::int64_t{1} << (rng() % 63); break;                        // powers of two: bin edges
      default: v = static_cast<std::int64_t>(rng());                             // negatives and the extremes too
    }
    values.push_back(v);
    sample.add(v);
  }
  const DurationSample* parts[] = {&sample};
  check_same(summarize(parts), by_sorting(values));
}

TEST_CASE("the statistics of a union of samples are those of all their values", "[projections][report]") {
  std::mt19937_64 rng(7);
  std::vector<DurationSample> samples(5);
  std::vector<std::int64_t> all;
  for (std::size_t s = 0; s < samples.size(); ++s) {
    if (s == 2) continue;  // an empty part counts for nothing
    for (int i = 0; i < 1000 * static_cast<int>(s + 1); ++i) {
      const auto v = static_cast<std::int64_t>(rng() % (1'000'000 * (s + 1)));
      samples[s].add(v);
      all.push_back(v);
    }
  }
  std::vector<const DurationSample*> parts;
  for (const auto& s : samples) parts.push_back(&s);
  check_same(summarize(parts), by_sorting(all));
  // Asking again gives the same: summarize leaves the parts as they were.
  check_same(summarize(parts), by_sorting(all));
}

TEST_CASE("an empty sample has a count of 0 and one value is its own median", "[projections][report]") {
  DurationSample empty;
  const DurationSample* none[] = {&empty};
  CHECK(summarize(none).count == 0);
  DurationSample one;
  one.add(std::numeric_limits<std::int64_t>::min());
  const DurationSample* just_one[] = {&one};
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  check_same(summarize(just_one), {1, lowest, lowest, lowest});
}
