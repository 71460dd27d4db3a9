#include "projections/sla_view.h"

#include "events/bytes.h"
#include "events/case_event_json.h"
#include "events/domain/case_id.h"
#include "events/sha256.h"
#include "projections/sla_timeline_codec.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;

constexpr std::string_view row_prefix = "sla/c/";
constexpr std::string_view due_prefix = "sla/d/";
constexpr std::string_view warn_prefix = "sla/w/";
constexpr std::string_view breach_prefix = "sla/b/";
constexpr std::uint8_t row_format = 1;
// Bumped with every change to how clocks move or deadlines are computed
// (evolve_sla, compute_schedule, the calendar arithmetic): existing views
// then recompute themselves at the next start.
constexpr int rules_algorithm = 2;
constexpr std::size_t max_overdue_page = 1000;
constexpr std::size_t time_hex = 16;

// Only these events move a clock; the rest (notes, assignments, escalations,
// closing) are skipped before their JSON is decoded.
bool moves_a_clock(std::string_view type) {
  static constexpr std::string_view types[] = {
      "CaseSubmitted", "OfficerReplied", "StepAdvanced",     "CitizenWaitStarted", "CitizenWaitEnded",
      "CaseResolved",  "CaseRejected",   "CaseReopened",     "CaseReclassified",   "DeadlineExtended",
      "ObjectionFiled", "SlaWarning",    "SlaBreached"};
  return std::find(std::begin(types), std::end(types), type) != std::end(types);
}

std::string time_key(d::Instant t) {
  auto biased = static_cast<std::uint64_t>(t.time_since_epoch().count()) ^ (std::uint64_t{1} << 63);
  std::string out(time_hex, '0');
  for (std::size_t i = time_hex; i-- > 0; biased >>= 4) out[i] = "0123456789abcdef"[biased & 0xf];
  return out;
}

std::optional<d::Instant> parse_time_key(std::string_view hex) {
  if (hex.size() != time_hex) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : hex) {
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    v = (v << 4) | static_cast<std::uint64_t>(digit);
  }
  return d::Instant{std::chrono::milliseconds{static_cast<std::int64_t>(v ^ (std::uint64_t{1} << 63))}};
}

std::string clock_prefix(std::string_view family, d::SlaClock clock) {
  return fmt::format("{}{}/", family, static_cast<int>(clock));
}

std::string index_key(std::string_view family, d::SlaClock clock, d::Instant t, std::string_view case_id) {
  return clock_prefix(family, clock) + time_key(t) + std::string(case_id);
}

struct SlaRow {
  d::SlaTimeline timeline;
  std::vector<std::string> keys;  // the index keys this row is listed under
};

std::string encode(const SlaRow& row) {
  std::string out;
  events::ByteWriter w(out);
  w.u8(row_format);
  w.str(row.timeline.service);
  w.str(row.timeline.office);
  write_clock_runs(w, row.timeline);
  w.u32(static_cast<std::uint32_t>(row.keys.size()));
  for (const auto& key : row.keys) w.str(key);
  return out;
}

Result<SlaRow> decode(std::string_view bytes) {
  SlaRow row;
  events::ByteReader r(bytes);
  std::uint8_t format = 0;
  std::uint32_t keys = 0;
  bool ok = r.u8(format) && format == row_format && r.str(row.timeline.service) && r.str(row.timeline.office) &&
            read_clock_runs(r, row.timeline) && r.u32(keys) && keys <= r.remaining() / 4;
  for (std::uint32_t i = 0; ok && i < keys; ++i) ok = r.str(row.keys.emplace_back());
  if (!ok || r.remaining() != 0) return fail(Errc::storage_failed, "an SLA row is damaged; run `tanggap rebuild`");
  return row;
}

// Where a case's clocks belong in the indexes now.
std::vector<std::string> index_keys(std::string_view case_id, const d::SlaTimeline& timeline,
                                    const d::Catalog& catalog, const d::Calendars& calendars) {
  std::vector<std::string> keys;
  auto schedule = d::compute_schedule(timeline, catalog, calendars, d::Instant{});
  if (!schedule) {
    // The catalog lost the service or the office since the case came in: the
    // case has no deadlines to keep, which the case view says too.
    spdlog::warn("SLA view: case {} has no deadlines: {}", case_id, schedule.error().message);
    return keys;
  }
  for (const d::ClockSchedule& c : *schedule) {
    if (c.state == d::ClockState::stopped || !c.due) continue;
    keys.push_back(index_key(due_prefix, c.clock, *c.due, case_id));
    if (!c.warned && c.warn_at) keys.push_back(index_key(warn_prefix, c.clock, *c.warn_at, case_id));
    if (!c.breached) keys.push_back(index_key(breach_prefix, c.clock, *c.due, case_id));
  }
  return keys;
}

