#include "projections/case_status_view.h"

#include "events/case_event_json.h"
#include "events/domain/case_decider.h"
#include "events/domain/case_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <thread>
#include <unordered_map>

namespace tanggap::projections {

namespace {

constexpr std::string_view row_prefix = "cs/r/";
constexpr std::string_view activity_prefix = "cs/a/";
constexpr std::string_view index_prefix = "cs/i/";
constexpr char sep = '\x1f';
constexpr std::size_t max_page = 500;

std::string sort_key(const CaseStatusRow& row) {
  const auto ms = row.state.updated_at ? row.state.updated_at->time_since_epoch().count() : 0;
  auto inverted = std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(ms);
  std::string key(16, '0');
  for (std::size_t i = 16; i-- > 0; inverted >>= 4) key[i] = "0123456789abcdef"[inverted & 0xf];
  key += row.state.case_id;
  return key;
}

std::string index_key(std::string_view dim, std::string_view value, std::string_view sort) {
  std::string key;
  key.reserve(index_prefix.size() + dim.size() + value.size() + sort.size() + 2);
  key.append(index_prefix).append(dim).append(1, sep).append(value).append(1, sep).append(sort);
  return key;
}

// The queue's filter dimensions, in the key order of their names.
using ValueOf = std::string_view (*)(const domain::CaseState&);
const std::pair<std::string_view, ValueOf> dimensions[] = {
    {"assignee", [](const domain::CaseState& s) -> std::string_view { return s.officer; }},
    {"channel", [](const domain::CaseState& s) { return domain::channel_name(s.channel); }},
    {"office", [](const domain::CaseState& s) -> std::string_view { return s.office; }},
    {"service", [](const domain::CaseState& s) -> std::string_view { return s.service; }},
    {"status", [](const domain::CaseState& s) { return domain::status_name(s.status); }},
    {"unit", [](const domain::CaseState& s) -> std::string_view { return s.unit; }},
};

// Every index key a row is listed under. Empty values (no unit yet) are not indexed.
std::vector<std::string> index_keys(const CaseStatusRow& row) {
  const std::string sort = sort_key(row);
  std::vector<std::string> keys;
  keys.reserve(7);
  keys.push_back(std::string(activity_prefix) + sort);
  for (const auto& [dim, value_of] : dimensions) {
    const std::string_view value = value_of(row.state);
    if (!value.empty()) keys.push_back(index_key(dim, value, sort));
  }
  return keys;
}

bool matches(const CaseStatusRow& row, const QueueFilter& f) {
  const auto& s = row.state;
  auto ok = [](const std::optional<std::string>& want, std::string_view have) { return !want || *want == have; };
  return ok(f.status, domain::status_name(s.status)) && ok(f.service, s.service) && ok(f.office, s.office) &&
         ok(f.unit, s.unit) && ok(f.assignee, s.officer) && ok(f.channel, domain::channel_name(s.channel));
}

// Decodes the case events of a batch (each is kept with its event, for the
// other projections of the round); large batches (a rebuild) on two threads,
// since JSON decoding is most of a replay's work and the machine has two
// cores. Other streams' events are skipped.
void decode_all(const std::vector<events::RecordedEvent>& events) {
  auto decode_range = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const auto& e = events[i];
      if (std::string_view(e.stream).starts_with(domain::case_stream_prefix)) std::ignore = events::case_event_of(e);
    }
  };
  constexpr std::size_t parallel_from = 4096;
  if (events.size() < parallel_from) return;  // decoded one by one as they are applied
  const std::size_t half = events.size() / 2;
  std::thread helper(decode_range, half, events.size());
  decode_range(0, half);
  helper.join();
}

struct DirtyRow {
  std::optional<CaseStatusRow> persisted;
  CaseStatusRow current;
};

}  // namespace

