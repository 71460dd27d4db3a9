// server/report_format.h — how the response-time report's numbers and dates
// are written, shared by its JSON, CSV and table renderings so that all three
// show the same figures: hours and days rounded to 2 decimals, shares (0..1)
// to 4, dates as YYYY-MM-DD. Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace tanggap::server {

std::optional<double> rounded_hours(const std::optional<double>& value);  // also mean days
std::optional<double> rounded_share(const std::optional<double>& value);
std::string report_date(std::chrono::sys_days day);

}  // namespace tanggap::server
