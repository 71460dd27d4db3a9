#include "projections/outbound_view.h"

#include "events/chat_event_json.h"
#include "events/domain/overloaded.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <tuple>

namespace tanggap::projections {

namespace {

namespace d = tanggap::domain;

constexpr std::string_view by_message = "ob/m/";
constexpr std::string_view pending = "ob/p/";
constexpr std::string_view by_case = "ob/c/";

}  // namespace

Result<void> OutboundProjection::apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) {
  for (const events::RecordedEvent& e : events) {
    if (!std::string_view(e.stream).starts_with(d::outbound_stream_prefix)) continue;
    auto decoded = events::decode_outbound_event(e.type, e.schema, e.data);
    if (!decoded)
      return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    const std::string id = e.stream.substr(d::outbound_stream_prefix.size());
    // Each event alone says how the indexes change, so no row is folded here.
    std::visit(d::overloaded{
                   [&](const d::OutboundQueued& q) {
                     batch.put(fmt::format("{}{}", pending, id), std::to_string(e.position));
                     if (!q.case_id.empty()) batch.put(fmt::format("{}{}/{}", by_case, q.case_id, id), "");
                   },
                   [&](const d::OutboundAttemptStarted&) {},
                   [&](const d::OutboundSent& s) {
                     batch.put(fmt::format("{}{}", by_message, s.message_id), id);
                     batch.erase(fmt::format("{}{}", pending, id));
                   },
                   [&](const d::OutboundAttemptFailed& f) {
                     if (f.permanent || !f.retry_at) batch.erase(fmt::format("{}{}", pending, id));
                     else batch.put(fmt::format("{}{}", pending, id), std::to_string(e.position));
                   },
                   [&](const d::OutboundAttemptUncertain&) { batch.erase(fmt::format("{}{}", pending, id)); },
                   [&](const d::OutboundDeliveryUpdated&) {},
               },
               *decoded);
  }
  return {};
}

Result<std::optional<std::string>> find_outbound_by_message_id(const events::EventStore& store,
                                                               std::string_view message_id) {
  return store.get_view(fmt::format("{}{}", by_message, message_id));
}

Result<std::vector<PendingOutbound>> pending_outbound(const events::EventStore& store, std::size_t limit) {
  std::vector<PendingOutbound> found;
  auto scanned = store.scan_views(pending, pending, [&](std::string_view key, std::string_view value) {
    PendingOutbound p{std::string(key.substr(pending.size())), 0};
    std::from_chars(value.data(), value.data() + value.size(), p.since);  // a row that says nothing sorts first
    found.push_back(std::move(p));
    return true;
  });
  if (!scanned) return scanned.error();
  const auto older = [](const PendingOutbound& a, const PendingOutbound& b) {
    return std::tie(a.since, a.id) < std::tie(b.since, b.id);
  };
  if (found.size() > limit) {
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(limit), found.end(), older);
    found.resize(limit);
  } else {
    std::sort(found.begin(), found.end(), older);
  }
  return found;
}

Result<std::vector<std::string>> outbound_of_case(const events::EventStore& store, std::string_view case_id) {
  const std::string prefix = fmt::format("{}{}/", by_case, case_id);
  std::vector<std::string> ids;
  auto scanned = store.scan_views(prefix, prefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key.substr(prefix.size()));
    return true;
  });
  if (!scanned) return scanned.error();
  return ids;
}

}  // namespace tanggap::projections