struct DirtyRow {
  std::vector<std::string> old_keys;
  d::SlaTimeline timeline;
};

}  // namespace

SlaProjection::SlaProjection(const events::EventStore& store, std::shared_ptr<const d::Catalog> catalog,
                             std::shared_ptr<const d::Calendars> calendars)
    : store_(store),
      catalog_(std::move(catalog)),
      calendars_(std::move(calendars)),
      fingerprint_(fmt::format("sla rows {} algorithm {} rules {}", row_format, rules_algorithm,
                               sla_rules_fingerprint(*catalog_, *calendars_))) {}

Result<void> SlaProjection::apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) {
  std::unordered_map<std::string, DirtyRow> rows;
  for (const events::RecordedEvent& e : events) {
    if (!std::string_view(e.stream).starts_with(d::case_stream_prefix) || !moves_a_clock(e.type)) continue;
    const auto& decoded = events::case_event_of(e);
    if (!decoded)
      return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    std::string case_id = e.stream.substr(d::case_stream_prefix.size());
    auto it = rows.find(case_id);
    if (it == rows.end()) {
      DirtyRow dirty;
      if (e.version > 0) {  // a stream's first event starts its row: nothing to read
        auto stored = store_.get_view(std::string(row_prefix) + case_id);
        if (!stored) return stored.error();
        if (*stored) {
          auto row = decode(**stored);
          if (!row) return row.error();
          dirty.old_keys = std::move(row->keys);
          dirty.timeline = std::move(row->timeline);
        }
      }
      it = rows.emplace(std::move(case_id), std::move(dirty)).first;
    }
    it->second.timeline = d::evolve_sla(std::move(it->second.timeline), *decoded);
  }
  for (auto& [case_id, dirty] : rows) {
    auto keys = index_keys(case_id, dirty.timeline, *catalog_, *calendars_);
    SlaRow row{std::move(dirty.timeline), std::move(keys)};
    for (const auto& key : dirty.old_keys)
      if (std::find(row.keys.begin(), row.keys.end(), key) == row.keys.end()) batch.erase(key);
    for (const auto& key : row.keys)
      if (std::find(dirty.old_keys.begin(), dirty.old_keys.end(), key) == dirty.old_keys.end()) batch.put(key, {});
    batch.put(std::string(row_prefix) + case_id, encode(row));
  }
  return {};
}

std::string sla_rules_fingerprint(const d::Catalog& catalog, const d::Calendars& calendars) {
  std::string facts;
  const auto duration = [&](const d::Duration& x) { facts += fmt::format("{}{};", x.amount, d::unit_name(x.unit)); };
  for (const d::ServiceType& type : catalog.types)
    facts += fmt::format("type {} {} {};", type.id, type.objection, type.information_request);
  for (const d::Service& s : catalog.services) {
    facts += fmt::format("service {}/{}:", s.office, s.type);
    for (const d::Target* t : {&s.first_response, &s.resolution}) {
      duration(t->target);
      duration(t->limit);
    }
  }
  for (const auto& [office, calendar] : calendars.by_office) {
    const d::CalendarSpec& spec = calendar.spec();
    facts += fmt::format("calendar {} {} {} {}:", office, spec.id, spec.utc_offset_minutes, spec.open_on_cuti_bersama);
    for (const auto& day : spec.hours) {
      for (const d::OfficeSpan& span : day) facts += fmt::format("{}-{},", span.open, span.close);
      facts += ';';
    }
    for (const d::ClosedDay& closed : spec.closed_days)
      facts += fmt::format("{}{},", std::chrono::sys_days{closed.date}.time_since_epoch().count(),
                           d::closure_kind_name(closed.kind));
    for (int year : spec.published_years) facts += fmt::format("y{},", year);
  }
  return events::sha256_hex(facts).substr(0, 16);
}

