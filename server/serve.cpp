#include "server/serve.h"

#include "server/app.h"
#include "server/data_dir.h"
#include "server/http_server.h"
#include "server/logging.h"

#include <spdlog/spdlog.h>

#include <csignal>

namespace tanggap::server {

int run_serve(const ServeFlags& flags) {
  setup_logging();
  auto config = load_config(flags.config_file, process_environment());
  if (!config) {
    spdlog::error("configuration: {}", config.error().message);
    return 1;
  }
  if (flags.data_dir) config->data_dir = *flags.data_dir;
  if (flags.listen) config->listen = *flags.listen;
  if (auto listen = check_listen(config->listen); !listen) {
    spdlog::error("--listen: {}", listen.error().message);
    return 2;
  }

  // Block the stop signals before any thread starts, so every thread inherits
  // the mask and only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto app = App::open(*config, flags.test_clock);
  if (!app) {
    spdlog::error("cannot start: {}", app.error().message);
    return 1;
  }
  spdlog::info("admin token in {}", admin_token_path(config->data_dir).string());
  // Two I/O threads: the machine has two cores, and disk syncs happen on the
  // store's own writer thread, never here.
  auto http = HttpServer::start(**app, 2);
  if (!http) {
    spdlog::error("cannot start: {}", http.error().message);
    return 1;
  }
  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("signal {}: stopping (requests in flight finish first)", signal);
  (*http)->stop();
  app->reset();   // drains the store; late answers go to the stopped server
  http->reset();
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
  return 0;
}

}  // namespace tanggap::server
