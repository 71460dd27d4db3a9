// events/event_writer.cpp — the writer thread: group commit.
// Invariant: only this thread assigns positions and extends the hash chain,
// and it publishes a new head only after the group's WriteBatch is durable.
#include "events/event_store_impl.h"

#include <spdlog/spdlog.h>

#include <unordered_map>
#include <unordered_set>

namespace tanggap::events {

namespace {

// What the requests earlier in this group have written, so that later ones
// in the same group are checked against it (two appends to one stream may
// share a batch).
struct GroupState {
  std::unordered_map<std::string, Version> heads;
  std::unordered_map<std::string, std::uint64_t> counters;
  struct IdEntry { Position position; Version version; std::string stream; };
  std::unordered_map<std::string, IdEntry> ids;
};

std::string expected_text(const Expected& e) {
  switch (e.kind) {
    case Expected::Kind::any: return "any version";
    case Expected::Kind::no_stream: return "no stream";
    case Expected::Kind::exact: return "version " + std::to_string(e.version);
  }
  return "?";
}

}  // namespace

void EventStore::Impl::writer_loop() {
  for (;;) {
    std::deque<PendingAppend> group;
    {
      std::unique_lock lock(queue_mutex);
      queue_cv.wait(lock, [&] { return stopping || !queue.empty(); });
      if (queue.empty()) return;  // stopping, and everything is answered
      std::size_t events = 0;
      while (!queue.empty()) {
        // A submission has no events until its number is bound: count it as one.
        const std::size_t n = std::max<std::size_t>(1, queue.front().request.events.size());
        if (!group.empty() && events + n > options.max_group_events) break;
        events += n;
        group.push_back(std::move(queue.front()));
        queue.pop_front();
      }
    }
    commit_group(group);
  }
}

void EventStore::Impl::commit_group(std::deque<PendingAppend>& group) {
  std::vector<Result<Appended>> results;
  results.reserve(group.size());
  if (poisoned.load()) {
    for (auto& p : group)
      p.done(fail(Errc::storage_failed, "the store refuses writes after a failed write; restart it"));
    return;
  }

  rocksdb::WriteBatch batch;
  GroupState seen;
  const Position first_of_group = head_position;
  Position position = head_position;
  Digest prev = head_hash;
  const domain::Instant recorded_at = now();

  // Looks a value up in this group first, then on disk.
  auto stream_head = [&](const std::string& stream) -> Result<std::optional<Version>> {
    if (auto it = seen.heads.find(stream); it != seen.heads.end()) return std::optional<Version>{it->second};
    auto got = get(cf_stream_heads, stream);
    if (!got) return got.error();
    if (!*got) return std::optional<Version>{};
    return std::optional<Version>{log_format::decode_u64(**got)};
  };

  for (auto& pending : group) {
    AppendRequest& req = pending.request;
    auto decide_one = [&]() -> Result<Appended> {
      std::uint64_t number = 0;
      if (!req.sequence_key.empty()) {
        if (!req.bind_sequence) return fail(Errc::malformed, "a sequence key needs bind_sequence");
        std::uint64_t last = 0;
        if (auto it = seen.counters.find(req.sequence_key); it != seen.counters.end()) {
          last = it->second;
        } else {
          auto got = get(cf_counters, req.sequence_key);
          if (!got) return got.error();
          if (*got) last = log_format::decode_u64(**got);
        }
        number = last + 1;
        auto bound = req.bind_sequence(number, req);
        if (!bound) return bound.error();
      }
      if (req.stream.empty()) return fail(Errc::malformed, "append without a stream");
      if (req.events.empty()) return fail(Errc::malformed, "append without events");

      // Idempotency by event id: all known is a repeat, some known is a conflict.
      std::unordered_set<std::string_view> in_request;
      std::size_t known = 0;
      std::optional<GroupState::IdEntry> first_known, last_known;
      for (const auto& e : req.events) {
        if (e.id.empty()) return fail(Errc::malformed, "an event without an id");
        if (!in_request.insert(e.id).second) return fail(Errc::malformed, "event id repeated within one append: " + e.id);
        std::optional<GroupState::IdEntry> entry;
        if (auto it = seen.ids.find(e.id); it != seen.ids.end()) {
          entry = it->second;
        } else {
          auto got = get(cf_event_ids, e.id);
          if (!got) return got.error();
          if (*got) {
            auto rec = read_position(log_format::decode_u64(**got));
            if (!rec) return rec.error();
            entry = GroupState::IdEntry{rec->position, rec->version, rec->stream};
          }
        }
        if (entry) {
          ++known;
          if (!first_known) first_known = entry;
          last_known = entry;
        }
      }
      if (known == req.events.size())
        return Appended{first_known->position, last_known->position, last_known->version, true,
                        last_known->stream};
      if (known > 0)
        return fail(Errc::duplicate, "some of these event ids are stored already, others are not");

      auto current = stream_head(req.stream);
      if (!current) return current.error();
      const bool ok = req.expected.kind == Expected::Kind::any ||
                      (req.expected.kind == Expected::Kind::no_stream && !*current) ||
                      (req.expected.kind == Expected::Kind::exact && *current &&
                       **current == req.expected.version);
      if (!ok) {
        const std::string actual =
            *current ? "is at version " + std::to_string(**current) : "does not exist";
        return fail(Errc::version_conflict,
                    fmt::format("{} {}, not {}", req.stream, actual, expected_text(req.expected)));
      }

      Version version = *current ? **current + 1 : 0;
      const Position first = position + 1;
      for (auto& e : req.events) {
        RecordedEvent rec;
        rec.position = ++position;
        rec.stream = req.stream;
        rec.version = version;
        rec.id = e.id;
        rec.type = std::move(e.type);
        rec.schema = e.schema;
        rec.recorded_at = recorded_at;
        rec.actor = std::move(e.actor);
        rec.correlation_id = std::move(e.correlation_id);
        rec.causation_id = std::move(e.causation_id);
        rec.data = std::move(e.data);
        const std::string body = log_format::encode_body(rec);
        const Digest hash = sha256(std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()), body);
        const std::string key = log_format::encode_u64(rec.position);
        batch.Put(cf(cf_log), key, log_format::encode_record(prev, body, hash));
        batch.Put(cf(cf_stream_events), log_format::stream_event_key(req.stream, version), key);
        batch.Put(cf(cf_event_ids), e.id, key);
        seen.ids[e.id] = GroupState::IdEntry{rec.position, version, req.stream};
        prev = hash;
        ++version;
      }
      const Version last_version = version - 1;
      batch.Put(cf(cf_stream_heads), req.stream, log_format::encode_u64(last_version));
      seen.heads[req.stream] = last_version;
      if (number != 0) {
        batch.Put(cf(cf_counters), req.sequence_key, log_format::encode_u64(number));
        seen.counters[req.sequence_key] = number;
      }
      return Appended{first, position, last_version, false, req.stream};
    };
    // A request that fails after writing into `batch` cannot happen: every
    // check above comes before the first Put for that request.
    results.push_back(decide_one());
  }

