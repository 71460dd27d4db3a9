// projections/duration_sample.h — a multiset of durations (ms) that answers
// the exact nearest-rank median and p90 of itself, or of the union of several
// samples, in linear time.
// Why not nth_element alone: a year's report picks the median and the p90 of
// four clocks over a million cases, once per group and again for the total;
// on a shared two-core office server nth_element over a million values costs
// ~15 ms each, most of the report's budget. So each value is also counted in
// a fixed histogram of ~1,900 log-spaced bins as it is added; the histogram
// (summed over the parts) says which bin holds the wanted rank, and only the
// values of that bin are selected exactly. The bins only choose where to
// look: the answer is always one of the values added, never a bin's edge.
// Value type; not thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace tanggap::projections {

// The nearest-rank statistics of a sample; the values are meaningful only
// when count > 0.
struct DurationSummary {
  std::uint64_t count = 0;
  std::int64_t median_ms = 0;
  std::int64_t p90_ms = 0;
  std::int64_t max_ms = 0;
};

class DurationSample {
 public:
  void add(std::int64_t ms);
  std::uint64_t size() const noexcept { return values_.size(); }

 private:
  friend DurationSummary summarize(std::span<const DurationSample* const> parts);
  std::vector<std::int64_t> values_;
  std::vector<std::uint64_t> bins_;  // sized at the first add: an empty group costs nothing
  std::int64_t max_ = 0;
};

// Median (rank ceil(n/2)), p90 (rank ceil(0.9 n)) and max of the union of
// `parts`. Linear in the values; the parts are not changed.
DurationSummary summarize(std::span<const DurationSample* const> parts);

}  // namespace tanggap::projections
