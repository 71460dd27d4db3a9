// The response-time report as JSON (GET /api/v1/reports/response-times,
// `tanggap report response-times --format json`). Field names say their unit:
// `working_hours`, `calendar_hours`, `mean_working_days_to_answer`; a figure
// with nothing to measure is null, never 0.
#include "server/report_format.h"
#include "server/report_response_times.h"

#include "events/domain/time.h"

#include <nlohmann/json.hpp>

namespace tanggap::server {
namespace {

using nlohmann::json;
namespace p = tanggap::projections;

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json duration_json(const p::DurationStats& s) {
  return {{"count", s.count},
          {"median", number_or_null(rounded_hours(s.median_hours))},
          {"p90", number_or_null(rounded_hours(s.p90_hours))},
          {"max", number_or_null(rounded_hours(s.max_hours))}};
}

json clock_json(const p::ClockStats& c) {
  return {{"working_hours", duration_json(c.working)},
          {"calendar_hours", duration_json(c.calendar)},
          {"measured", c.measured},
          {"within_limit", c.within_limit},
          {"within_limit_share", number_or_null(rounded_share(c.within_limit_share()))}};
}

json group_json(const p::ReportGroup& g) {
  json backlog = json::object();
  for (std::size_t b = 0; b < p::backlog_bucket_count; ++b) backlog[std::string(p::backlog_bucket_name(b))] = g.backlog[b];
  const p::InformationStats& i = g.information;
  json exemptions = json::array();
  for (const auto& e : i.exemptions)
    exemptions.push_back({{"exemption", e.exemption}, {"rejected", e.rejected}, {"partly_granted", e.partly_granted}});
  return {{"received", g.received},
          {"resolved", g.resolved},
          {"open", g.open},
          {"first_response", clock_json(g.first_response)},
          {"resolution", clock_json(g.resolution)},
          {"breaches", g.breaches},
          {"escalations", g.escalations},
          {"backlog", std::move(backlog)},
          {"information_requests",
           {{"received", i.received},
            {"answered", i.answered},
            {"granted", i.granted},
            {"partly_granted", i.partly_granted},
            {"rejected", i.rejected},
            {"exemptions", std::move(exemptions)},
            {"extended", i.extended},
            {"objected", i.objected},
            {"mean_working_days_to_answer", number_or_null(rounded_hours(i.mean_working_days_to_answer))}}}};
}

}  // namespace

std::string report_json(const p::ResponseTimeReport& report, std::int32_t offset_minutes) {
  json groups = json::array();
  for (const auto& g : report.groups) {
    json entry = group_json(g);
    entry["key"] = g.key;
    groups.push_back(std::move(entry));
  }
  const auto by = report.request.group_by;
  return json{{"from", report_date(report.request.from)},
              {"to", report_date(report.request.to)},
              {"group_by", by == p::ReportGroupBy::none ? json(nullptr) : json(p::group_by_name(by))},
              {"as_of", domain::format_instant(report.request.as_of, offset_minutes)},
              {"groups", std::move(groups)},
              {"total", group_json(report.total)}}
      .dump();
}

}  // namespace tanggap::server
