// events/event_store.cpp — opening the store, the readers and the views.
#include "events/event_store.h"

#include "events/event_store_impl.h"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>

#include <condition_variable>
#include <future>
#include <mutex>

namespace tanggap::events {

Error storage_error(std::string_view what, const rocksdb::Status& status) {
  return fail(Errc::storage_failed, fmt::format("{}: {}", what, status.ToString()));
}

domain::Instant EventStore::Impl::now() const {
  if (options.clock) return options.clock();
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

Result<std::optional<std::string>> EventStore::Impl::get(Cf c, std::string_view key) const {
  std::string value;
  const auto s = db->Get(rocksdb::ReadOptions(), cf(c), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>{};
  if (!s.ok()) return storage_error("read failed", s);
  return std::optional<std::string>{std::move(value)};
}

Result<RecordedEvent> EventStore::Impl::read_position(Position position) const {
  auto got = get(cf_log, log_format::encode_u64(position));
  if (!got) return got.error();
  if (!*got) return fail(Errc::storage_failed, fmt::format("the stream index names position {}, which is missing", position));
  return log_format::decode_record(**got);
}

// ---- opening and closing ---------------------------------------------------

EventStore::EventStore() : impl_(std::make_unique<Impl>()) {}

EventStore::~EventStore() {
  // The writer first (it drains its queue into the syncer), then the syncer.
  if (impl_->writer.joinable()) {
    {
      std::lock_guard lock(impl_->queue_mutex);
      impl_->stopping = true;
    }
    impl_->queue_cv.notify_all();
    impl_->writer.join();
  }
  if (impl_->syncer.joinable()) {
    {
      std::lock_guard lock(impl_->sync_mutex);
      impl_->sync_stopping = true;
    }
    impl_->sync_cv.notify_all();
    impl_->syncer.join();
  }
  if (impl_->db) {
    for (auto* h : impl_->handles) std::ignore = impl_->db->DestroyColumnFamilyHandle(h);  // closing
    std::ignore = impl_->db->Close();  // nothing left to do about a failed close at shutdown
  }
}

Result<std::unique_ptr<EventStore>> EventStore::open(const Options& options) {
  std::unique_ptr<EventStore> store(new EventStore());
  Impl& impl = *store->impl_;
  impl.options = options;

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  db_options.IncreaseParallelism(2);
  db_options.max_total_wal_size = 256u << 20;
  // One cache for all column families keeps the server's memory bounded
  // however many cases the store holds.
  static const auto cache = rocksdb::NewLRUCache(64u << 20);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_options.write_buffer_size = 32u << 20;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : cf_names) descriptors.emplace_back(name, cf_options);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.read_only) {
    s = rocksdb::DB::OpenForReadOnly(db_options, options.path, descriptors, &impl.handles, &raw);
  } else {
    s = rocksdb::DB::Open(db_options, options.path, descriptors, &impl.handles, &raw);
  }
  if (!s.ok()) return storage_error(fmt::format("cannot open the store at {}", options.path), s);
  impl.db.reset(raw);

  // The head is the last record: its position and hash continue the chain.
  std::unique_ptr<rocksdb::Iterator> it(impl.db->NewIterator(rocksdb::ReadOptions(), impl.cf(cf_log)));
  it->SeekToLast();
  if (!it->status().ok()) return storage_error("cannot read the log head", it->status());
  if (it->Valid()) {
    auto rec = log_format::decode_record(std::string_view(it->value().data(), it->value().size()));
    if (!rec) return rec.error();
    impl.head_position = rec->position;
    impl.head_hash = rec->hash;
  }
  impl.published_head.store(impl.head_position);
  impl.synced_position = impl.head_position;
  if (!options.read_only) {
    impl.syncer = std::thread([&impl] { impl.syncer_loop(); });
    impl.writer = std::thread([&impl] { impl.writer_loop(); });
  }
  return store;
}

// ---- appending -------------------------------------------------------------

void EventStore::append(AppendRequest request, std::function<void(Result<Appended>)> done) {
  if (impl_->options.read_only) {
    done(fail(Errc::not_ready, "the store is open read-only"));
    return;
  }
  {
    std::lock_guard lock(impl_->queue_mutex);
    if (!impl_->stopping) {
      impl_->queue.push_back(PendingAppend{std::move(request), std::move(done)});
      impl_->queue_cv.notify_one();
      return;
    }
  }
  done(fail(Errc::not_ready, "the store is closing"));
}

Result<Appended> EventStore::append_and_wait(AppendRequest request) {
  std::promise<Result<Appended>> promise;
  auto future = promise.get_future();
  append(std::move(request), [&promise](Result<Appended> r) { promise.set_value(std::move(r)); });
  return future.get();
}

std::vector<Result<Appended>> EventStore::append_all_and_wait(std::vector<AppendRequest> requests) {
  std::mutex mutex;
  std::condition_variable all_done;
  std::size_t left = requests.size();
  std::vector<Result<Appended>> results(requests.size(), fail(Errc::storage_failed, "not appended"));
  for (std::size_t i = 0; i < requests.size(); ++i)
    append(std::move(requests[i]), [&, i](Result<Appended> r) {
      std::lock_guard lock(mutex);
      results[i] = std::move(r);
      if (--left == 0) all_done.notify_one();
    });
  std::unique_lock lock(mutex);
  all_done.wait(lock, [&] { return left == 0; });
  return results;
}

Subscription EventStore::subscribe(std::function<void(Position)> on_head) {
  std::lock_guard lock(impl_->subscribers_mutex);
  const auto id = impl_->next_subscriber++;
  impl_->subscribers.emplace(id, std::move(on_head));
  Impl* impl = impl_.get();
  return Subscription([impl, id] {
    std::lock_guard inner(impl->subscribers_mutex);
    impl->subscribers.erase(id);
  });
}

Position EventStore::head() const { return impl_->published_head.load(); }

// ---- reading ---------------------------------------------------------------

Result<std::optional<Version>> EventStore::stream_version(std::string_view stream) const {
  auto got = impl_->get(cf_stream_heads, stream);
  if (!got) return got.error();
  if (!*got) return std::optional<Version>{};
  return std::optional<Version>{log_format::decode_u64(**got)};
}

Result<StreamSlice> EventStore::read_stream(std::string_view stream) const {
  StreamSlice slice;
  std::string prefix(stream);
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(cf_stream_events)));
  std::vector<std::string> keys;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    keys.emplace_back(it->value().data(), it->value().size());
  if (!it->status().ok()) return storage_error("cannot read the stream index", it->status());
  slice.events.reserve(keys.size());
  // A stream shows events whose fsync may still be under way (the log does
  // not: projections must never run ahead of durability). Deciding on them
  // avoids a spurious conflict with a write that is about to be answered; a
  // failed fsync stops all writing, so nothing is ever decided on top of a loss.
  for (const auto& key : keys) {
    auto rec = impl_->read_position(log_format::decode_u64(key));
    if (!rec) return rec.error();
    slice.events.push_back(std::move(*rec));
  }
  return slice;
}

