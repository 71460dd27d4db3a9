#include "server/report_format.h"

#include <fmt/format.h>

#include <cmath>

namespace tanggap::server {
namespace {

std::optional<double> rounded(const std::optional<double>& value, double scale) {
  if (!value) return std::nullopt;
  return std::round(*value * scale) / scale;
}

}  // namespace

std::optional<double> rounded_hours(const std::optional<double>& value) { return rounded(value, 100); }
std::optional<double> rounded_share(const std::optional<double>& value) { return rounded(value, 10000); }

std::string report_date(std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

}  // namespace tanggap::server