Result<void> CaseStatusProjection::apply(const std::vector<events::RecordedEvent>& events,
                                         events::ViewBatch& batch) {
  decode_all(events);
  std::unordered_map<std::string, DirtyRow> rows;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    if (!std::string_view(e.stream).starts_with(domain::case_stream_prefix)) continue;
    const auto& decoded = events::case_event_of(e);
    if (!decoded)
      return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    const std::string case_id = e.stream.substr(domain::case_stream_prefix.size());
    auto it = rows.find(case_id);
    if (it == rows.end()) {
      DirtyRow dirty;
      // A stream's first event starts its row: nothing to read (a replay is
      // mostly first events of cases, and a miss costs a full look-up).
      if (e.version > 0) {
        auto stored = find_case(store_, case_id);
        if (!stored) return stored.error();
        if (*stored) {
          dirty.persisted = **stored;
          dirty.current = **stored;
        }
      }
      it = rows.emplace(case_id, std::move(dirty)).first;
    }
    CaseStatusRow& row = it->second.current;
    row.state = domain::CaseDecider::evolve(std::move(row.state), *decoded);
    if (const auto* submitted = std::get_if<domain::CaseSubmitted>(&*decoded)) {
      row.title = submitted->title;
      row.tracking_code_hash = submitted->tracking_code_hash;
    } else if (const auto* advanced = std::get_if<domain::StepAdvanced>(&*decoded)) {
      row.step_name = advanced->name;
    } else if (std::holds_alternative<domain::CaseReclassified>(*decoded)) {
      row.step_name.clear();
    }
    row.version = e.version;
    row.position = e.position;
  }
  // Writes go out in key order: RocksDB's memtable inserts a sorted run about
  // three times faster than scattered keys (its skip list starts each insert
  // from the previous one), and a rebuild writes millions. Sorting the rows
  // (not their ~9 keys each) and emitting each key family in order keeps the
  // sorting cheap. Stale index keys of rows seen before go first; they are few.
  struct Listed {
    std::string sort;
    const std::string* case_id;
    const CaseStatusRow* row;
  };
  std::vector<Listed> listed;
  listed.reserve(rows.size());
  for (auto& [case_id, dirty] : rows) {
    if (dirty.persisted) {
      const auto fresh = index_keys(dirty.current);
      for (const auto& key : index_keys(*dirty.persisted))
        if (std::find(fresh.begin(), fresh.end(), key) == fresh.end()) batch.erase(key);
    }
    listed.push_back({sort_key(dirty.current), &case_id, &dirty.current});
  }
  std::sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) { return a.sort < b.sort; });
  for (const auto& l : listed) batch.put(std::string(activity_prefix) + l.sort, {});
  for (const auto& [dim, value_of] : dimensions) {  // in key order of `dim`
    std::map<std::string_view, std::vector<const Listed*>> by_value;
    for (const auto& l : listed) {
      const std::string_view value = value_of(l.row->state);
      if (!value.empty()) by_value[value].push_back(&l);
    }
    for (const auto& [value, members] : by_value)
      for (const auto* l : members) batch.put(index_key(dim, value, l->sort), {});
  }
  std::sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) { return *a.case_id < *b.case_id; });
  for (const auto& l : listed) batch.put(std::string(row_prefix) + *l.case_id, encode_row(*l.row));
  return {};
}

Result<std::optional<CaseStatusRow>> find_case(const events::EventStore& store, std::string_view case_id) {
  auto bytes = store.get_view(std::string(row_prefix) + std::string(case_id));
  if (!bytes) return bytes.error();
  if (!*bytes) return std::optional<CaseStatusRow>{};
  auto row = decode_row(**bytes);
  if (!row) return row.error();
  return std::optional<CaseStatusRow>{std::move(*row)};
}

namespace {

// The queue restricted to a known set of cases: read each row, filter, and
// page in the queue's own order.
Result<QueuePage> query_listed(const events::EventStore& store, const QueueFilter& filter, std::size_t limit,
                               std::string_view cursor) {
  std::vector<std::pair<std::string, CaseStatusRow>> listed;
  for (const std::string& id : *filter.only) {
    auto row = find_case(store, id);
    if (!row) return row.error();
    if (!*row || !matches(**row, filter)) continue;
    std::string sort = sort_key(**row);
    if (!cursor.empty() && sort <= cursor) continue;
    listed.emplace_back(std::move(sort), std::move(**row));
  }
  std::sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  QueuePage page;
  for (auto& [sort, row] : listed) {
    if (page.rows.size() == limit) {
      page.next_cursor = page.rows.empty() ? std::string() : sort_key(page.rows.back());
      break;
    }
    page.rows.push_back(std::move(row));
  }
  return page;
}

}  // namespace

Result<QueuePage> query_queue(const events::EventStore& store, const QueueFilter& filter, std::size_t limit,
                              std::string_view cursor) {
  if (!cursor.empty() && (cursor.size() < 17 || !domain::parse_case_id(cursor.substr(16)) ||
                          cursor.substr(0, 16).find_first_not_of("0123456789abcdef") != std::string_view::npos))
    return fail(Errc::malformed, "the cursor is not one this server gave out", "cursor");
  limit = std::clamp<std::size_t>(limit, 1, max_page);

  if (filter.only) return query_listed(store, filter, limit, cursor);

  // The most selective dimension first: an assignee has fewer cases than a status.
  std::string prefix(activity_prefix);
  const std::pair<std::string_view, const std::optional<std::string>*> order[] = {
      {"assignee", &filter.assignee}, {"unit", &filter.unit},     {"service", &filter.service},
      {"office", &filter.office},     {"channel", &filter.channel}, {"status", &filter.status},
  };
  for (const auto& [dim, value] : order) {
    if (*value) {
      prefix = fmt::format("{}{}{}{}{}", index_prefix, dim, sep, **value, sep);
      break;
    }
  }

  QueuePage page;
  std::optional<Error> failure;
  const std::string start = prefix + std::string(cursor);
  auto scanned = store.scan_views(prefix, start, [&](std::string_view key, std::string_view) {
    const std::string_view sort = key.substr(prefix.size());
    if (sort == cursor) return true;  // the cursor row itself was on the previous page
    if (sort.size() < 17) return true;
    auto row = find_case(store, sort.substr(16));
    if (!row) {
      failure = row.error();
      return false;
    }
    // An index entry without a row cannot be written (same batch); skip defensively.
    if (!*row || !matches(**row, filter) || (filter.except && filter.except->contains((*row)->state.case_id)))
      return true;
    page.rows.push_back(std::move(**row));
    if (page.rows.size() == limit) {
      page.next_cursor = std::string(sort);
      return false;
    }
    return true;
  });
  if (!scanned) return scanned.error();
  if (failure) return *failure;
  return page;
}

}  // namespace tanggap::projections
