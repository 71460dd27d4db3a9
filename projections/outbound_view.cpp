#include "projections/outbound_view.h"

#include "events/chat_event_json.h"
#include "events/domain/overloaded.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace tanggap::projections {

namespace {

namespace d = tanggap::domain;

constexpr std::string_view by_message = "ob/m/";
constexpr std::string_view pending = "ob/p/";
constexpr std::string_view queued_at = "ob/q/";
constexpr std::string_view by_case = "ob/c/";

}  // namespace

Result<void> OutboundProjection::apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) {
  // Where each record touched by this call is pending (empty: not pending);
  // the store answers for the others, as of the last commit.
  std::unordered_map<std::string, std::string> since_of;
  const auto pending_since = [&](const std::string& id) -> Result<std::string> {
    if (auto it = since_of.find(id); it != since_of.end()) return it->second;
    auto stored = store_.get_view(fmt::format("{}{}", queued_at, id));
    if (!stored) return stored.error();
    return since_of[id] = stored->value_or("");
  };
  const auto make_pending = [&](const std::string& id, events::Position at) -> Result<void> {
    auto since = pending_since(id);
    if (!since) return since.error();
    if (!since->empty()) return {};  // pending already: it keeps its place
    const std::string hex = fmt::format("{:016x}", at);
    batch.put(fmt::format("{}{}/{}", pending, hex, id), "");
    batch.put(fmt::format("{}{}", queued_at, id), hex);
    since_of[id] = hex;
    return {};
  };
  const auto finish = [&](const std::string& id) -> Result<void> {
    auto since = pending_since(id);
    if (!since) return since.error();
    if (since->empty()) return {};
    batch.erase(fmt::format("{}{}/{}", pending, *since, id));
    batch.erase(fmt::format("{}{}", queued_at, id));
    since_of[id] = "";
    return {};
  };
  for (const events::RecordedEvent& e : events) {
    if (!std::string_view(e.stream).starts_with(d::outbound_stream_prefix)) continue;
    auto decoded = events::decode_outbound_event(e.type, e.schema, e.data);
    if (!decoded)
      return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    const std::string id = e.stream.substr(d::outbound_stream_prefix.size());
    // Each event alone says how the indexes change, so no row is folded here.
    auto done = std::visit(
        d::overloaded{
            [&](const d::OutboundQueued& q) -> Result<void> {
              if (!q.case_id.empty()) batch.put(fmt::format("{}{}/{}", by_case, q.case_id, id), "");
              if (e.version == 0) since_of.emplace(id, "");  // a record's first event: nothing to read
              return make_pending(id, e.position);
            },
            [&](const d::OutboundAttemptStarted&) -> Result<void> { return {}; },
            [&](const d::OutboundSent& s) -> Result<void> {
              batch.put(fmt::format("{}{}", by_message, s.message_id), id);
              return finish(id);
            },
            [&](const d::OutboundAttemptFailed& f) -> Result<void> {
              // A retry keeps its place; a late failure (after Sent) is pending again from here.
              if (f.permanent || !f.retry_at) return finish(id);
              return make_pending(id, e.position);
            },
            [&](const d::OutboundAttemptUncertain&) -> Result<void> { return finish(id); },
            [&](const d::OutboundDeliveryUpdated&) -> Result<void> { return {}; },
        },
        *decoded);
    if (!done) return done;
  }
  return {};
}

Result<std::optional<std::string>> find_outbound_by_message_id(const events::EventStore& store,
                                                               std::string_view message_id) {
  return store.get_view(fmt::format("{}{}", by_message, message_id));
}

Result<std::vector<PendingOutbound>> pending_outbound(const events::EventStore& store, std::size_t limit) {
  std::vector<PendingOutbound> found;
  if (limit == 0) return found;
  Result<void> bad;
  auto scanned = store.scan_views(pending, pending, [&](std::string_view key, std::string_view) {
    key.remove_prefix(pending.size());  // <since hex16>/<id>
    PendingOutbound p;
    const auto [end, ec] = std::from_chars(key.data(), key.data() + std::min<std::size_t>(16, key.size()), p.since, 16);
    if (ec != std::errc{} || key.size() < 18 || end != key.data() + 16 || key[16] != '/') {
      bad = fail(Errc::storage_failed, "a pending outbound row is damaged; run `tanggap rebuild`");
      return false;
    }
    p.id = std::string(key.substr(17));
    found.push_back(std::move(p));
    return found.size() < limit;
  });
  if (!scanned) return scanned.error();
  if (!bad) return bad.error();
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
