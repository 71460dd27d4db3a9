// The response-time report's parameters, its one maker, its CSV and table
// renderings, and the offline command. Numbers are rounded once, here and in
// report_json.cpp alike (report_format.h): hours to 2 decimals, shares to 4.
#include "server/report_response_times.h"

#include "projections/response_time_view.h"
#include "server/data_dir.h"
#include "server/report_format.h"
#include "server/rules.h"

#include <fmt/format.h>

#include <cstdio>

namespace tanggap::server {
namespace {

namespace d = tanggap::domain;
namespace p = tanggap::projections;
using std::chrono::sys_days;

Result<sys_days> date_param(std::optional<std::string_view> text, std::string_view name) {
  if (!text || text->empty())
    return fail(Errc::invalid_field, fmt::format("{} is required (YYYY-MM-DD)", name), std::string(name));
  // parse_date takes "YYYY-MM-DD" only; the year range keeps the keys' date text four digits.
  const auto date = text->size() == 10 ? d::parse_date(*text) : std::nullopt;
  if (!date || date->year() < std::chrono::year{1970} || date->year() > std::chrono::year{9999})
    return fail(Errc::invalid_field, fmt::format("{} must be a date YYYY-MM-DD", name), std::string(name));
  return sys_days{*date};
}

// RFC 4180: quoted when it holds a comma, a quote or a line break. A text
// that a spreadsheet would run as a formula gets a leading apostrophe.
std::string csv_text(std::string_view text) {
  std::string out;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) out = "'";
  out += text;
  if (out.find_first_of(",\"\r\n") == std::string::npos) return out;
  std::string quoted = "\"";
  for (char c : out) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string optional_number(const std::optional<double>& v, int decimals) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string();
}

std::string exemptions_text(const p::InformationStats& info) {
  std::string out;
  for (const auto& e : info.exemptions) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{}: {} rejected, {} partly granted", e.exemption.empty() ? "(none given)" : e.exemption,
                       e.rejected, e.partly_granted);
  }
  return out;
}

std::vector<std::string> csv_header() {
  std::vector<std::string> h{"group", "received", "resolved", "open"};
  for (std::string_view clock : {"first_response", "resolution"}) {
    for (std::string_view time : {"working_hours", "calendar_hours"})
      for (std::string_view stat : {"median", "p90", "max"}) h.push_back(fmt::format("{}_{}_{}", clock, time, stat));
    h.push_back(fmt::format("{}_measured", clock));
    h.push_back(fmt::format("{}_within_limit", clock));
    h.push_back(fmt::format("{}_within_limit_share", clock));
  }
  h.insert(h.end(), {"breaches", "escalations"});
  for (std::size_t b = 0; b < p::backlog_bucket_count; ++b) h.push_back(fmt::format("backlog_{}", p::backlog_bucket_name(b)));
  h.insert(h.end(), {"information_received", "information_answered", "information_granted",
                     "information_partly_granted", "information_rejected", "information_exemptions",
                     "information_extended", "information_objected", "information_mean_working_days_to_answer"});
  return h;
}

std::vector<std::string> csv_fields(const p::ReportGroup& g, std::string_view key) {
  std::vector<std::string> f{csv_text(key), std::to_string(g.received), std::to_string(g.resolved),
                             std::to_string(g.open)};
  for (const p::ClockStats* c : {&g.first_response, &g.resolution}) {
    for (const p::DurationStats* s : {&c->working, &c->calendar})
      for (const auto* v : {&s->median_hours, &s->p90_hours, &s->max_hours})
        f.push_back(optional_number(rounded_hours(*v), 2));
    f.push_back(std::to_string(c->measured));
    f.push_back(std::to_string(c->within_limit));
    f.push_back(optional_number(rounded_share(c->within_limit_share()), 4));
  }
  f.push_back(std::to_string(g.breaches));
  f.push_back(std::to_string(g.escalations));
  for (std::uint64_t n : g.backlog) f.push_back(std::to_string(n));
  const p::InformationStats& i = g.information;
  for (std::uint64_t n : {i.received, i.answered, i.granted, i.partly_granted, i.rejected}) f.push_back(std::to_string(n));
  f.push_back(csv_text(exemptions_text(i)));
  f.push_back(std::to_string(i.extended));
  f.push_back(std::to_string(i.objected));
  f.push_back(optional_number(rounded_hours(i.mean_working_days_to_answer), 2));
  return f;
}

