// events/event_store.h — the event log: one RocksDB, one writer thread.
//
// One writer because positions must be gap-free and the hash chain sequential,
// and because a group of appends sharing one fsync costs little more than one
// append (group commit, after RocksDB's write thread): callers enqueue, the
// writer takes everything queued, checks each request against the streams as
// of the requests before it in the same group, writes ONE WriteBatch (events,
// stream index, event ids, counters, stream heads), and hands it to a syncer
// thread that fsyncs the WAL while the writer already writes the next group;
// each caller is answered only after the fsync that covers its group. If a write fails every later append is refused
// with storage_failed until restart: after a failed fsync nobody knows what
// is on disk (LevelDB's rule).
//
// The interface is narrow on purpose — append, read a stream, read the log
// from a position, be told when the head moves, plus a small key-value area
// for projections — so that a NATS JetStream backend can stand behind it.
// No RocksDB type crosses this header.
//
// Thread safety: every member may be called from any thread.
#pragma once

#include "events/domain/error.h"
#include "events/event.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::events {

enum class Durability : std::uint8_t {
  sync,   // answer after fsync (the default: nothing acknowledged is lost)
  async,  // answer after the write reaches the OS; a power cut may lose the tail
};

struct Options {
  std::string path;  // the store's directory; created when missing
  Durability durability = Durability::sync;
  bool create_if_missing = true;
  bool read_only = false;  // tools that only read (verify, reports) while a server runs elsewhere
  // The time stamped on recorded events; the server's (test) clock.
  std::function<domain::Instant()> clock;
  std::size_t max_group_events = 8192;  // cap on one group commit
  // Called on the writer thread after each durable group with the number of
  // events it held (for metrics). Must be quick and must not call the store.
  std::function<void(std::size_t events)> on_group_commit;
};

// Optimistic concurrency, per stream (EventStoreDB's expected revision).
struct Expected {
  enum class Kind : std::uint8_t { any, no_stream, exact };
  Kind kind = Kind::any;
  Version version = 0;  // for exact: the stream's last version
  static Expected any() { return {Kind::any, 0}; }
  static Expected no_stream() { return {Kind::no_stream, 0}; }
  static Expected exact(Version v) { return {Kind::exact, v}; }
};

struct AppendRequest;
// Runs on the writer thread with the next number of `sequence_key`, before the
// version check: fills in what depends on the number (the stream name and the
// events of a new case). The number is consumed only if the request commits,
// in the same WriteBatch as its events, so ids never repeat and never skip.
// Must be quick and pure: no I/O, no locks.
using BindSequence = std::function<Result<void>(std::uint64_t number, AppendRequest& request)>;

struct AppendRequest {
  std::string stream;  // "case-ADU-2026-000042"
  Expected expected;
  std::vector<NewEvent> events;
  std::string sequence_key;  // "case-id/ADU/2026"; empty: no number needed
  BindSequence bind_sequence;
};

struct Appended {
  Position first_position = 0;
  Position last_position = 0;
  Version version = 0;     // the stream's version after the append
  bool repeated = false;   // every event id was already stored: nothing new was written
  std::string stream;      // as committed (bind_sequence may have set it)
};

struct StreamSlice {
  std::vector<RecordedEvent> events;  // in version order
};

// A set of view writes and checkpoint moves committed atomically (no fsync:
// after a crash a projection resumes from the checkpoint stored beside its rows).
class ViewBatch {
 public:
  ViewBatch();
  ~ViewBatch();
  ViewBatch(ViewBatch&&) noexcept;
  ViewBatch& operator=(ViewBatch&&) noexcept;
  void put(std::string_view key, std::string_view value);
  void erase(std::string_view key);
  void erase_prefix(std::string_view prefix);  // every key starting with prefix
  void set_checkpoint(std::string_view projection, Position position);
  void erase_checkpoint(std::string_view projection);
  std::size_t count() const;
  // Marks where the writes so far end, to undo what follows: the projection
  // runner puts every projection's rows of a round in one batch, and one that
  // fails must take only its own partial rows back out.
  void set_save_point();
  void roll_back_to_save_point();  // to the newest mark, which it removes
  void drop_save_point();          // keeps the writes, removes the newest mark

