// projections/projection_runner.h — tails the log into projections.
// One thread for all projections, woken when the store's head moves; each
// round reads up to `batch_events` events after the lowest checkpoint, every
// projection applies what it has not seen, and the rows and every checkpoint
// are committed in one ViewBatch. A projection that fails (an
// event it cannot decode) stops where it is and reports the error in
// status(): a stuck view is visible on /readyz, a silently skipped event is not.
// Thread safety: all members may be called from any thread; add() before start().
#pragma once

#include "projections/projection.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::projections {

using Progress = std::function<void(events::Position done, events::Position total)>;

// Where the runner keeps a projection's fingerprint, beside its rows: a
// reader can tell rows of another layout from current ones before it reads them.
std::string fingerprint_key(std::string_view key_prefix);

struct ProjectionStatus {
  std::string name;
  events::Position checkpoint = 0;
  std::optional<Error> error;  // set when the projection stopped on an error
  // When it last had nothing left to apply; /readyz wants "caught up within 1 s".
  std::chrono::steady_clock::time_point caught_up_at;
};

class ProjectionRunner {
 public:
  explicit ProjectionRunner(events::EventStore& store, std::size_t batch_events = 2048);
  ~ProjectionRunner();  // stops the thread
  ProjectionRunner(const ProjectionRunner&) = delete;
  ProjectionRunner& operator=(const ProjectionRunner&) = delete;

  void add(std::shared_ptr<Projection> projection);

  // Applies everything up to the head on the calling thread (offline tools).
  Result<void> catch_up(const Progress& progress = {});
  // Erases every projection's rows and checkpoint, then catches up from 1.
  Result<void> rebuild(const Progress& progress = {});

  void start();
  void stop();

  std::vector<ProjectionStatus> status() const;
  // True once every projection has applied `position` (read-your-writes for
  // the API, waits in tests); false on timeout or when one has failed.
  bool wait_for(events::Position position, std::chrono::milliseconds timeout) const;
  // Calls `then` (on the projection thread, or here when already so) once every
  // projection has applied `position`, or one has failed: for answering a
  // request only when what it wrote can be read back. Requires start().
  void when_reached(events::Position position, std::function<void()> then);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanggap::projections
