// server/report_response_times.h — the PPID response-time report as the API
// and the command line give it: parameters read and checked, the report made
// from the store (one function both call, so they give the same numbers),
// and rendered as JSON, CSV (RFC 4180) or a text table.
// Making a report scans the response-time view: call it from a worker thread
// or a tool, never an I/O thread. Renderers are pure.
#pragma once

#include "events/domain/business_calendar.h"
#include "events/event_store.h"
#include "projections/response_time_report.h"
#include "server/config.h"

#include <optional>
#include <string>
#include <string_view>

namespace tanggap::server {

enum class ReportFormat : std::uint8_t { json, csv, table };

struct ReportParams {
  std::chrono::sys_days from;
  std::chrono::sys_days to;
  projections::ReportGroupBy group_by = projections::ReportGroupBy::none;
  ReportFormat format = ReportFormat::json;
};

// The longest period one report covers: ten years.
inline constexpr int max_report_days = 3660;

// Reads from/to ("YYYY-MM-DD", both required, from <= to, at most
// max_report_days), group_by and format (json, csv; table only when
// `allow_table`). An invalid_field error names the parameter.
Result<ReportParams> parse_report_params(std::optional<std::string_view> from, std::optional<std::string_view> to,
                                         std::optional<std::string_view> group_by,
                                         std::optional<std::string_view> format, bool allow_table);

// The report for the cases received in the period, as of `as_of`.
Result<projections::ResponseTimeReport> make_response_time_report(const events::EventStore& store,
                                                                  const domain::Calendars& calendars,
                                                                  const ReportParams& params, domain::Instant as_of);

// `offset_minutes` renders as_of in the office's zone.
std::string report_json(const projections::ResponseTimeReport& report, std::int32_t offset_minutes);  // report_json.cpp
std::string report_csv(const projections::ResponseTimeReport& report);
std::string report_table(const projections::ResponseTimeReport& report);

// `tanggap report response-times`: opens the store read-only (a server may run).
struct ReportFlags {
  std::string from;
  std::string to;
  std::string group_by;
  std::string format = "table";
  std::optional<std::string> data_dir;
  std::optional<std::string> config_file;
};
int run_report_response_times(const ReportFlags& flags);

}  // namespace tanggap::server
