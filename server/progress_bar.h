// server/progress_bar.h — progress of long offline runs (rebuild, verify) on stderr.
// On a terminal: one line redrawn in place. Elsewhere (CI logs, systemd):
// a plain line every 10%, so logs stay readable.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tanggap::server {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  void update(std::uint64_t done, std::uint64_t total);
  void finish(std::uint64_t done);

 private:
  std::string label_;
  bool tty_;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace tanggap::server
