#include "server/http_server.h"

#include "server/api.h"
#include "server/listener.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>
#include <vector>

namespace tanggap::server {

namespace {

// A handler that throws must not take the server down: Asio lets run() go on
// after an exception escapes a handler. The request that threw gets no answer
// (its connection ends at its timeout); the log says so, for the bug report.
void run_io(boost::asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("a request handler failed and was abandoned: {}", e.what());
    } catch (...) {
      spdlog::error("a request handler failed and was abandoned");
    }
  }
}

}  // namespace

namespace net = boost::asio;

// An io_context whose services can be shut down before it is destroyed.
struct IoContext : net::io_context {
  using net::io_context::io_context;
  void shut_down() { shutdown(); }
};

struct HttpServer::Impl {
  // One per thread, each told it has one (Asio then takes cheaper locks);
  // posting to one from any thread stays safe.
  std::vector<std::unique_ptr<IoContext>> iocs;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  std::atomic<std::size_t> next{0};  // round robin over iocs
  net::io_context& next_context() { return *iocs[next.fetch_add(1, std::memory_order_relaxed) % iocs.size()]; }
  std::unique_ptr<Api> api;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  App* app = nullptr;
  bool stopped = false;

  // A handler left queued on one context may hold a session whose socket
  // belongs to another (an answer deferred from the writer thread goes to any
  // context): every context is shut down, destroying such handlers while all
  // the reactors still exist, before the first one is destroyed.
  ~Impl() {
    listener.reset();
    for (auto& ioc : iocs) ioc->shut_down();
  }
};

HttpServer::HttpServer() : impl_(std::make_unique<Impl>()) {}

HttpServer::~HttpServer() { stop(std::chrono::seconds(2)); }

Result<std::unique_ptr<HttpServer>> HttpServer::start(App& app, unsigned threads) {
  std::unique_ptr<HttpServer> server(new HttpServer());
  Impl& impl = *server->impl_;
  impl.app = &app;
  impl.api = std::make_unique<Api>(app, app.metrics());
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    impl.iocs.push_back(std::make_unique<IoContext>(1));
    impl.work.emplace_back(impl.iocs.back()->get_executor());
  }
  // Work finished on the store's writer thread continues on the I/O threads.
  app.set_defer([&impl](std::function<void()> work) { net::post(impl.next_context(), std::move(work)); });

  auto context = std::make_shared<SessionContext>();
  const auto& limits = app.config().limits;
  context->limits.max_body_bytes = limits.max_body_bytes;
  context->limits.idle_timeout = std::chrono::seconds(limits.idle_timeout_s);
  context->limits.max_upload_bytes = limits.max_upload_bytes;
  context->limits.upload_paths = {"/api/v1/cases", "/lapor"};
  Api* api = impl.api.get();
  context->handler = [api](HttpRequest request, Respond respond) { api->handle(std::move(request), std::move(respond)); };
  context->on_rejected = [api](const HttpRequest& request, const HttpResponse& response) { api->record_rejected(request, response); };
  context->open_connections = std::make_shared<std::atomic<std::uint32_t>>(0);
  app.metrics().watch_connections(context->open_connections);

  auto listener = Listener::open(
      *impl.iocs.front(), [&impl]() -> net::any_io_executor { return impl.next_context().get_executor(); },
      app.config().listen, limits.max_connections, context);
  if (!listener) {
    app.set_defer({});  // it named this server, which is not going to exist
    return listener.error();
  }
  impl.listener = std::move(*listener);
  impl.listener->start();
  for (auto& ioc : impl.iocs) impl.threads.emplace_back([&ioc = *ioc] { run_io(ioc); });
  spdlog::info("listening on http://{}:{} with {} threads", app.config().listen.substr(0, app.config().listen.rfind(':')),
               server->port(), impl.threads.size());
  return server;
}

std::uint16_t HttpServer::port() const { return impl_->listener ? impl_->listener->port() : 0; }

void HttpServer::stop(std::chrono::milliseconds grace) {
  if (impl_->stopped) return;
  impl_->stopped = true;
  if (impl_->listener) impl_->listener->stop();
  // Requests in flight finish; idle keep-alive connections end at their timeout
  // or here, when the grace period is over.
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->listener && impl_->listener->open_connections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  impl_->work.clear();
  for (auto& ioc : impl_->iocs) ioc->stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  spdlog::info("HTTP server stopped");
}

}  // namespace tanggap::server
