#include "projections/projection_runner.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

namespace tanggap::projections {

namespace {

constexpr std::size_t catch_up_batch_events = 65536;  // ~50 MB of events in memory at most

struct Slot {
  std::shared_ptr<Projection> projection;
  events::Position checkpoint = 0;  // guarded by Impl::mutex
  std::optional<Error> error;       // guarded by Impl::mutex
  std::chrono::steady_clock::time_point caught_up_at;  // guarded by Impl::mutex
};

}  // namespace

struct ProjectionRunner::Impl {
  events::EventStore& store;
  std::size_t batch_events;
  std::vector<std::unique_ptr<Slot>> slots;

  mutable std::mutex mutex;
  mutable std::condition_variable head_moved;      // wakes the projection thread
  mutable std::condition_variable progress_made;   // wakes wait_for()
  events::Position head_seen = 0;
  bool stopping = false;
  bool running = false;
  std::vector<std::pair<events::Position, std::function<void()>>> waiters;  // guarded by mutex

  // Every projection's checkpoint, or max when one has failed (its waiters
  // must not wait forever). Call with the mutex held.
  events::Position reached() const {
    events::Position low = std::numeric_limits<events::Position>::max();
    for (const auto& slot : slots)
      if (!slot->error) low = std::min(low, slot->checkpoint);
    return low;
  }

  // Takes the waiters that are due; the caller runs them after unlocking.
  std::vector<std::function<void()>> due_waiters() {
    std::vector<std::function<void()>> due;
    const auto at = reached();
    for (auto it = waiters.begin(); it != waiters.end();) {
      if (it->first <= at) {
        due.push_back(std::move(it->second));
        it = waiters.erase(it);
      } else {
        ++it;
      }
    }
    return due;
  }
  events::Subscription subscription;
  std::thread tail;

  Impl(events::EventStore& s, std::size_t b) : store(s), batch_events(b) {}

  // One round: apply what follows the checkpoint. Returns events applied.
  // Applies `events` (which follow `checkpoint`) and commits rows and the new
  // checkpoint in one batch.
  Result<void> apply(Slot& slot, const std::vector<events::RecordedEvent>& events, events::Position& checkpoint) {
    if (events.empty()) return {};
    events::ViewBatch batch;
    auto applied = slot.projection->apply(events, batch);
    if (!applied) return applied.error();
    const events::Position last = events.back().position;
    batch.set_checkpoint(slot.projection->name(), last);
    auto committed = store.commit(std::move(batch));
    if (!committed) return committed.error();
    checkpoint = last;
    return {};
  }

  // Records a failure (the store's, or one projection's) and answers the
  // waiters it leaves due. Call with the lock held; returns with it held.
  void stop_slot(Slot& slot, const Error& error, events::Position checkpoint, std::unique_lock<std::mutex>& lock) {
    slot.error = error;
    spdlog::critical("projection {} stopped at position {}: {}", slot.projection->name(), checkpoint, error.message);
    progress_made.notify_all();
    auto due = due_waiters();
    lock.unlock();
    for (auto& then : due) then();
    lock.lock();
  }