  bool written = true;
  if (batch.Count() > 0) {
    // Never synced here: with durability sync the syncer thread fsyncs the
    // WAL, and the writer goes on with the next group meanwhile.
    const auto status = db->Write(rocksdb::WriteOptions(), &batch);
    if (!status.ok()) {
      poisoned.store(true);
      written = false;
      spdlog::critical("event log write failed, refusing all further writes: {}", status.ToString());
      for (auto& r : results)
        if (r) r = storage_error("the event log write failed", status);
      position = head_position;
    }
  }
  if (position != head_position) {
    head_position = position;
    head_hash = prev;
  }
  SyncJob job{std::move(group), std::move(results), position, static_cast<std::size_t>(position - first_of_group)};
  if (options.durability == Durability::async || !written) return finish(job, written);
  // Every group goes through the syncer, also one that wrote nothing: its
  // answers (a repeat of an event still being synced) must not overtake.
  {
    std::lock_guard lock(sync_mutex);
    sync_queue.push_back(std::move(job));
  }
  sync_cv.notify_one();
}

void EventStore::Impl::syncer_loop() {
  for (;;) {
    std::deque<SyncJob> jobs;
    {
      std::unique_lock lock(sync_mutex);
      sync_cv.wait(lock, [&] { return sync_stopping || !sync_queue.empty(); });
      if (sync_queue.empty()) return;  // stopping, and everything is answered
      jobs.swap(sync_queue);
    }
    const Position target = jobs.back().last_position;
    bool durable = true;
    if (poisoned.load()) {
      // An earlier write or fsync failed: these groups may sit in the WAL, but
      // nobody knows whether they are on disk, so none is answered as durable.
      durable = false;
      for (auto& job : jobs)
        for (auto& r : job.results)
          if (r) r = fail(Errc::storage_failed, "the store refuses writes after a failed write; restart it");
    } else if (target > synced_position) {
      const auto status = db->SyncWAL();
      if (!status.ok()) {
        // After a failed fsync nobody knows what is on disk: refuse from now on.
        poisoned.store(true);
        durable = false;
        spdlog::critical("event log fsync failed, refusing all further writes: {}", status.ToString());
        for (auto& job : jobs)
          for (auto& r : job.results)
            if (r) r = storage_error("the event log fsync failed", status);
      } else {
        synced_position = target;
      }
    }
    for (auto& job : jobs) finish(job, durable);
  }
}

// Publishes the group's head (readers see it from now on) and answers its callers.
void EventStore::Impl::finish(SyncJob& job, bool durable) {
  const bool advanced = durable && job.last_position > published_head.load();
  if (advanced) published_head.store(job.last_position);
  if (advanced && job.events > 0 && options.on_group_commit) options.on_group_commit(job.events);
  for (std::size_t i = 0; i < job.group.size(); ++i) job.group[i].done(std::move(job.results[i]));
  if (advanced) notify(job.last_position);
}

void EventStore::Impl::notify(Position head) {
  std::lock_guard lock(subscribers_mutex);
  for (auto& [id, callback] : subscribers) callback(head);
}

}  // namespace tanggap::events