namespace {

// A cursor names the last clock of a page: "<due hex>.<clock>.<case id>".
struct Cursor {
  d::Instant due;
  int clock = 0;
  std::string case_id;
};

std::string encode_cursor(const OverdueClock& c) {
  return fmt::format("{}.{}.{}", time_key(c.due), static_cast<int>(c.clock), c.case_id);
}

std::optional<Cursor> decode_cursor(std::string_view text) {
  if (text.size() < time_hex + 4 || text[time_hex] != '.' || text[time_hex + 2] != '.') return std::nullopt;
  const auto due = parse_time_key(text.substr(0, time_hex));
  const char digit = text[time_hex + 1];
  if (!due || digit < '0' || digit >= '0' + static_cast<int>(d::sla_clock_count)) return std::nullopt;
  std::string case_id(text.substr(time_hex + 3));
  if (!d::parse_case_id(case_id)) return std::nullopt;
  return Cursor{*due, digit - '0', std::move(case_id)};
}

// Visits index entries of one family and clock with time < `before` (or <=
// with `inclusive`), in key order from the key `start` on, until `visit` says stop.
Result<void> scan_index(const events::EventStore& store, std::string_view family, d::SlaClock clock,
                        const std::string& start, d::Instant before, bool inclusive,
                        const std::function<bool(d::Instant, std::string_view case_id)>& visit) {
  const std::string prefix = clock_prefix(family, clock);
  return store.scan_views(prefix, start, [&](std::string_view key, std::string_view) {
    const std::string_view rest = key.substr(prefix.size());
    const auto t = parse_time_key(rest.substr(0, std::min(rest.size(), time_hex)));
    if (!t) return false;  // not an index key of this view: stop rather than guess
    if (inclusive ? *t > before : *t >= before) return false;
    return visit(*t, rest.substr(time_hex));
  });
}

}  // namespace

Result<OverduePage> query_overdue(const events::EventStore& store, std::optional<d::SlaClock> clock, d::Instant at,
                                  std::size_t limit, std::string_view cursor_text) {
  limit = std::clamp<std::size_t>(limit, 1, max_overdue_page);
  std::optional<Cursor> cursor;
  if (!cursor_text.empty()) {
    cursor = decode_cursor(cursor_text);
    if (!cursor) return fail(Errc::malformed, "cursor is not one this server gave out", "cursor");
  }
  // Each clock's index is in due order: take up to limit+1 from each, merge.
  // A page starts right after the cursor (a seek, not a skip): thousands of
  // clocks share a due when working days end at the close of office.
  std::vector<OverdueClock> found;
  for (d::SlaClock c : d::all_sla_clocks) {
    if (clock && *clock != c) continue;
    std::string start = clock_prefix(due_prefix, c);
    if (cursor) {
      const int here = static_cast<int>(c);
      if (here < cursor->clock) start += time_key(cursor->due + std::chrono::milliseconds(1));
      else if (here > cursor->clock) start += time_key(cursor->due);
      else start += time_key(cursor->due) + cursor->case_id + '\0';
    }
    std::size_t taken = 0;
    auto scanned = scan_index(store, due_prefix, c, start, at, false, [&](d::Instant due, std::string_view id) {
      found.push_back(OverdueClock{std::string(id), c, due});
      return ++taken <= limit;
    });
    if (!scanned) return scanned.error();
  }
  std::sort(found.begin(), found.end(), [](const OverdueClock& a, const OverdueClock& b) {
    return std::tuple(a.due, a.clock, std::string_view(a.case_id)) <
           std::tuple(b.due, b.clock, std::string_view(b.case_id));
  });
  OverduePage page;
  if (found.size() > limit) {
    found.resize(limit);
    page.next_cursor = encode_cursor(found.back());
  }
  page.clocks = std::move(found);
  return page;
}

Result<std::vector<OverdueClock>> all_overdue(const events::EventStore& store, d::Instant at) {
  std::vector<OverdueClock> out;
  std::string cursor;
  do {
    auto page = query_overdue(store, std::nullopt, at, max_overdue_page, cursor);
    if (!page) return page.error();
    std::move(page->clocks.begin(), page->clocks.end(), std::back_inserter(out));
    cursor = std::move(page->next_cursor);
  } while (!cursor.empty());
  return out;
}

Result<std::vector<std::string>> query_sla_due(const events::EventStore& store, d::Instant now, std::size_t limit) {
  std::map<d::Instant, std::vector<std::string>> by_time;
  // A warning is due at its instant, a breach only after it (as the decider
  // sees them): otherwise a case due exactly now would be checked for nothing.
  for (const auto& [family, inclusive] : {std::pair{warn_prefix, true}, std::pair{breach_prefix, false}})
    for (d::SlaClock c : d::all_sla_clocks) {
      std::size_t taken = 0;  // each index its own budget: the earliest of each are in
      auto scanned = scan_index(store, family, c, clock_prefix(family, c), now, inclusive,
                                [&](d::Instant t, std::string_view id) {
                                  by_time[t].emplace_back(id);
                                  return ++taken < limit;
                                });
      if (!scanned) return scanned.error();
    }
  std::vector<std::string> ids;
  std::unordered_set<std::string> listed;
  for (auto& [t, cases] : by_time)
    for (auto& id : cases)
      if (ids.size() < limit && listed.insert(id).second) ids.push_back(std::move(id));
  return ids;
}

}  // namespace tanggap::projections
