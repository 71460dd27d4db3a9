// server/app.h — everything a running Tanggap holds, wired once.
// serve and the integration tests build an App from a Config; the HTTP layer
// reads from it. Destruction order is the shutdown order: projections stop,
// then the store drains its queue (answering everyone) and closes, and only
// then the case commands that its callbacks may still use. Stop the HTTP
// server first, destroy the App, then the HTTP server (see http_server.h).
#pragma once

#include "events/domain/business_calendar.h"
#include "events/domain/catalog.h"
#include "events/event_store.h"
#include "projections/projection_runner.h"
#include "server/backup.h"
#include "server/bot_runner.h"
#include "bots/texts.h"
#include "server/attachment_store.h"
#include "server/case_commands.h"
#include "server/clock.h"
#include "server/config.h"
#include "server/metrics.h"
#include "server/outbox.h"
#include "server/rate_limiter.h"
#include "server/sla_monitor.h"
#include "server/track_cache.h"
#include "server/whatsapp_counters.h"

#include <boost/asio/thread_pool.hpp>

#include <map>
#include <mutex>
#include <memory>

namespace tanggap::server {

class App {
 public:
  static Result<std::unique_ptr<App>> open(const Config& config, bool test_clock);
  ~App();

  const Config& config() const { return *config_; }
  events::EventStore& store() { return *store_; }
  const domain::Catalog& catalog() const { return *catalog_; }
  std::shared_ptr<const domain::Catalog> catalog_ptr() const { return catalog_; }
  const domain::Calendars& calendars() const { return *calendars_; }
  SlaMonitor& sla_monitor() { return *monitor_; }
  Outbox* outbox() { return outbox_.get(); }  // null unless whatsapp.enabled
  BotRunner* bot() { return bot_.get(); }     // null unless whatsapp.enabled and bot.enabled
  const bots::TextBook& bot_texts() const { return *bot_texts_; }
  projections::ProjectionRunner& projections() { return *runner_; }
  // GET /api/v1/services's body, rendered once at start (the catalog never
  // changes while running); "" for all offices. Null for an unknown office.
  const std::string* services_json(std::string_view office) const {
    const auto it = services_json_.find(std::string(office));
    return it == services_json_.end() ? nullptr : &it->second;
  }
  CaseCommands& cases() { return *cases_; }
  Clock& clock() { return clock_; }
  Metrics& metrics() { return *metrics_; }
  TrackCache& track_cache() { return track_cache_; }
  BackupWorker& backups() { return *backups_; }
  bool test_clock() const { return clock_.settable(); }
  const AttachmentStore& attachments() const { return *attachments_; }
  RateLimiter& submission_limiter() { return *submission_limiter_; }
  WhatsAppCounters& whatsapp_counters() { return whatsapp_counters_; }
  // Runs blocking file work (writing and syncing attachments) on a small pool
  // of its own, so an upload's fsync never stalls the I/O threads.
  void run_blocking(std::function<void()> work);

  // Runs `work` off the store's writer thread: the HTTP server points this at
  // its io_context; without one (tools, tests) work runs inline.
  void defer(std::function<void()> work) const {
    std::function<void(std::function<void()>)> target;
    {
      std::lock_guard lock(defer_mutex_);  // set_defer may run on another thread
      target = defer_;
    }
    if (target) target(std::move(work));
    else work();
  }
  // The HTTP server sets this at start and leaves it: posting to its stopped
  // io_context is harmless, so destroy the App (which drains the store) before it.
  void set_defer(std::function<void(std::function<void()>)> defer) {
    std::lock_guard lock(defer_mutex_);
    defer_ = std::move(defer);
  }

 private:
  explicit App(bool test_clock) : clock_(test_clock) {}
  std::shared_ptr<const Config> config_;
  std::shared_ptr<const domain::Catalog> catalog_;
  std::shared_ptr<const domain::Calendars> calendars_;
  Clock clock_;
  std::unique_ptr<Metrics> metrics_ = std::make_unique<Metrics>();  // before the store, which reports to it
  std::unique_ptr<events::EventStore> store_;
  std::unique_ptr<projections::ProjectionRunner> runner_;
  std::unique_ptr<CaseCommands> cases_;
  std::unique_ptr<SlaMonitor> monitor_;
  std::unique_ptr<Outbox> outbox_;  // appends through cases_ and reads the views
  std::shared_ptr<const bots::TextBook> bot_texts_;
  std::unique_ptr<BotRunner> bot_;  // appends through cases_, reads the views and the attachments
  std::unique_ptr<BackupWorker> backups_;  // reads the store: goes before it
  std::unique_ptr<AttachmentStore> attachments_;
  std::unique_ptr<RateLimiter> submission_limiter_;
  std::unique_ptr<boost::asio::thread_pool> blocking_ = std::make_unique<boost::asio::thread_pool>(2);
  mutable std::mutex defer_mutex_;
  std::function<void(std::function<void()>)> defer_;
  std::map<std::string, std::string> services_json_;
  WhatsAppCounters whatsapp_counters_;
  TrackCache track_cache_{10000};  // ~10k public views of a few KB: tens of MB at most
};

}  // namespace tanggap::server
