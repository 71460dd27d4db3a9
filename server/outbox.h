// server/outbox.h — the WhatsApp outbox: one thread that turns the log into
// messages to citizens and records every step of sending them.
//
// It tails the log from its own checkpoint ("outbox"): an OfficerReplied on a
// case that came by WhatsApp queues an outbound record (its id derived from
// the reply's event id, so a replay queues nothing twice); a record that
// failed for good, or whose last attempt is uncertain, becomes a note on its
// case for the officer; a delivery that failed late with 131047 is sent again
// as the template. Then it sends what is due: "attempt started" is appended
// and durable BEFORE the request goes out, its result after; an attempt found
// started without a result at start-up is marked uncertain and never resent
// blindly (the request may have reached Meta). A round sends everything due
// at once: the "attempt started" records in one group commit, the requests on
// up to `concurrency` threads, the results in one group commit. Retries back off
// exponentially (events/domain/outbound_policy.h). Outside the 24-hour
// window, known from the citizen's conversation stream, the template goes out.
//
// Thread safety: start/stop/run_once from one owner thread; the worker
// thread is the only sender. `send` is called from up to `concurrency`
// threads at once (server/whatsapp_sender.h's send_whatsapp is stateless).
#pragma once

#include "events/domain/outbound_types.h"
#include "events/event_store.h"
#include "projections/projection_runner.h"
#include "server/case_commands.h"
#include "server/whatsapp_counters.h"
#include "server/whatsapp_sender.h"

#include <functional>
#include <memory>

namespace tanggap::server {

class Outbox {
 public:
  using Clock = std::function<domain::Instant()>;
  using Send = std::function<SendOutcome(const domain::OutboundState& record, domain::SendMode mode)>;
  Outbox(events::EventStore& store, projections::ProjectionRunner& runner, CaseCommands& cases, Clock clock, Send send,
         WhatsAppCounters& counters, std::size_t concurrency = 1);
  ~Outbox();  // stops the thread
  // Marks attempts left without a result by the last run uncertain, then
  // starts the thread. Call after the projections caught up.
  Result<void> start();
  void stop();
  // One round on the calling thread (tests, tools): queue, then send what is due.
  Result<void> run_once();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The folded record of `outbound-<id>` and the stream's last version;
// not_found when there is none.
Result<std::pair<domain::OutboundState, events::Version>> load_outbound(const events::EventStore& store,
                                                                        std::string_view outbound_id);

}  // namespace tanggap::server