 private:
  friend class EventStore;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Unsubscribes when destroyed.
class Subscription {
 public:
  Subscription() = default;
  explicit Subscription(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
  ~Subscription() { reset(); }
  Subscription(Subscription&& o) noexcept : cancel_(std::move(o.cancel_)) { o.cancel_ = nullptr; }
  Subscription& operator=(Subscription&& o) noexcept {
    reset();
    cancel_ = std::move(o.cancel_);
    o.cancel_ = nullptr;
    return *this;
  }
  void reset() {
    if (cancel_) cancel_();
    cancel_ = nullptr;
  }

 private:
  std::function<void()> cancel_;
};

// One backup of the store in a RocksDB backup directory (see backup_to).
struct StoreBackup {
  std::uint32_t id = 0;          // 1, 2, 3, … within its directory
  std::int64_t taken_at = 0;     // Unix seconds
  std::uint64_t bytes = 0;       // the whole backup, files shared with earlier ones included
  std::uint32_t files = 0;
  std::uint32_t kept = 0;        // backups in the directory after old ones were purged
  std::string note;              // what the caller stored with it
};

struct VerifyReport {
  Position head = 0;
  Position events_checked = 0;
  std::optional<Position> first_bad_position;  // empty when all holds
  std::string problem;                          // what is wrong there
};

class EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> open(const Options& options);
  ~EventStore();  // drains the queue, answers everyone, closes the database
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // `done` runs on the writer thread once the group holding this request is
  // durable or refused. Post to your own executor there; do nothing else.
  void append(AppendRequest request, std::function<void(Result<Appended>)> done);
  // Blocks the calling thread until durable: for tools and tests, never for I/O threads.
  Result<Appended> append_and_wait(AppendRequest request);
  // Enqueues every request at once, in order (so they share group commits:
  // one fsync for all, where one append_and_wait after another pays one
  // each), then blocks until all are durable or refused. Requests on one
  // stream are checked in order, so a chain of exact versions holds. For
  // worker threads, never for I/O threads. results[i] answers requests[i].
  std::vector<Result<Appended>> append_all_and_wait(std::vector<AppendRequest> requests);

  // Includes events whose fsync is under way (see event_store.cpp); read_log does not.
  Result<StreamSlice> read_stream(std::string_view stream) const;
  Result<std::optional<Version>> stream_version(std::string_view stream) const;
  // Up to `limit` events with position > after, in order.
  Result<std::vector<RecordedEvent>> read_log(Position after, std::size_t limit) const;
  Position head() const;

  // `on_head` runs on the writer thread after each durable group with the new
  // head. Keep it short: wake your own thread and return.
  Subscription subscribe(std::function<void(Position head)> on_head);

  // The projections' key-value area (one column family) and checkpoints.
  Result<void> commit(ViewBatch batch);
  Result<std::optional<std::string>> get_view(std::string_view key) const;
  // Visits keys >= start that begin with prefix, in key order, until visit returns false.
  Result<void> scan_views(std::string_view prefix, std::string_view start,
                          const std::function<bool(std::string_view key, std::string_view value)>& visit) const;
  Result<Position> checkpoint(std::string_view projection) const;  // 0 when none
  Result<std::vector<std::pair<std::string, Position>>> checkpoints() const;

  // Walks the whole log: gap-free positions, the hash chain, each record's
  // own hash, stream and version index; then each checkpoint <= head.
  // `progress(done, total)` is called now and then.
  Result<VerifyReport> verify(const std::function<void(Position, Position)>& progress = {}) const;

  // A consistent copy of the whole store (all column families) at `dir`,
  // taken while appends go on (RocksDB Checkpoint: hard links where it can).
  Result<void> checkpoint_to(const std::string& dir) const;

  // Adds a backup of the whole store (all column families) to the RocksDB
  // backup directory `dir`, taken while appends go on, and keeps the newest
  // `keep` (at least 1). The memtables are flushed first and the live WAL is
  // copied with the tables, so every append answered before the call is in
  // it (and perhaps a few answered meanwhile: a backup is one point of the
  // log, never a torn group). Incremental: tables already in `dir` are not
  // copied again. Blocking and long: call it from a tool or a worker thread,
  // never an I/O thread. Not on a store opened read-only. One writer per
  // `dir` at a time: the caller locks it.
  Result<StoreBackup> backup_to(const std::string& dir, std::uint32_t keep, std::string_view note) const;
  // Restores the newest backup in `dir` as a store at `path`, which must not
  // hold one; checksums are checked while copying. Open it afterwards.
  static Result<StoreBackup> restore_latest(const std::string& dir, const std::string& path);

 private:
  EventStore();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanggap::events
