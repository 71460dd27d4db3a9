// events/log_verify.cpp — `tanggap verify`'s walk over the whole log.
// Checks, in order, for each position from 1: the record exists (no gap), its
// layout decodes, its stored hash is SHA-256(prev_hash || body), its prev_hash
// is the previous record's hash, the body's position matches its key, and the
// stream index and event-id index point back at it. Then each checkpoint is at
// or behind the head. Stops at the first problem and names its position.
#include "events/event_store_impl.h"

#include <cstring>

namespace tanggap::events {

Result<VerifyReport> EventStore::verify(const std::function<void(Position, Position)>& progress) const {
  VerifyReport report;
  Impl& impl = *impl_;
  // A snapshot keeps the walk consistent while a server appends behind it.
  const rocksdb::Snapshot* snapshot = impl.db->GetSnapshot();
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  ro.fill_cache = false;
  struct Release {
    rocksdb::DB* db; const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{impl.db.get(), snapshot};

  std::unique_ptr<rocksdb::Iterator> last(impl.db->NewIterator(ro, impl.cf(cf_log)));
  last->SeekToLast();
  const Position head = last->Valid() ? log_format::decode_u64(std::string_view(last->key().data(), last->key().size())) : 0;
  report.head = head;

  auto bad = [&](Position p, std::string problem) -> Result<VerifyReport> {
    report.first_bad_position = p;
    report.problem = std::move(problem);
    return report;
  };

  Digest prev{};
  Position expected = 1;
  std::string value;
  std::unique_ptr<rocksdb::Iterator> it(impl.db->NewIterator(ro, impl.cf(cf_log)));
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    const std::string_view key(it->key().data(), it->key().size());
    const std::string_view record(it->value().data(), it->value().size());
    if (key.size() != 8) return bad(expected, "a log key is not 8 bytes");
    const Position position = log_format::decode_u64(key);
    if (position != expected) return bad(expected, fmt::format("position {} is missing (next stored is {})", expected, position));
    auto rec = log_format::decode_record(record);
    if (!rec) return bad(position, rec.error().message);
    if (auto problem = log_format::check_record_hash(record); !problem.empty()) return bad(position, problem);
    if (rec->prev_hash != prev) return bad(position, "prev_hash is not the previous event's hash: the chain is broken");
    if (rec->position != position) return bad(position, fmt::format("the record says position {}", rec->position));
    auto s = impl.db->Get(ro, impl.cf(cf_stream_events), log_format::stream_event_key(rec->stream, rec->version), &value);
    if (!s.ok() || value != key) return bad(position, fmt::format("the index of stream {} does not point at version {}", rec->stream, rec->version));
    s = impl.db->Get(ro, impl.cf(cf_event_ids), rec->id, &value);
    if (!s.ok() || value != key) return bad(position, fmt::format("event id {} is not indexed to this position", rec->id));
    prev = rec->hash;
    ++report.events_checked;
    if (progress && (position % 10000 == 0 || position == head)) progress(position, head);
  }
  if (!it->status().ok()) return storage_error("cannot read the log", it->status());

  std::unique_ptr<rocksdb::Iterator> cps(impl.db->NewIterator(ro, impl.cf(cf_checkpoints)));
  for (cps->SeekToFirst(); cps->Valid(); cps->Next()) {
    const Position at = log_format::decode_u64(std::string_view(cps->value().data(), cps->value().size()));
    if (at > head)
      return bad(at, fmt::format("projection {} has checkpoint {} ahead of the log head {}", cps->key().ToString(), at, head));
  }
  return report;
}

}  // namespace tanggap::events
