// server/bot_runner.h — the shell around the citizen bot (bots/dialogue.h)
// on WhatsApp: one thread that tails the log from its own checkpoint ("bot")
// and, for every message a citizen sent (CitizenMessageReceived on a
// "chat-whatsapp-…" stream), takes one turn of the dialogue:
//
//   1. the state after the citizen's last turn (its bot stream, cached);
//   2. respond(state, input, context) — pure;
//   3. ONE group commit: the turn (BotTurnTaken, its id derived from the
//      message's event id) and an outbound record per reply (ids derived from
//      the turn), which the outbox sends. Messages read together from the
//      log share that commit, as long as they are from different citizens
//      and no case event comes between them (so a burst costs one fsync, not
//      one per message);
//   4. the effects, under ids derived from the turn: a case filed (files
//      fetched from WhatsApp into the attachment store first, the tracking
//      code chosen in step 2 and kept with the turn), a note for the officer,
//      a reopen or close; what came of a filing is fed back as the next turn.
//
// After a crash the same message is read again: its turn is found stored (the
// store answers the derived id as a repeat) and its replies and effects are
// carried out again, each a repeat where it was done. So a message is
// answered once and a case filed once, whatever stops when.
//
// It also tells citizens about their WhatsApp cases: a resolution becomes the
// bot's "is it solved?" question (CaseResolvedNotice); a wait for the citizen,
// a rejection, an escalation and a new step become notices in the citizen's
// language; a resolution left unanswered for `confirmation_working_days` of
// the office closes the case (ConfirmationExpired), from an index of pending
// questions kept beside the checkpoint.
//
// Thread safety: start/stop/run_once from one owner thread.
#pragma once

#include "bots/texts.h"
#include "events/domain/business_calendar.h"
#include "events/domain/catalog.h"
#include "events/event_store.h"
#include "projections/projection_runner.h"
#include "server/attachment_store.h"
#include "server/case_commands.h"
#include "server/config.h"

#include <functional>
#include <memory>
#include <string>

namespace tanggap::server {

struct BotRunnerDeps {
  events::EventStore& store;
  projections::ProjectionRunner& projections;
  CaseCommands& cases;
  const AttachmentStore& attachments;
  std::shared_ptr<const domain::Catalog> catalog;
  std::shared_ptr<const domain::Calendars> calendars;
  std::shared_ptr<const bots::TextBook> texts;
  std::function<domain::Instant()> clock;
  // The bytes of a WhatsApp media id (server/whatsapp_media.h in production).
  std::function<Result<std::string>(std::string_view media_id)> fetch_media;
  BotConfig config;
  std::int32_t utc_offset_minutes = 7 * 60;  // the deployment's zone, for dates the citizen reads
};

class BotRunner {
 public:
  explicit BotRunner(BotRunnerDeps deps);
  ~BotRunner();  // stops the thread
  // On a store the bot never ran on, starts at the head: messages stored
  // before the bot existed are not answered days late. Then starts the thread.
  Result<void> start();
  void stop();
  // One round on the calling thread (tests): every new event, then the
  // confirmations that ran out.
  Result<void> run_once();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanggap::server
