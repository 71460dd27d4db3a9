// events/event_store_impl.h — private to events/: the state behind EventStore.
// Split from event_store.cpp so the writer loop (event_writer.cpp) and the
// readers (event_store.cpp) are each one screenful of concern.
#pragma once

#include "events/event_store.h"
#include "events/log_format.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace tanggap::events {

enum Cf : std::size_t {
  cf_views = 0,  // RocksDB's default column family: a ViewBatch fills a WriteBatch without handles
  cf_log,
  cf_stream_heads,
  cf_stream_events,
  cf_event_ids,
  cf_counters,
  cf_checkpoints,
  cf_count,
};
inline constexpr const char* cf_names[cf_count] = {
    "default", "log", "stream_heads", "stream_events", "event_ids", "counters", "checkpoints"};

struct PendingAppend {
  AppendRequest request;
  std::function<void(Result<Appended>)> done;
};

// A group written to the WAL and waiting for the fsync that makes it durable;
// its callers are answered only after that (STYLE.md: answer after fsync).
struct SyncJob {
  std::deque<PendingAppend> group;
  std::vector<Result<Appended>> results;
  Position last_position = 0;   // the head after this group
  std::size_t events = 0;       // written by this group
};

struct EventStore::Impl {
  Options options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;

  // Written only by the writer thread (or by open() before it starts).
  Position head_position = 0;
  Digest head_hash{};
  std::atomic<Position> published_head{0};
  std::atomic<bool> poisoned{false};

  std::mutex queue_mutex;
  std::condition_variable queue_cv;
  std::deque<PendingAppend> queue;
  bool stopping = false;
  std::thread writer;

  // The syncer: fsyncs the WAL while the writer already writes the next
  // group, so one fsync covers every group written meanwhile.
  std::mutex sync_mutex;
  std::condition_variable sync_cv;
  std::deque<SyncJob> sync_queue;
  bool sync_stopping = false;
  std::thread syncer;
  Position synced_position = 0;  // syncer thread only

  // Held while subscribers are called, so that after unsubscribe returns no
  // call is running any more; subscribers only wake their own thread.
  std::mutex subscribers_mutex;
  std::map<std::uint64_t, std::function<void(Position)>> subscribers;
  std::uint64_t next_subscriber = 1;

  rocksdb::ColumnFamilyHandle* cf(Cf c) const { return handles[c]; }
  domain::Instant now() const;
  void writer_loop();
  void commit_group(std::deque<PendingAppend>& group);
  void syncer_loop();
  void finish(SyncJob& job, bool durable);
  void notify(Position head);
  // Point reads for the writer and the readers.
  Result<std::optional<std::string>> get(Cf c, std::string_view key) const;
  Result<RecordedEvent> read_position(Position position) const;
};

Error storage_error(std::string_view what, const rocksdb::Status& status);

}  // namespace tanggap::events
