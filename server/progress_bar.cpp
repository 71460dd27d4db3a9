#include "server/progress_bar.h"

#include <fmt/format.h>

#include <cstdio>
#include <unistd.h>

namespace tanggap::server {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)),
      tty_(::isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()),
      last_draw_(started_) {}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  const int percent = total == 0 ? 100 : static_cast<int>(done * 100 / total);
  const auto now = std::chrono::steady_clock::now();
  if (tty_) {
    if (percent == last_percent_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
    constexpr int width = 30;
    const int filled = percent * width / 100;
    std::fprintf(stderr, "\r%s [%s%s] %3d%% %llu/%llu", label_.c_str(), std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), percent,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
    std::fflush(stderr);
  } else if (percent / 10 != last_percent_ / 10) {
    std::fprintf(stderr, "%s: %d%% (%llu/%llu)\n", label_.c_str(), percent, static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total));
  }
  last_percent_ = percent;
  last_draw_ = now;
}

void ProgressBar::finish(std::uint64_t done) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (tty_) std::fputs("\n", stderr);
  std::fprintf(stderr, "%s: %llu events in %.1f s\n", label_.c_str(), static_cast<unsigned long long>(done), seconds);
}

}  // namespace tanggap::server