void append_csv_line(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += fields[i];
  }
  out += "\r\n";
}

std::string hours_cell(const std::optional<double>& v) {
  return v ? fmt::format("{:.2f}", *rounded_hours(v)) : "-";
}

std::string share_cell(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}%", *rounded_share(v) * 100) : "-";
}

}  // namespace

Result<ReportParams> parse_report_params(std::optional<std::string_view> from, std::optional<std::string_view> to,
                                         std::optional<std::string_view> group_by,
                                         std::optional<std::string_view> format, bool allow_table) {
  ReportParams params;
  auto first = date_param(from, "from");
  if (!first) return first.error();
  auto last = date_param(to, "to");
  if (!last) return last.error();
  if (*last < *first) return fail(Errc::invalid_field, "to must not be before from", "to");
  if ((*last - *first).count() >= max_report_days)
    return fail(Errc::invalid_field, fmt::format("a report covers at most {} days", max_report_days), "to");
  params.from = *first;
  params.to = *last;
  const auto grouping = p::parse_group_by(group_by.value_or(""));
  if (!grouping)
    return fail(Errc::invalid_field, "group_by must be channel, service, unit or month", "group_by");
  params.group_by = *grouping;
  const std::string_view f = format.value_or("");
  if (f.empty()) params.format = allow_table ? ReportFormat::table : ReportFormat::json;
  else if (f == "json") params.format = ReportFormat::json;
  else if (f == "csv") params.format = ReportFormat::csv;
  else if (f == "table" && allow_table) params.format = ReportFormat::table;
  else return fail(Errc::invalid_field, allow_table ? "format must be table, csv or json" : "format must be json or csv", "format");
  return params;
}

Result<p::ResponseTimeReport> make_response_time_report(const events::EventStore& store, const d::Calendars& calendars,
                                                        const ReportParams& params, d::Instant as_of) {
  return p::query_response_time_report(store, p::ReportRequest{params.from, params.to, params.group_by, as_of},
                                       calendars);
}

std::string report_csv(const p::ResponseTimeReport& report) {
  std::string out;
  append_csv_line(out, csv_header());
  for (const auto& g : report.groups) append_csv_line(out, csv_fields(g, g.key));
  append_csv_line(out, csv_fields(report.total, "total"));
  return out;
}