  // The live tail: ONE thread for every projection. A round is read from the
  // log once, every projection folds it into one ViewBatch (one that fails
  // takes only its own rows back out and stops), and one commit stores the
  // rows with every checkpoint. A thread per projection cost more than it
  // won on a two-core machine: seven wake-ups, reads and commits per round,
  // where the submissions' own threads wanted the cores.
  void tail_loop() {
    std::unique_lock lock(mutex);
    for (;;) {
      if (stopping) return;
      std::vector<Slot*> live;
      std::vector<events::Position> at;
      events::Position from = std::numeric_limits<events::Position>::max();
      for (auto& slot : slots) {
        if (slot->error) continue;
        live.push_back(slot.get());
        at.push_back(slot->checkpoint);
        from = std::min(from, slot->checkpoint);
      }
      if (live.empty()) return;
      lock.unlock();

      std::optional<Error> store_failed;
      std::vector<std::optional<Error>> failed(live.size());
      events::Position last = from;
      auto round = store.read_log(from, batch_events);
      if (!round) {
        store_failed = round.error();
      } else if (!round->empty()) {
        last = round->back().position;
        events::ViewBatch batch;
        for (std::size_t i = 0; i < live.size(); ++i) {
          if (at[i] >= last) continue;
          // A projection that was further along gets only what it has not seen.
          std::vector<events::RecordedEvent> rest;
          if (at[i] >= round->front().position)
            for (const auto& e : *round)
              if (e.position > at[i]) rest.push_back(e);
          batch.set_save_point();
          auto applied = live[i]->projection->apply(rest.empty() ? *round : rest, batch);
          if (!applied) {
            batch.roll_back_to_save_point();
            failed[i] = applied.error();
            continue;
          }
          batch.drop_save_point();
          batch.set_checkpoint(live[i]->projection->name(), last);
        }
        auto committed = store.commit(std::move(batch));
        if (!committed) store_failed = committed.error();
      }

      lock.lock();
      for (std::size_t i = 0; i < live.size(); ++i) {
        if (failed[i]) stop_slot(*live[i], *failed[i], at[i], lock);  // its own error first
        else if (store_failed) stop_slot(*live[i], *store_failed, at[i], lock);
        else live[i]->checkpoint = std::max(at[i], last);
      }
      if (store_failed) return;
      progress_made.notify_all();
      if (!waiters.empty()) {
        auto due = due_waiters();
        if (!due.empty()) {
          lock.unlock();
          for (auto& then : due) then();
          lock.lock();
        }
      }
      if (last > from) continue;
      const auto now = std::chrono::steady_clock::now();
      for (auto* slot : live) slot->caught_up_at = now;
      head_moved.wait(lock, [&] { return stopping || head_seen > from; });
    }
  }
};

ProjectionRunner::ProjectionRunner(events::EventStore& store, std::size_t batch_events)
    : impl_(std::make_unique<Impl>(store, batch_events)) {}

ProjectionRunner::~ProjectionRunner() { stop(); }

std::string fingerprint_key(std::string_view key_prefix) { return std::string(key_prefix) + "~fingerprint"; }

namespace {

// Erases the rows and the checkpoint and records the fingerprint, in one batch.
Result<void> reset_rows(events::EventStore& store, const Projection& p) {
  events::ViewBatch reset;
  reset.erase_prefix(p.key_prefix());
  reset.erase_checkpoint(p.name());
  reset.put(fingerprint_key(p.key_prefix()), p.fingerprint());
  return store.commit(std::move(reset));
}

// Rows computed under another fingerprint (or before fingerprints existed)
// are erased so that catching up recomputes them from position 1.
Result<void> reset_if_reshaped(events::EventStore& store, const Projection& p) {
  auto stored = store.get_view(fingerprint_key(p.key_prefix()));
  if (!stored) return stored.error();
  if (*stored && **stored == p.fingerprint()) return {};
  auto checkpoint = store.checkpoint(p.name());
  if (checkpoint && *checkpoint > 0)
    spdlog::warn("projection {}: its rows were computed under other rules or another layout; erasing them "
                 "and replaying the log (positions 1 to {})",
                 p.name(), store.head());
  return reset_rows(store, p);
}

}  // namespace

void ProjectionRunner::add(std::shared_ptr<Projection> projection) {
  auto slot = std::make_unique<Slot>();
  auto reset = reset_if_reshaped(impl_->store, *projection);
  if (!reset) slot->error = reset.error();
  auto cp = impl_->store.checkpoint(projection->name());
  slot->checkpoint = cp ? *cp : 0;
  if (!cp) slot->error = cp.error();
  slot->projection = std::move(projection);
  std::lock_guard lock(impl_->mutex);
  impl_->slots.push_back(std::move(slot));
}

Result<void> ProjectionRunner::catch_up(const Progress& progress) {
  const events::Position head = impl_->store.head();
  // Large rounds offline: a case's events lie hours apart in the log, and one
  // round folds them all into one row write instead of five. Each round is
  // read once for every projection, and the next one is read while this one
  // is applied: reading is a fifth of a replay.
  const std::size_t limit = std::max(impl_->batch_events, catch_up_batch_events);
  events::EventStore& store = impl_->store;
  std::vector<events::Position> checkpoints;
  std::vector<bool> stopped;  // a projection that failed (when it was added) is left as it is
  events::Position from = head;
  for (const auto& slot : impl_->slots) {
    checkpoints.push_back(slot->checkpoint);
    stopped.push_back(slot->error.has_value());
    if (!slot->error) from = std::min(from, slot->checkpoint);
  }
  if (from < head) {
    auto next = std::async(std::launch::async, [&store, from, limit] { return store.read_log(from, limit); });
    for (;;) {
      auto round = next.get();
      if (!round) return round.error();
      if (round->empty()) break;
      const events::Position last = round->back().position;
      if (last < head)
        next = std::async(std::launch::async, [&store, last, limit] { return store.read_log(last, limit); });
      // The projections apply the round side by side (they share nothing but
      // the store): a replay takes the time of the slowest, not of all of
      // them in turn.
      std::vector<std::future<Result<void>>> applying;
      for (std::size_t i = 0; i < impl_->slots.size(); ++i) {
        if (stopped[i] || checkpoints[i] >= last) continue;
        applying.push_back(std::async(std::launch::async, [this, &round, &checkpoints, i]() -> Result<void> {
          if (checkpoints[i] < round->front().position) return impl_->apply(*impl_->slots[i], *round, checkpoints[i]);
          // A projection that was further along: only what it has not seen.
          std::vector<events::RecordedEvent> rest;
          for (const auto& e : *round)
            if (e.position > checkpoints[i]) rest.push_back(e);
          return impl_->apply(*impl_->slots[i], rest, checkpoints[i]);
        }));
      }
      std::optional<Error> failed;
      for (auto& a : applying) {
        auto applied = a.get();  // every one is waited for before anything returns
        if (!applied && !failed) failed = applied.error();
      }
      if (failed) return *failed;  // `next`'s destructor waits for the read in flight
      if (progress) progress(last, head);
      if (last >= head) break;
    }
  }
  std::lock_guard lock(impl_->mutex);
  for (std::size_t i = 0; i < impl_->slots.size(); ++i)
    if (!stopped[i]) impl_->slots[i]->checkpoint = checkpoints[i];
  return {};
}

Result<void> ProjectionRunner::rebuild(const Progress& progress) {
  for (auto& slot : impl_->slots) {
    auto r = reset_rows(impl_->store, *slot->projection);
    if (!r) return r.error();
    std::lock_guard lock(impl_->mutex);
    slot->checkpoint = 0;
    slot->error.reset();
  }
  return catch_up(progress);
}

void ProjectionRunner::when_reached(events::Position position, std::function<void()> then) {
  {
    std::lock_guard lock(impl_->mutex);
    // Not running (stopping): nobody would call it later, so answer now.
    if (impl_->running && impl_->reached() < position) {
      impl_->waiters.emplace_back(position, std::move(then));
      return;
    }
  }
  then();
}

void ProjectionRunner::start() {
  Impl* impl = impl_.get();
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->running) return;
    impl_->running = true;
    impl_->stopping = false;
  }
  // Subscribed outside the runner's lock: the store calls back under its own
  // lock and the callback takes the runner's, so never the other way round.
  auto subscription = impl_->store.subscribe([impl](events::Position head) {
    std::lock_guard inner(impl->mutex);
    impl->head_seen = std::max(impl->head_seen, head);
    impl->head_moved.notify_all();
  });
  std::lock_guard lock(impl_->mutex);
  impl_->subscription = std::move(subscription);
  impl_->head_seen = std::max(impl_->head_seen, impl_->store.head());
  impl_->tail = std::thread([impl] { impl->tail_loop(); });
}

void ProjectionRunner::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->running) return;
    impl_->stopping = true;
    impl_->head_moved.notify_all();
  }
  if (impl_->tail.joinable()) impl_->tail.join();
  impl_->subscription.reset();
  std::vector<std::pair<events::Position, std::function<void()>>> left;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->running = false;
    left.swap(impl_->waiters);
  }
  for (auto& [position, then] : left) then();  // nobody is left to wait for
}

std::vector<ProjectionStatus> ProjectionRunner::status() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<ProjectionStatus> out;
  for (const auto& slot : impl_->slots)
    out.push_back({std::string(slot->projection->name()), slot->checkpoint, slot->error, slot->caught_up_at});
  return out;
}

bool ProjectionRunner::wait_for(events::Position position, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  auto failed = [&] {
    for (const auto& slot : impl_->slots)
      if (slot->error) return true;
    return false;
  };
  auto reached = [&] {
    for (const auto& slot : impl_->slots)
      if (slot->checkpoint < position) return false;
    return true;
  };
  impl_->progress_made.wait_for(lock, timeout, [&] { return failed() || reached(); });
  return !failed() && reached();
}

}  // namespace tanggap::projections
