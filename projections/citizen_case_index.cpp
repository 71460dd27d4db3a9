#include "projections/citizen_case_index.h"

#include "events/case_event_json.h"
#include "events/domain/case_id.h"
#include "events/domain/case_types.h"

#include <fmt/format.h>

namespace tanggap::projections {

namespace {

namespace d = tanggap::domain;

constexpr std::string_view by_phone = "cc/wa/";
constexpr std::string_view by_chat = "cc/tg/";

std::string_view digits_of(std::string_view phone) {
  if (phone.starts_with('+')) phone.remove_prefix(1);
  return phone;
}

// Keys hold the citizen's key between slashes: one that could hold a slash
// (it never does: digits) is left out rather than mixed up with another's.
bool usable(std::string_view key) { return !key.empty() && key.size() <= 64 && key.find('/') == std::string_view::npos; }

Result<std::vector<std::string>> scan(const events::EventStore& store, std::string prefix, std::size_t limit) {
  std::vector<std::string> ids;
  if (limit == 0) return ids;
  auto done = store.scan_views(prefix, prefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key.substr(prefix.size()));
    return ids.size() < limit;
  });
  if (!done) return done.error();
  return ids;
}

}  // namespace

Result<void> CitizenCaseIndex::apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) {
  for (const events::RecordedEvent& e : events) {
    if (e.type != "CaseSubmitted" || !std::string_view(e.stream).starts_with(d::case_stream_prefix)) continue;
    const auto& decoded = events::case_event_of(e);
    if (!decoded) return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    const auto* submitted = std::get_if<d::CaseSubmitted>(&*decoded);
    if (!submitted) continue;
    const std::string case_id = e.stream.substr(d::case_stream_prefix.size());
    const auto phone = digits_of(submitted->reporter.phone);
    if (usable(phone)) batch.put(fmt::format("{}{}/{}", by_phone, phone, case_id), "");
    if (usable(submitted->reporter.chat_id))
      batch.put(fmt::format("{}{}/{}", by_chat, submitted->reporter.chat_id, case_id), "");
  }
  return {};
}

Result<std::vector<std::string>> cases_of_phone(const events::EventStore& store, std::string_view phone,
                                                std::size_t limit) {
  const auto digits = digits_of(phone);
  if (!usable(digits)) return std::vector<std::string>{};
  return scan(store, fmt::format("{}{}/", by_phone, digits), limit);
}

Result<std::vector<std::string>> cases_of_chat(const events::EventStore& store, std::string_view chat_id,
                                               std::size_t limit) {
  if (!usable(chat_id)) return std::vector<std::string>{};
  return scan(store, fmt::format("{}{}/", by_chat, chat_id), limit);
}

}  // namespace tanggap::projections
