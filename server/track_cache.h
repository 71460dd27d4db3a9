// server/track_cache.h — rendered public views, by case id and version.
// Tracking is the most frequent request (a citizen re-checks, a bot polls):
// the case status row (one point read) gives the tracking code hash and the
// stream's head (another) the version, and a view rendered for that version
// is served again without reading and folding the stream. Keyed by the
// stream's version (not the row's, which may lag), so an entry is never
// stale; bounded, least recently used out. Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tanggap::server {

class TrackCache {
 public:
  explicit TrackCache(std::size_t capacity) : capacity_(capacity) {}
  std::optional<std::string> get(const std::string& case_id, std::uint64_t version);
  void put(const std::string& case_id, std::uint64_t version, std::string body);

 private:
  struct Entry {
    std::uint64_t version;
    std::string body;
    std::list<std::string>::iterator order;
  };
  std::size_t capacity_;
  std::mutex mutex_;
  std::list<std::string> order_;  // most recent first
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace tanggap::server