std::string report_table(const p::ResponseTimeReport& report) {
  std::vector<const p::ReportGroup*> rows;
  for (const auto& g : report.groups) rows.push_back(&g);
  rows.push_back(&report.total);
  const auto name = [&](const p::ReportGroup& g) { return &g == &report.total ? std::string("total") : g.key; };
  std::string out = fmt::format("Response times, cases received {} to {}{}\n", report_date(report.request.from),
                                report_date(report.request.to),
                                report.request.group_by == p::ReportGroupBy::none
                                    ? ""
                                    : fmt::format(", by {}", p::group_by_name(report.request.group_by)));
  out += "Hours: working = office hours of the office's calendar, calendar = elapsed; waits for the citizen excluded.\n\n";
  out += fmt::format("{:<24} {:>8} {:>8} {:>6}  {:>22}  {:>22}  {:>8} {:>8} {:>8} {:>6}  {:>24}\n", "group", "received",
                     "resolved", "open", "first resp. wh med/p90", "resolution wh med/p90", "FR cal", "FR in", "RES in",
                     "breach", "backlog 0-2/3-5/6-15/16+/60+");
  for (const p::ReportGroup* g : rows) {
    const auto& fr = g->first_response;
    const auto& res = g->resolution;
    out += fmt::format(
        "{:<24} {:>8} {:>8} {:>6}  {:>22}  {:>22}  {:>8} {:>8} {:>8} {:>6}  {:>24}\n", name(*g).substr(0, 24),
        g->received, g->resolved, g->open,
        fmt::format("{} / {}", hours_cell(fr.working.median_hours), hours_cell(fr.working.p90_hours)),
        fmt::format("{} / {}", hours_cell(res.working.median_hours), hours_cell(res.working.p90_hours)),
        hours_cell(fr.calendar.median_hours), share_cell(fr.within_limit_share()),
        share_cell(res.within_limit_share()), g->breaches,
        fmt::format("{}/{}/{}/{}/{}", g->backlog[0], g->backlog[1], g->backlog[2], g->backlog[3], g->backlog[4]));
  }
  out += "\nInformation requests (UU 14/2008 Pasal 12)\n";
  out += fmt::format("{:<24} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}\n", "group", "received", "answered",
                     "granted", "partly", "rejected", "extended", "objected", "avg days");
  for (const p::ReportGroup* g : rows) {
    const auto& i = g->information;
    out += fmt::format("{:<24} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}\n", name(*g).substr(0, 24), i.received,
                       i.answered, i.granted, i.partly_granted, i.rejected, i.extended, i.objected,
                       i.mean_working_days_to_answer ? fmt::format("{:.2f}", *rounded_hours(i.mean_working_days_to_answer)) : "-");
    if (!i.exemptions.empty()) out += fmt::format("  exemptions: {}\n", exemptions_text(i));
  }
  return out;
}

int run_report_response_times(const ReportFlags& flags) {
  auto params = parse_report_params(flags.from, flags.to, flags.group_by, flags.format, true);
  if (!params) {
    std::fprintf(stderr, "tanggap report response-times: %s\n", params.error().message.c_str());
    return 2;
  }
  auto config = load_config(flags.config_file, process_environment());
  if (!config) {
    std::fprintf(stderr, "tanggap report response-times: %s\n", config.error().message.c_str());
    return 1;
  }
  if (flags.data_dir) config->data_dir = *flags.data_dir;
  auto rules = load_rules(*config);  // the calendars age the backlog in working days
  if (!rules) {
    std::fprintf(stderr, "tanggap report response-times: %s\n", rules.error().message.c_str());
    return 1;
  }
  events::Options options;
  options.create_if_missing = false;
  options.read_only = true;  // works beside a running server
  auto store = open_store(config->data_dir, options);
  if (!store) {
    std::fprintf(stderr, "tanggap report response-times: %s\n", store.error().message.c_str());
    return 1;
  }
  // A read-only store cannot catch the view up: say when it lags the log.
  auto checkpoint = (*store)->checkpoint(p::ResponseTimeProjection::projection_name);
  if (!checkpoint) {
    std::fprintf(stderr, "tanggap report response-times: %s\n", checkpoint.error().message.c_str());
    return 1;
  }
  const events::Position head = (*store)->head();
  if (*checkpoint < head)
    std::fprintf(stderr,
                 "tanggap report response-times: warning: the report view is at position %llu of %llu; "
                 "start the server or run `tanggap rebuild` to count the rest\n",
                 static_cast<unsigned long long>(*checkpoint), static_cast<unsigned long long>(head));
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  auto report = make_response_time_report(**store, *rules->calendars, *params, now);
  if (!report) {
    std::fprintf(stderr, "tanggap report response-times: %s\n", report.error().message.c_str());
    return 1;
  }
  std::string text;
  switch (params->format) {
    case ReportFormat::json:
      text = report_json(*report, d::utc_offset_minutes(config->time_zone).value_or(7 * 60)) + "\n";
      break;
    case ReportFormat::csv: text = report_csv(*report); break;
    case ReportFormat::table: text = report_table(*report); break;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace tanggap::server
