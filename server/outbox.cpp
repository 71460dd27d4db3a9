#include "server/outbox.h"

#include "events/case_event_json.h"
#include "events/chat_event_json.h"
#include "events/domain/case_id.h"
#include "events/domain/chat_types.h"
#include "events/domain/outbound_policy.h"
#include "projections/outbound_view.h"
#include "server/case_history.h"
#include "server/log_follower.h"
#include "server/outbox_ids.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <limits>
#include <tuple>

namespace tanggap::server {

namespace {

namespace d = tanggap::domain;

constexpr std::string_view checkpoint_name = "outbox";
constexpr std::size_t batch = 256;
constexpr std::chrono::milliseconds poll{250};  // retries fall due with time, not with the log

events::NewEvent outbound_event(std::string id, const d::OutboundEvent& event, const std::string& correlation_id) {
  auto encoded = events::encode_outbound_event(event);
  events::NewEvent e;
  e.id = std::move(id);
  e.type = std::move(encoded.type);
  e.schema = encoded.schema;
  e.data = std::move(encoded.data);
  e.actor = {"system", "whatsapp-outbox"};
  e.correlation_id = correlation_id;
  return e;
}

Result<events::Appended> append_one(events::EventStore& store, std::string_view outbound_id, events::Expected expected,
                                    std::string event_id, const d::OutboundEvent& event,
                                    const std::string& correlation_id = {}) {
  events::AppendRequest r;
  r.stream = d::outbound_stream(outbound_id);
  r.expected = expected;
  r.events.push_back(outbound_event(std::move(event_id), event, correlation_id));
  return store.append_and_wait(std::move(r));
}

std::string attempt_key(std::string_view id, std::uint32_t attempt) { return fmt::format("{}#{}", id, attempt); }

}  // namespace

Result<std::pair<d::OutboundState, events::Version>> load_outbound(const events::EventStore& store,
                                                                   std::string_view outbound_id) {
  auto slice = store.read_stream(d::outbound_stream(outbound_id));
  if (!slice) return slice.error();
  if (slice->events.empty()) return fail(Errc::not_found, "no such outbound message");
  d::OutboundState state;
  for (const auto& e : slice->events) {
    auto decoded = events::decode_outbound_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    state = d::evolve_outbound(std::move(state), *decoded);
  }
  return std::pair{std::move(state), slice->events.back().version};
}

struct Outbox::Impl {
  Impl(events::EventStore& s, projections::ProjectionRunner& r, CaseCommands& c, Clock k, Send x, WhatsAppCounters& n)
      : store(s), runner(r), cases(c), clock(std::move(k)), send(std::move(x)), counters(n) {}
  events::EventStore& store;
  projections::ProjectionRunner& runner;
  CaseCommands& cases;
  Clock clock;
  Send send;
  WhatsAppCounters& counters;
  LogFollower follower{"outbox", poll, [this] { return run_once(); }};

  // ---- queueing: the log asks for messages --------------------------------

  Result<void> queue_reply(const events::RecordedEvent& e) {
    const std::string case_id = e.stream.substr(d::case_stream_prefix.size());
    auto history = load_case_history(store, case_id);
    if (!history) return history.error();
    const d::CaseSubmitted* submitted = history->submitted();
    if (history->state.channel != d::Channel::whatsapp || !submitted || submitted->reporter.phone.empty()) return {};
    auto decoded = events::decode_case_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, decoded.error().message);
    const auto* reply = std::get_if<d::OfficerReplied>(&*decoded);
    if (!reply) return {};
    std::string recipient = submitted->reporter.phone;
    if (recipient.starts_with('+')) recipient.erase(0, 1);
    const std::string id = outbound_id_for("whatsapp", e.id);
    d::OutboundQueued queued{d::Channel::whatsapp, case_id, recipient, reply->text, d::OutboundReason::officer_reply,
                             e.id, clock(), {}, {}};
    auto appended = append_one(store, id, events::Expected::any(), derived_event_id("outbound/queued", id), queued,
                               e.correlation_id);
    if (!appended) return appended.error();
    return {};
  }