Result<std::vector<RecordedEvent>> EventStore::read_log(Position after, std::size_t limit) const {
  std::vector<RecordedEvent> out;
  // Read no further than the published head: a reader must never see a
  // position whose group is not yet answered as durable.
  const Position head = impl_->published_head.load();
  if (after >= head || limit == 0) return out;
  out.reserve(std::min<std::size_t>(limit, static_cast<std::size_t>(head - after)));
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(cf_log)));
  for (it->Seek(log_format::encode_u64(after + 1)); it->Valid() && out.size() < limit; it->Next()) {
    auto rec = log_format::decode_record(std::string_view(it->value().data(), it->value().size()));
    if (!rec) return rec.error();
    if (rec->position > head) break;
    out.push_back(std::move(*rec));
  }
  if (!it->status().ok()) return storage_error("cannot read the log", it->status());
  return out;
}

// ---- views -----------------------------------------------------------------

// View writes go straight into a WriteBatch on the default column family
// (no copy at commit: a rebuild writes millions of keys); the few checkpoint
// moves wait for commit(), which knows the checkpoints' column family.
struct ViewBatch::Impl {
  rocksdb::WriteBatch batch;
  std::vector<std::pair<std::string, std::optional<std::string>>> checkpoints;  // empty value: erase
  bool bad_prefix = false;
  struct SavePoint { std::size_t checkpoints; bool bad_prefix; };
  std::vector<SavePoint> save_points;
};

