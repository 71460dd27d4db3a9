// server/log_follower.h — the thread behind a worker that follows the log
// (the outbox, the bot): it runs one round whenever the store's head moves,
// and at least every `poll` (for what falls due with time, not with the log:
// a retry, a confirmation running out). A round that fails is logged under
// the worker's name and tried again on the next wake; rounds never overlap.
// Thread safety: start/stop from one owner thread.
#pragma once

#include "events/domain/error.h"
#include "events/event_store.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace tanggap::server {

class LogFollower {
 public:
  LogFollower(std::string name, std::chrono::milliseconds poll, std::function<Result<void>()> round)
      : name_(std::move(name)), poll_(poll), round_(std::move(round)) {}
  ~LogFollower() { stop(); }
  LogFollower(const LogFollower&) = delete;
  LogFollower& operator=(const LogFollower&) = delete;

  bool running() const { return thread_.joinable(); }
  void start(events::EventStore& store);
  void stop();  // waits for a round under way

 private:
  void run();
  std::string name_;
  std::chrono::milliseconds poll_;
  std::function<Result<void>()> round_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
  events::Subscription subscription_;
};

}  // namespace tanggap::server