  // A record the officer must look at becomes a note on its case; the note's
  // ids come from the event, so a replay writes it once.
  Result<void> note_on_case(const events::RecordedEvent& e, const d::OutboundState& record, std::string text) {
    if (record.case_id.empty()) return {};  // a bot reply about no case: the log and the metrics show it
    Trace trace{e.correlation_id, e.id, "outbox-note/" + e.id};
    auto done = cases.execute_and_wait(record.case_id, d::Note{std::move(text)}, std::nullopt,
                                       {"system", "whatsapp-outbox"}, std::move(trace));
    if (!done && done.error().code != Errc::not_found) return done.error();
    return {};
  }

  Result<void> follow_record(const events::RecordedEvent& e) {
    const std::string id = e.stream.substr(d::outbound_stream_prefix.size());
    auto decoded = events::decode_outbound_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, decoded.error().message);
    auto loaded = load_outbound(store, id);
    if (!loaded) return loaded.error();
    const auto& [record, version] = *loaded;
    if (const auto* f = std::get_if<d::OutboundAttemptFailed>(&*decoded); f && f->permanent)
      return note_on_case(e, record,
                          fmt::format("Balasan lewat WhatsApp tidak terkirim ke pelapor (kode {}: {}). Hubungi "
                                      "pelapor lewat saluran lain.",
                                      f->error_code, f->detail.empty() ? "tanpa keterangan" : f->detail));
    if (const auto* u = std::get_if<d::OutboundAttemptUncertain>(&*decoded))
      return note_on_case(e, record,
                          fmt::format("Pengiriman balasan lewat WhatsApp tidak pasti: server berhenti saat percobaan "
                                      "ke-{}. Periksa apakah pelapor menerimanya sebelum mengirim ulang.",
                                      u->attempt));
    if (const auto* u = std::get_if<d::OutboundDeliveryUpdated>(&*decoded); u && u->state == d::DeliveryState::failed) {
      if (u->error_code == 131047 && record.mode == d::SendMode::text) {
        // Accepted, then refused as outside the window (PROTOCOLS.md §1.12):
        // send again at once as the template.
        auto f = d::decide_failure(record.attempts, 0, u->error_code, u->detail, false, clock());
        auto appended = append_one(store, id, events::Expected::exact(version),
                                   derived_event_id("outbound/late-failure", attempt_key(id, record.attempts)), f,
                                   e.correlation_id);
        if (!appended && appended.error().code != Errc::version_conflict) return appended.error();
        return {};
      }
      return note_on_case(e, record,
                          fmt::format("WhatsApp melaporkan balasan tidak sampai ke pelapor (kode {}: {}).",
                                      u->error_code, u->detail.empty() ? "tanpa keterangan" : u->detail));
    }
    return {};
  }

  Result<void> queue_from_log() {
    for (;;) {
      auto from = store.checkpoint(checkpoint_name);
      if (!from) return from.error();
      auto events = store.read_log(*from, batch);
      if (!events) return events.error();
      if (events->empty()) return {};
      for (const auto& e : *events) {
        const std::string_view stream = e.stream;
        Result<void> done;
        if (stream.starts_with(d::case_stream_prefix) && e.type == "OfficerReplied") done = queue_reply(e);
        else if (stream.starts_with(d::outbound_stream_prefix)) done = follow_record(e);
        if (!done) return done.error();
      }
      events::ViewBatch moved;
      moved.set_checkpoint(checkpoint_name, events->back().position);
      if (auto c = store.commit(std::move(moved)); !c) return c.error();
      if (events->size() < batch) return {};
    }
  }

  // ---- sending ------------------------------------------------------------

  bool inside_window(const std::string& recipient, d::Instant now) {
    auto slice = store.read_stream(d::chat_stream(d::Channel::whatsapp, recipient));
    if (!slice) return false;  // unknown: the template is always allowed
    d::ChatState chat;
    for (const auto& e : slice->events)
      if (auto decoded = events::decode_chat_event(e.type, e.schema, e.data)) chat = d::evolve_chat(chat, *decoded);
    return d::inside_service_window(chat, now);
  }

  Result<void> attempt(const std::string& id, const d::OutboundState& record, events::Version version) {
    const auto now = clock();
    const std::uint32_t n = record.attempts + 1;
    d::SendMode mode = record.mode;
    if (mode == d::SendMode::text && !inside_window(record.recipient, now)) mode = d::SendMode::template_message;
    if (mode == d::SendMode::template_message && record.case_id.empty()) {
      // The template names a case; a bot reply about none (a menu) cannot go
      // out after the window closed, and waiting will not reopen it.
      d::OutboundAttemptFailed f{n, 0, 0, "outside WhatsApp's 24-hour window, with no case to name in a template",
                                 true, false, std::nullopt, now};
      auto recorded = append_one(store, id, events::Expected::exact(version),
                                 derived_event_id("outbound/result", attempt_key(id, n)), f);
      if (!recorded && recorded.error().code != Errc::version_conflict) return recorded.error();
      return {};
    }
    // Durable before the request: after a crash this attempt is found
    // without a result and marked uncertain, never sent a second time.
    auto started = append_one(store, id, events::Expected::exact(version),
                              derived_event_id("outbound/attempt", attempt_key(id, n)),
                              d::OutboundAttemptStarted{n, mode, now});
    if (!started) return started.error().code == Errc::version_conflict ? Result<void>{} : started.error();
    if (started->repeated) return {};
    const SendOutcome outcome = send(record, mode);
    d::OutboundEvent result;
    if (outcome.accepted()) {
      counters.sends_accepted++;
      result = d::OutboundSent{n, outcome.message_id, clock()};
    } else {
      counters.sends_failed++;
      spdlog::warn("outbound {} attempt {} failed: HTTP {} code {}", id, n, outcome.http_status, outcome.error_code);
      result = d::decide_failure(n, outcome.http_status, outcome.error_code, outcome.detail,
                                 mode == d::SendMode::template_message, clock());
    }
    // Expected::any: a status webhook may have landed meanwhile.
    auto recorded =
        append_one(store, id, events::Expected::any(), derived_event_id("outbound/result", attempt_key(id, n)), result);
    if (!recorded) return recorded.error();
    return {};
  }

  Result<void> send_due() {
    auto ids = projections::pending_outbound(store, batch);
    if (!ids) return ids.error();
    for (const auto& id : *ids) {
      auto loaded = load_outbound(store, id);
      if (!loaded) return loaded.error();
      const auto& [record, version] = *loaded;
      if (record.status != d::OutboundStatus::queued || !record.next_attempt_at || *record.next_attempt_at > clock())
        continue;
      if (auto r = attempt(id, record, version); !r) return r;
    }
    return {};
  }

  Result<void> run_once() {
    if (auto q = queue_from_log(); !q) return q;
    // The pending index is a view: let it show what was just queued.
    std::ignore = runner.wait_for(store.head(), std::chrono::seconds(2));  // late: the next round sends it
    return send_due();
  }

  Result<void> recover() {
    auto ids = projections::pending_outbound(store, std::numeric_limits<std::size_t>::max());
    if (!ids) return ids.error();
    for (const auto& id : *ids) {
      auto loaded = load_outbound(store, id);
      if (!loaded) return loaded.error();
      const auto& [record, version] = *loaded;
      if (record.status != d::OutboundStatus::sending) continue;
      counters.sends_uncertain++;
      auto marked = append_one(store, id, events::Expected::exact(version),
                               derived_event_id("outbound/uncertain", attempt_key(id, record.attempts)),
                               d::OutboundAttemptUncertain{record.attempts, clock()});
      if (!marked) return marked.error();
    }
    return {};
  }
};

Outbox::Outbox(events::EventStore& store, projections::ProjectionRunner& runner, CaseCommands& cases, Clock clock,
               Send send, WhatsAppCounters& counters)
    : impl_(std::make_unique<Impl>(store, runner, cases, std::move(clock), std::move(send), counters)) {}

Outbox::~Outbox() { stop(); }

Result<void> Outbox::start() {
  if (impl_->follower.running()) return {};
  if (auto r = impl_->recover(); !r) return r;
  impl_->follower.start(impl_->store);
  return {};
}

void Outbox::stop() { impl_->follower.stop(); }

Result<void> Outbox::run_once() { return impl_->run_once(); }

}  // namespace tanggap::server
