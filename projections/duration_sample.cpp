// Bins: every negative value in bin 0 (a duration is never negative, but a
// value is only counted, never trusted); 0..63 one bin each; above that 32
// bins per power of two, by the five bits after the leading one. The mapping
// is monotonic, so the k-th value of the union lies in the first bin whose
// running count passes k, at rank k minus the count of the bins before it.
#include "projections/duration_sample.h"

#include <algorithm>
#include <bit>

namespace tanggap::projections {
namespace {

constexpr std::size_t bin_count = 1 + 64 + 32 * 58;

std::size_t bin_of(std::int64_t v) {
  if (v < 0) return 0;
  const auto u = static_cast<std::uint64_t>(v);
  if (u < 64) return 1 + u;
  const auto shift = static_cast<std::size_t>(std::bit_width(u)) - 6;  // 1..57: 64 <= u < 2^63
  return 1 + 32 * shift + static_cast<std::size_t>(u >> shift);        // u >> shift is 32..63
}

// Nearest rank: the value at rank ceil(p/100 * n), 1-based; as an index.
std::uint64_t rank_index(std::uint64_t n, std::uint64_t percent) { return (n * percent + 99) / 100 - 1; }

struct Target {
  std::size_t bin = 0;
  std::uint64_t rank_in_bin = 0;
};

Target locate(const std::vector<std::uint64_t>& bins, std::uint64_t rank) {
  std::uint64_t before = 0;
  for (std::size_t b = 0; b < bins.size(); ++b) {
    if (rank < before + bins[b]) return {b, rank - before};
    before += bins[b];
  }
  return {};  // unreachable while rank < the sum of the bins: the caller's invariant
}

}  // namespace

void DurationSample::add(std::int64_t ms) {
  if (bins_.empty()) {
    bins_.assign(bin_count, 0);
    max_ = ms;
  }
  values_.push_back(ms);
  ++bins_[bin_of(ms)];
  max_ = std::max(max_, ms);
}

DurationSummary summarize(std::span<const DurationSample* const> parts) {
  DurationSummary s;
  std::vector<std::uint64_t> bins(bin_count, 0);
  bool any = false;
  for (const DurationSample* part : parts) {
    if (part->values_.empty()) continue;
    s.count += part->values_.size();
    for (std::size_t b = 0; b < bin_count; ++b) bins[b] += part->bins_[b];
    s.max_ms = any ? std::max(s.max_ms, part->max_) : part->max_;
    any = true;
  }
  if (s.count == 0) return s;
  const Target median = locate(bins, rank_index(s.count, 50));
  const Target p90 = locate(bins, rank_index(s.count, 90));
  // Only the values of the two bins are copied and selected.
  std::vector<std::int64_t> in_median, in_p90;
  in_median.reserve(bins[median.bin]);
  if (p90.bin != median.bin) in_p90.reserve(bins[p90.bin]);
  for (const DurationSample* part : parts)
    for (std::int64_t v : part->values_) {
      const std::size_t b = bin_of(v);
      if (b == median.bin) in_median.push_back(v);
      else if (b == p90.bin) in_p90.push_back(v);
    }
  const auto at = [](std::vector<std::int64_t>& values, std::uint64_t rank) {
    const auto it = values.begin() + static_cast<std::ptrdiff_t>(rank);
    std::nth_element(values.begin(), it, values.end());
    return *it;
  };
  s.median_ms = at(in_median, median.rank_in_bin);
  s.p90_ms = p90.bin == median.bin ? at(in_median, p90.rank_in_bin) : at(in_p90, p90.rank_in_bin);
  return s;
}

}  // namespace tanggap::projections