ViewBatch::ViewBatch() : impl_(std::make_unique<Impl>()) {}
ViewBatch::~ViewBatch() = default;
ViewBatch::ViewBatch(ViewBatch&&) noexcept = default;
ViewBatch& ViewBatch::operator=(ViewBatch&&) noexcept = default;
void ViewBatch::put(std::string_view key, std::string_view value) {
  std::ignore = impl_->batch.Put(rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));  // in memory: cannot fail
}
void ViewBatch::erase(std::string_view key) {
  std::ignore = impl_->batch.Delete(rocksdb::Slice(key.data(), key.size()));  // in memory: cannot fail
}
namespace {
// The smallest key greater than every key starting with prefix; empty when none is.
std::string prefix_end(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xff) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}
}  // namespace
void ViewBatch::erase_prefix(std::string_view prefix) {
  const std::string end = prefix_end(std::string(prefix));
  if (end.empty()) {
    impl_->bad_prefix = true;  // refused at commit: it would erase every view
    return;
  }
  std::ignore = impl_->batch.DeleteRange(rocksdb::Slice(prefix.data(), prefix.size()), end);  // in memory
}
void ViewBatch::set_checkpoint(std::string_view projection, Position position) {
  impl_->checkpoints.emplace_back(std::string(projection), log_format::encode_u64(position));
}
void ViewBatch::erase_checkpoint(std::string_view projection) {
  impl_->checkpoints.emplace_back(std::string(projection), std::nullopt);
}
std::size_t ViewBatch::count() const { return impl_->batch.Count() + impl_->checkpoints.size(); }
void ViewBatch::set_save_point() {
  impl_->batch.SetSavePoint();
  impl_->save_points.push_back({impl_->checkpoints.size(), impl_->bad_prefix});
}
void ViewBatch::roll_back_to_save_point() {
  if (impl_->save_points.empty()) return;
  std::ignore = impl_->batch.RollbackToSavePoint();  // a mark exists: cannot fail
  impl_->checkpoints.resize(impl_->save_points.back().checkpoints);
  impl_->bad_prefix = impl_->save_points.back().bad_prefix;
  impl_->save_points.pop_back();
}
void ViewBatch::drop_save_point() {
  if (impl_->save_points.empty()) return;
  std::ignore = impl_->batch.PopSavePoint();
  impl_->save_points.pop_back();
}

Result<void> EventStore::commit(ViewBatch view_batch) {
  if (impl_->options.read_only) return fail(Errc::not_ready, "the store is open read-only");
  auto& v = *view_batch.impl_;
  if (v.bad_prefix) return fail(Errc::malformed, "erase_prefix needs a non-empty prefix");
  for (auto& [name, value] : v.checkpoints) {
    const auto s = value ? v.batch.Put(impl_->cf(cf_checkpoints), name, *value)
                         : v.batch.Delete(impl_->cf(cf_checkpoints), name);
    if (!s.ok()) return storage_error("cannot stage a checkpoint", s);
  }
  // No fsync: views are rebuilt from the checkpoint stored in this same batch.
  const auto s = impl_->db->Write(rocksdb::WriteOptions(), &v.batch);
  if (!s.ok()) return storage_error("cannot write the views", s);
  return {};
}

Result<std::optional<std::string>> EventStore::get_view(std::string_view key) const {
  return impl_->get(cf_views, key);
}

Result<void> EventStore::scan_views(std::string_view prefix, std::string_view start,
                                    const std::function<bool(std::string_view, std::string_view)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(cf_views)));
  const std::string_view from = start > prefix ? start : prefix;
  const rocksdb::Slice pre(prefix.data(), prefix.size());
  for (it->Seek(rocksdb::Slice(from.data(), from.size())); it->Valid() && it->key().starts_with(pre); it->Next()) {
    if (!visit(std::string_view(it->key().data(), it->key().size()),
               std::string_view(it->value().data(), it->value().size())))
      break;
  }
  if (!it->status().ok()) return storage_error("cannot scan the views", it->status());
  return {};
}

Result<Position> EventStore::checkpoint(std::string_view projection) const {
  auto got = impl_->get(cf_checkpoints, projection);
  if (!got) return got.error();
  return *got ? log_format::decode_u64(**got) : Position{0};
}

Result<std::vector<std::pair<std::string, Position>>> EventStore::checkpoints() const {
  std::vector<std::pair<std::string, Position>> out;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(cf_checkpoints)));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    out.emplace_back(it->key().ToString(), log_format::decode_u64(std::string_view(it->value().data(), it->value().size())));
  if (!it->status().ok()) return storage_error("cannot read the checkpoints", it->status());
  return out;
}

Result<void> EventStore::checkpoint_to(const std::string& dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  auto s = rocksdb::Checkpoint::Create(impl_->db.get(), &raw);
  if (!s.ok()) return storage_error("cannot start a checkpoint", s);
  std::unique_ptr<rocksdb::Checkpoint> cp(raw);
  s = cp->CreateCheckpoint(dir);
  if (!s.ok()) return storage_error(fmt::format("cannot write a checkpoint to {}", dir), s);
  return {};
}

}  // namespace tanggap::events
