#include "tests/fakes/fake_graph_api.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <map>

namespace tanggap::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct FakeGraphApi::Impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  mutable std::mutex mutex;
  std::deque<GraphAnswer> script;
  std::vector<GraphRequest> requests;
  std::vector<std::string> accepted;
  std::map<std::string, std::pair<std::string, std::string>> media;  // id → bytes, type
  std::size_t media_fetches = 0;
  std::chrono::milliseconds delay{0};
  std::size_t in_flight = 0, max_in_flight = 0;
  std::thread thread;
  std::vector<std::thread> connections;  // joined when the fake stops
  void answer(tcp::socket socket);
};

FakeGraphApi::FakeGraphApi() : impl_(std::make_unique<Impl>()) {
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->thread = std::thread([this] { serve(); });
}

FakeGraphApi::~FakeGraphApi() {
  impl_->stopping = true;
  // Wake the blocking accept with a connection of our own.
  beast::error_code ignored;
  tcp::socket poke(impl_->ioc);
  poke.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), impl_->port), ignored);
  impl_->thread.join();
  for (auto& t : impl_->connections) t.join();
}

std::string FakeGraphApi::base_url() const { return fmt::format("http://127.0.0.1:{}/v21.0", impl_->port); }

void FakeGraphApi::script(std::vector<GraphAnswer> answers) {
  std::lock_guard lock(impl_->mutex);
  for (auto& a : answers) impl_->script.push_back(std::move(a));
}

std::vector<GraphRequest> FakeGraphApi::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}
std::size_t FakeGraphApi::request_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests.size();
}
std::vector<std::string> FakeGraphApi::accepted_ids() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->accepted;
}

void FakeGraphApi::add_media(const std::string& id, std::string bytes, const std::string& mime_type) {
  std::lock_guard lock(impl_->mutex);
  impl_->media[id] = {std::move(bytes), mime_type};
}
std::size_t FakeGraphApi::media_fetches() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->media_fetches;
}
void FakeGraphApi::delay_answers(std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mutex);
  impl_->delay = delay;
}
std::size_t FakeGraphApi::max_in_flight() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->max_in_flight;
}

GraphAnswer FakeGraphApi::error(unsigned status, std::int64_t code, const std::string& details) {
  return {status,
          nlohmann::json{{"error",
                          {{"message", "(#" + std::to_string(code) + ") error"},
                           {"type", "OAuthException"},
                           {"code", code},
                           {"error_data", {{"messaging_product", "whatsapp"}, {"details", details}}},
                           {"fbtrace_id", "FAKE"}}}}
              .dump(),
          false};
}

void FakeGraphApi::serve() {
  while (!impl_->stopping) {
    tcp::socket socket(impl_->ioc);
    beast::error_code ec;
    impl_->acceptor.accept(socket, ec);
    if (ec || impl_->stopping) continue;
    impl_->connections.emplace_back([impl = impl_.get(), s = std::move(socket)]() mutable { impl->answer(std::move(s)); });
  }
}

void FakeGraphApi::Impl::answer(tcp::socket socket) {
  beast::error_code ec;
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  http::read(socket, buffer, req, ec);
  if (ec) return;
  GraphAnswer answer;
  std::string content_type = "application/json";
  std::chrono::milliseconds wait{0};
  if (req.method() == http::verb::get) {
    std::lock_guard lock(mutex);
    ++media_fetches;
    const std::string target(req.target());
    const std::string bytes_prefix = "/v21.0/media-bytes/";
    const bool bytes = target.starts_with(bytes_prefix);
    const std::string id = bytes ? target.substr(bytes_prefix.size()) : target.substr(std::min(target.size(), std::size_t{7}));
    const auto found = media.find(id);
    if (found == media.end()) {
      answer = FakeGraphApi::error(404, 100, "Unsupported get request");
    } else if (bytes) {
      answer.body = found->second.first;
      content_type = found->second.second;
    } else {
      answer.body = nlohmann::json{{"messaging_product", "whatsapp"},
                                   {"url", fmt::format("http://127.0.0.1:{}{}{}", port, bytes_prefix, id)},
                                   {"mime_type", found->second.second},
                                   {"file_size", found->second.first.size()},
                                   {"id", id}}
                        .dump();
    }
  } else {
    std::lock_guard lock(mutex);
    requests.push_back({std::string(req.method_string()), std::string(req.target()),
                        std::string(req[http::field::authorization]), std::string(req[http::field::content_type]),
                        req.body()});
    if (!script.empty()) {
      answer = std::move(script.front());
      script.pop_front();
    }
    if (answer.status == 200 && answer.body.empty()) {
      const std::string wamid = fmt::format("wamid.OUT-{:04}", accepted.size() + 1);
      accepted.push_back(wamid);
      std::string to = "+0";
      const auto j = nlohmann::json::parse(req.body(), nullptr, false);
      if (j.is_object() && j.contains("to") && j["to"].is_string()) to = j["to"].get<std::string>();
      answer.body = nlohmann::json{{"messaging_product", "whatsapp"},
                                   {"contacts", {{{"input", to}, {"wa_id", to.substr(1)}}}},
                                   {"messages", {{{"id", wamid}}}}}
                        .dump();
    }
    max_in_flight = std::max(max_in_flight, ++in_flight);
    wait = delay;
  }
  if (wait.count() > 0) std::this_thread::sleep_for(wait);
  if (!answer.hang_up) {  // else the socket closes unanswered
    http::response<http::string_body> res{static_cast<http::status>(answer.status), 11};
    res.set(http::field::content_type, content_type);
    res.keep_alive(false);
    res.body() = answer.body;
    res.prepare_payload();
    http::write(socket, res, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
  if (req.method() != http::verb::get) {
    std::lock_guard lock(mutex);
    --in_flight;
  }
}

}  // namespace tanggap::testing
