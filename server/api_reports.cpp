// server/api_reports.cpp — GET /api/v1/reports/response-times: the PPID
// response-time report (roles ppid, supervisor, admin). The same function as
// `tanggap report response-times` makes it (report_response_times.h).
#include "server/api.h"
#include "server/http_errors.h"
#include "server/report_format.h"
#include "server/report_response_times.h"

namespace tanggap::server {

// ?from=YYYY-MM-DD&to=YYYY-MM-DD (both required, local dates of receipt,
// both included) &group_by=channel|service|unit|month &format=json|csv.
// The view scan runs on the blocking pool: a year of cases is a range scan
// of a million rows, which an I/O thread must not wait for.
void get_response_time_report(const std::shared_ptr<ApiCall>& call) {
  const auto& req = call->request;
  auto params = parse_report_params(req.query_param("from"), req.query_param("to"), req.query_param("group_by"),
                                    req.query_param("format"), false);
  if (!params) return call->respond(error_response(params.error()));
  call->app.run_blocking([call, params = *params] {
    const auto as_of = call->app.clock().now();
    auto report = make_response_time_report(call->app.store(), call->app.calendars(), params, as_of);
    if (!report) return call->respond(error_response(report.error()));
    HttpResponse r;
    r.status = 200;
    r.headers.emplace_back("Cache-Control", "no-store");
    if (params.format == ReportFormat::csv) {
      r.content_type = "text/csv; charset=utf-8; header=present";
      r.body = report_csv(*report);
      r.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"response-times-" + report_date(params.from) + "-" +
                                 report_date(params.to) + ".csv\"");
    } else {
      r.body = report_json(*report, domain::utc_offset_minutes(call->app.config().time_zone).value_or(7 * 60));
    }
    call->respond(std::move(r));
  });
}

}  // namespace tanggap::server
