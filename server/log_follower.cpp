#include "server/log_follower.h"

#include <spdlog/spdlog.h>

namespace tanggap::server {

void LogFollower::start(events::EventStore& store) {
  if (thread_.joinable()) return;
  subscription_ = store.subscribe([this](events::Position) {
    std::lock_guard lock(mutex_);
    woken_ = true;
    wake_.notify_one();
  });
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void LogFollower::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
  subscription_.reset();
}

void LogFollower::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    if (auto r = round_(); !r) spdlog::error("{}: {}", name_, r.error().message);
    lock.lock();
    wake_.wait_for(lock, poll_, [&] { return stopping_ || woken_; });
  }
}

}  // namespace tanggap::server
