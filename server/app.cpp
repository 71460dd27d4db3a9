#include "server/app.h"

#include "events/catalog_json.h"
#include "projections/all_projections.h"
#include "server/bot_texts_json.h"
#include "server/data_dir.h"
#include "server/rules.h"
#include "server/staff_accounts.h"
#include "server/whatsapp_media.h"

#include <boost/asio/post.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace tanggap::server {

Result<std::unique_ptr<App>> App::open(const Config& config, bool test_clock) {
  std::unique_ptr<App> app(new App(test_clock));
  app->config_ = std::make_shared<const Config>(config);

  auto rules = load_rules(config);
  if (!rules) return rules.error();
  app->catalog_ = std::move(rules->catalog);
  app->calendars_ = std::move(rules->calendars);
  for (const auto& gap : domain::holiday_gaps(*app->calendars_, app->clock_.now())) spdlog::warn("{}", gap);
  // Every word the bot says, checked complete before anything starts.
  auto texts = load_bot_texts(locate_shipped_dir(config.bot.texts_dir));
  if (!texts) return texts.error();
  app->bot_texts_ = std::make_shared<const bots::TextBook>(std::move(*texts));
  app->services_json_[""] = events::catalog_to_json(*app->catalog_, "");
  for (const auto& office : app->catalog_->offices)
    app->services_json_[office.id] = events::catalog_to_json(*app->catalog_, office.id);

  events::Options options;
  options.durability = config.durability == "async" ? events::Durability::async : events::Durability::sync;
  Clock* clock = &app->clock_;
  options.clock = [clock] { return clock->now(); };
  Metrics* metrics = app->metrics_.get();
  options.on_group_commit = [metrics](std::size_t events) { metrics->observe_group_commit(events); };
  auto store = open_store(config.data_dir, options);
  if (!store) return store.error();
  app->store_ = std::move(*store);

  auto admin = ensure_admin(*app->store_, admin_token_path(config.data_dir).string(), app->clock_.now());
  if (!admin) return admin.error();

  app->runner_ = std::make_unique<projections::ProjectionRunner>(*app->store_);
  projections::add_all_projections(*app->runner_, *app->store_, app->catalog_, app->calendars_);
  // Catch up before serving, so the first request already finds the views
  // current (the admin account just created, cases written before a crash).
  auto caught_up = app->runner_->catch_up();
  if (!caught_up) return caught_up.error();
  app->runner_->start();
  App* self = app.get();
  app->cases_ = std::make_unique<CaseCommands>(*app->store_, app->catalog_, [clock] { return clock->now(); },
                                               [self](std::function<void()> work) { self->defer(std::move(work)); },
                                               app->calendars_);
  app->monitor_ = std::make_unique<SlaMonitor>(*app->store_, *app->runner_, *app->cases_, [clock] { return clock->now(); },
                                               std::chrono::seconds(config.sla.monitor_interval_s), metrics);
  app->monitor_->start();
  if (config.whatsapp.enabled) {
    metrics->watch_whatsapp(&app->whatsapp_counters_);
    if (config.whatsapp.api_base.starts_with("https://") && !tls_client_available())
      spdlog::warn("whatsapp.api_base is https:// but this build has no TLS client: nothing will be sent");
    const WhatsAppConfig wa = config.whatsapp;
    app->outbox_ = std::make_unique<Outbox>(
        *app->store_, *app->runner_, *app->cases_, [clock] { return clock->now(); },
        [wa](const domain::OutboundState& record, domain::SendMode mode) { return send_whatsapp(record, mode, wa); },
        app->whatsapp_counters_, config.whatsapp.send_concurrency);
    auto started = app->outbox_->start();
    if (!started) return started.error();
  }
  app->backups_ = std::make_unique<BackupWorker>(*app->store_, config.data_dir);
  app->attachments_ = std::make_unique<AttachmentStore>(attachments_path(config.data_dir));
  if (config.whatsapp.enabled && config.bot.enabled) {
    const WhatsAppConfig wa = config.whatsapp;
    BotRunnerDeps deps{*app->store_,
                       *app->runner_,
                       *app->cases_,
                       *app->attachments_,
                       app->catalog_,
                       app->calendars_,
                       app->bot_texts_,
                       [clock] { return clock->now(); },
                       [wa](std::string_view media_id) { return fetch_whatsapp_media(wa, media_id); },
                       config.bot,
                       domain::utc_offset_minutes(config.time_zone).value_or(7 * 60)};
    app->bot_ = std::make_unique<BotRunner>(std::move(deps));
    auto started = app->bot_->start();
    if (!started) return started.error();
  }
  app->submission_limiter_ =
      std::make_unique<RateLimiter>(config.limits.submissions_per_minute, config.limits.submission_burst);
  spdlog::info("store open at {} (head {}, durability {}), {} offices and {} services in the catalog",
               store_path(config.data_dir).string(), app->store_->head(), config.durability,
               app->catalog_->offices.size(), app->catalog_->services.size());
  return app;
}

App::~App() {
  // The HTTP server's io_context has stopped: a retry deferred there would be
  // dropped and its caller (the monitor) would wait forever. Run them inline.
  set_defer({});
  backups_.reset();  // waits for a backup under way: it reads the store
  // Uploads under way finish (their submissions reach the store, still open).
  if (blocking_) blocking_->join();
  if (bot_) bot_->stop();        // it appends through cases_ and reads the views
  if (outbox_) outbox_->stop();  // it appends through cases_ and waits on the runner
  if (monitor_) monitor_->stop();  // it appends through cases_ and waits on the runner
  if (runner_) runner_->stop();
  store_.reset();  // drains: callbacks still reach cases_ and the runner
  runner_.reset();
  cases_.reset();
}

void App::run_blocking(std::function<void()> work) { boost::asio::post(*blocking_, std::move(work)); }

}  // namespace tanggap::server
