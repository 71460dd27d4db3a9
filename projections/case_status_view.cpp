#include "projections/case_status_view.h"

#include "events/case_event_json.h"
#include "events/domain/case_decider.h"
#include "events/domain/case_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
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
  const auto inverted = std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(ms);
  return fmt::format("{:016x}{}", inverted, row.state.case_id);
}

std::string index_key(std::string_view dim, std::string_view value, std::string_view sort) {
  return fmt::format("{}{}{}{}{}{}", index_prefix, dim, sep, value, sep, sort);
}

// Every index key a row is listed under. Empty values (no unit yet) are not indexed.
std::vector<std::string> index_keys(const CaseStatusRow& row) {
  const auto& s = row.state;
  const std::string sort = sort_key(row);
  std::vector<std::string> keys{std::string(activity_prefix) + sort};
  const std::pair<std::string_view, std::string> dims[] = {
      {"status", std::string(domain::status_name(s.status))},
      {"service", s.service},
      {"office", s.office},
      {"unit", s.unit},
      {"assignee", s.officer},
      {"channel", std::string(domain::channel_name(s.channel))},
  };
  for (const auto& [dim, value] : dims)
    if (!value.empty()) keys.push_back(index_key(dim, value, sort));
  return keys;
}

bool matches(const CaseStatusRow& row, const QueueFilter& f) {
  const auto& s = row.state;
  auto ok = [](const std::optional<std::string>& want, std::string_view have) { return !want || *want == have; };
  return ok(f.status, domain::status_name(s.status)) && ok(f.service, s.service) && ok(f.office, s.office) &&
         ok(f.unit, s.unit) && ok(f.assignee, s.officer) && ok(f.channel, domain::channel_name(s.channel));
}

struct DirtyRow {
  std::optional<CaseStatusRow> persisted;
  CaseStatusRow current;
};

}  // namespace

Result<void> CaseStatusProjection::apply(const std::vector<events::RecordedEvent>& events,
                                         events::ViewBatch& batch) {
  std::unordered_map<std::string, DirtyRow> rows;
  for (const auto& e : events) {
    if (!std::string_view(e.stream).starts_with(domain::case_stream_prefix)) continue;
    auto decoded = events::decode_case_event(e.type, e.schema, e.data);
    if (!decoded)
      return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    const std::string case_id = e.stream.substr(domain::case_stream_prefix.size());
    auto it = rows.find(case_id);
    if (it == rows.end()) {
      DirtyRow dirty;
      auto stored = find_case(store_, case_id);
      if (!stored) return stored.error();
      if (*stored) {
        dirty.persisted = **stored;
        dirty.current = **stored;
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
  for (auto& [case_id, dirty] : rows) {
    auto fresh = index_keys(dirty.current);
    std::vector<std::string> old;
    if (dirty.persisted) old = index_keys(*dirty.persisted);
    for (const auto& key : old)
      if (std::find(fresh.begin(), fresh.end(), key) == fresh.end()) batch.erase(key);
    for (const auto& key : fresh)
      if (std::find(old.begin(), old.end(), key) == old.end()) batch.put(key, {});
    batch.put(std::string(row_prefix) + case_id, encode_row(dirty.current));
  }
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

Result<QueuePage> query_queue(const events::EventStore& store, const QueueFilter& filter, std::size_t limit,
                              std::string_view cursor) {
  if (!cursor.empty() && (cursor.size() < 17 || !domain::parse_case_id(cursor.substr(16)) ||
                          cursor.substr(0, 16).find_first_not_of("0123456789abcdef") != std::string_view::npos))
    return fail(Errc::malformed, "the cursor is not one this server gave out", "cursor");
  limit = std::clamp<std::size_t>(limit, 1, max_page);

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
    if (!*row || !matches(**row, filter)) return true;
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
