// The notice's bytes (big-endian, str := u32 length + bytes):
//   notice := format:u8 (=1) kind:u8 clock:u8 (0xff: none) level:u32 at:i64
//             due_present:u8 due:i64? str(case_id) str(reason)
#include "projections/notification_view.h"

#include "events/bytes.h"
#include "events/case_event_json.h"
#include "events/domain/case_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace tanggap::projections {
namespace {

namespace d = tanggap::domain;

constexpr std::string_view case_prefix = "nt/c/";
constexpr std::string_view notice_prefix = "nt/r/";
constexpr char sep = '\x1f';
constexpr std::uint8_t notice_format = 1;
constexpr std::uint8_t no_clock = 0xff;
constexpr std::size_t max_notices = 500;

std::string position_key(events::Position p) { return fmt::format("{:016x}", p); }

std::string notice_key(std::string_view recipient, events::Position p) {
  return fmt::format("{}{}{}{}", notice_prefix, recipient, sep, position_key(p));
}

std::int64_t ms(d::Instant t) { return t.time_since_epoch().count(); }

std::string encode(const Notice& n) {
  std::string out;
  events::ByteWriter w(out);
  w.u8(notice_format);
  w.u8(static_cast<std::uint8_t>(n.kind));
  w.u8(n.clock ? static_cast<std::uint8_t>(*n.clock) : no_clock);
  w.u32(n.level);
  w.i64(ms(n.at));
  w.u8(n.due ? 1 : 0);
  if (n.due) w.i64(ms(*n.due));
  w.str(n.case_id);
  w.str(n.reason);
  return out;
}

Result<Notice> decode(std::string_view bytes, events::Position position) {
  Notice n;
  n.position = position;
  events::ByteReader r(bytes);
  std::uint8_t format = 0, kind = 0, clock = 0, has_due = 0;
  std::int64_t at = 0, due = 0;
  bool ok = r.u8(format) && format == notice_format && r.u8(kind) && r.u8(clock) && r.u32(n.level) && r.i64(at) &&
            r.u8(has_due) && (has_due == 0 || r.i64(due)) && r.str(n.case_id) && r.str(n.reason) &&
            r.remaining() == 0 && kind <= static_cast<std::uint8_t>(NoticeKind::escalation) &&
            (clock == no_clock || clock < d::sla_clock_count) && has_due <= 1;
  if (!ok) return fail(Errc::storage_failed, "a notice is damaged; run `tanggap rebuild`");
  n.kind = static_cast<NoticeKind>(kind);
  if (clock != no_clock) n.clock = static_cast<d::SlaClock>(clock);
  n.at = d::Instant{std::chrono::milliseconds{at}};
  if (has_due) n.due = d::Instant{std::chrono::milliseconds{due}};
  return n;
}

// Whom a case's notices reach besides the level: its unit and officer.
struct Assignment {
  std::string unit;
  std::string officer;
};

bool concerns_notices(std::string_view type) {
  return type == "CaseAssigned" || type == "SlaWarning" || type == "SlaBreached" || type == "CaseEscalated";
}

}  // namespace

std::string_view notice_kind_name(NoticeKind kind) noexcept {
  switch (kind) {
    case NoticeKind::sla_warning: return "sla_warning";
    case NoticeKind::sla_breach: return "sla_breach";
    case NoticeKind::escalation: return "escalation";
  }
  return "sla_warning";
}

Result<void> NotificationProjection::apply(const std::vector<events::RecordedEvent>& events,
                                           events::ViewBatch& batch) {
  std::unordered_map<std::string, Assignment> assignments;  // read or changed in this batch
  std::unordered_set<std::string> reassigned;
  const auto assignment_of = [&](const std::string& case_id) -> Result<Assignment*> {
    auto it = assignments.find(case_id);
    if (it != assignments.end()) return &it->second;
    Assignment a;
    auto stored = store_.get_view(std::string(case_prefix) + case_id);
    if (!stored) return stored.error();
    if (*stored) {
      const auto cut = (*stored)->find(sep);
      a.unit = (*stored)->substr(0, cut);
      if (cut != std::string::npos) a.officer = (*stored)->substr(cut + 1);
    }
    return &assignments.emplace(case_id, std::move(a)).first->second;
  };

  for (const events::RecordedEvent& e : events) {
    if (!std::string_view(e.stream).starts_with(d::case_stream_prefix) || !concerns_notices(e.type)) continue;
    const auto& decoded = events::case_event_of(e);
    if (!decoded)
      return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    const std::string case_id = e.stream.substr(d::case_stream_prefix.size());
    auto assignment = assignment_of(case_id);
    if (!assignment) return assignment.error();
    Assignment& a = **assignment;

    Notice n;
    n.position = e.position;
    n.case_id = case_id;
    std::vector<std::string> recipients;
    if (const auto* assigned = std::get_if<d::CaseAssigned>(&*decoded)) {
      a = {assigned->unit, assigned->officer};
      reassigned.insert(case_id);
      continue;
    } else if (const auto* warning = std::get_if<d::SlaWarning>(&*decoded)) {
      n = Notice{e.position, NoticeKind::sla_warning, case_id, warning->at, warning->clock, warning->due, 0, {}};
    } else if (const auto* breach = std::get_if<d::SlaBreached>(&*decoded)) {
      n = Notice{e.position, NoticeKind::sla_breach, case_id, breach->at, breach->clock, breach->due, 0, {}};
    } else if (const auto* escalated = std::get_if<d::CaseEscalated>(&*decoded)) {
      n = Notice{e.position, NoticeKind::escalation, case_id, escalated->at, std::nullopt, std::nullopt,
                 escalated->level, escalated->reason};
      recipients.push_back(fmt::format("level:{}", escalated->level));
      if (!a.unit.empty()) recipients.push_back(fmt::format("level:{}:{}", escalated->level, a.unit));
    }
    if (!a.officer.empty()) recipients.push_back("officer:" + a.officer);
    const std::string bytes = encode(n);
    for (const auto& recipient : recipients) batch.put(notice_key(recipient, e.position), bytes);
  }
  for (const auto& case_id : reassigned) {
    const Assignment& a = assignments.at(case_id);
    batch.put(std::string(case_prefix) + case_id, a.unit + sep + a.officer);
  }
  return {};
}

Result<std::vector<Notice>> query_notices(const events::EventStore& store, const std::vector<std::string>& recipients,
                                          events::Position after, std::size_t limit) {
  limit = std::clamp<std::size_t>(limit, 1, max_notices);
  std::map<events::Position, Notice> found;  // one notice may reach a reader under two recipients
  for (const auto& recipient : recipients) {
    const std::string prefix = fmt::format("{}{}{}", notice_prefix, recipient, sep);
    std::optional<Error> failure;
    std::size_t taken = 0;
    auto scanned = store.scan_views(prefix, prefix + position_key(after + 1), [&](std::string_view key, std::string_view value) {
      const std::string hex(key.substr(prefix.size()));
      const events::Position position = std::strtoull(hex.c_str(), nullptr, 16);
      auto notice = decode(value, position);
      if (!notice) {
        failure = notice.error();
        return false;
      }
      found.emplace(position, std::move(*notice));
      return ++taken < limit;
    });
    if (!scanned) return scanned.error();
    if (failure) return *failure;
  }
  std::vector<Notice> out;
  for (auto& [position, notice] : found) {
    if (out.size() == limit) break;
    out.push_back(std::move(notice));
  }
  return out;
}

}  // namespace tanggap::projections
