// server/case_commands.h — runs the case decider against the log.
// The one place where a case command becomes appended events: read the
// stream, fold evolve from the initial state, check the client's
// expected_version (409 at once when stale), decide, append with the exact
// version. A new case gets its id from the store's counter for (prefix, year)
// inside the same WriteBatch as its first events (BindSequence), so ids never
// repeat, not even across crashes. Commands that carry no version (bots,
// webhooks) retry up to three times on a conflict, deciding again on the
// newer state (Equinox).
// Thread safety: all members may be called from any thread. `done` runs on
// the store's writer thread: post to your own executor there.
#pragma once

#include "events/domain/business_calendar.h"
#include "events/domain/case_types.h"
#include "events/event_store.h"

#include <functional>
#include <memory>
#include <optional>

namespace tanggap::server {

struct Submitted {
  std::string case_id;
  std::string tracking_code;  // shown once to the citizen; only its hash is stored
  domain::CaseState state;
  events::Appended appended;
};

struct Executed {
  domain::CaseState state;
  std::vector<domain::CaseEvent> events;  // empty: the command asked for what already held
  events::Version version = 0;            // the stream's version after the command
  events::Position position = 0;          // the last position written (0 when nothing)
};

// Ids that tie the events of one request together in the log.
struct Trace {
  std::string correlation_id;
  std::string causation_id;
  // Event ids derived from a client's idempotency key make a retried request
  // an idempotent no-op in the store; empty: fresh random ids.
  std::string idempotency_seed;
};

class CaseCommands {
 public:
  using Clock = std::function<domain::Instant()>;
  // Runs a retry away from the store's writer thread (the server posts it to
  // its thread pool); empty: the retry runs inline, which costs the writer one
  // point read and suits tools and tests.
  using Defer = std::function<void(std::function<void()>)>;
  // `calendars` may be null where no SLA check runs (tools, some tests).
  CaseCommands(events::EventStore& store, std::shared_ptr<const domain::Catalog> catalog, Clock clock,
               Defer defer = {}, std::shared_ptr<const domain::Calendars> calendars = {});

  // `tracking_code` empty: a fresh random one. A caller that must file the
  // same case with the same code after a crash (the bot, which stores the code
  // with its turn and derives the ids from the turn) passes its own.
  void submit(domain::Submit command, domain::Actor actor, Trace trace,
              std::function<void(Result<Submitted>)> done, std::string tracking_code = {});
  // The checks submit() makes before anything is stored (the decider's, with a
  // placeholder id), for callers that keep files first: a submission refused
  // for its fields then leaves no file behind. submit() checks again.
  Result<void> check_submission(domain::Submit command, const domain::Actor& actor) const;
  void execute(std::string case_id, domain::CaseCommand command,
               std::optional<events::Version> expected_version, domain::Actor actor, Trace trace,
               std::function<void(Result<Executed>)> done);

  // Blocking forms for tools and tests; never call them on an I/O thread.
  Result<Submitted> submit_and_wait(domain::Submit command, domain::Actor actor, Trace trace = {},
                                    std::string tracking_code = {});
  Result<Executed> execute_and_wait(std::string case_id, domain::CaseCommand command,
                                    std::optional<events::Version> expected_version, domain::Actor actor,
                                    Trace trace = {});

  // The case folded from its stream, and the stream's last version; not_found when none.
  Result<std::pair<domain::CaseState, events::Version>> load(std::string_view case_id) const;

 private:
  void execute_attempt(std::shared_ptr<struct ExecuteJob> job);
  events::EventStore& store_;
  std::shared_ptr<const domain::Catalog> catalog_;
  std::shared_ptr<const domain::Calendars> calendars_;
  Clock clock_;
  Defer defer_;
};

// The events as the log stores them, ids derived from the trace's seed when set.
std::vector<events::NewEvent> to_new_events(const std::vector<domain::CaseEvent>& events,
                                            const domain::Actor& actor, const Trace& trace);

}  // namespace tanggap::server
