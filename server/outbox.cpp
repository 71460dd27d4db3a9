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

#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_set>

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

events::AppendRequest outbound_request(std::string_view outbound_id, events::Expected expected, std::string event_id,
                                       const d::OutboundEvent& event, const std::string& correlation_id = {}) {
  events::AppendRequest r;
  r.stream = d::outbound_stream(outbound_id);
  r.expected = expected;
  r.events.push_back(outbound_event(std::move(event_id), event, correlation_id));
  return r;
}

Result<events::Appended> append_one(events::EventStore& store, std::string_view outbound_id, events::Expected expected,
                                    std::string event_id, const d::OutboundEvent& event,
                                    const std::string& correlation_id = {}) {
  return store.append_and_wait(outbound_request(outbound_id, expected, std::move(event_id), event, correlation_id));
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
  Impl(events::EventStore& s, projections::ProjectionRunner& r, CaseCommands& c, Clock k, Send x, WhatsAppCounters& n,
       std::size_t parallel)
      : store(s), runner(r), cases(c), clock(std::move(k)), send(std::move(x)), counters(n),
        concurrency(std::max<std::size_t>(1, parallel)) {}
  events::EventStore& store;
  projections::ProjectionRunner& runner;
  CaseCommands& cases;
  Clock clock;
  Send send;
  WhatsAppCounters& counters;
  std::size_t concurrency;
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

  // Only a permanent failure, an uncertain attempt or a failed delivery asks
  // for anything; every other outbound event (most of them) is passed over
  // before its record is read.
  static bool asks_for_action(const d::OutboundEvent& event) {
    if (const auto* f = std::get_if<d::OutboundAttemptFailed>(&event)) return f->permanent;
    if (std::holds_alternative<d::OutboundAttemptUncertain>(event)) return true;
    if (const auto* u = std::get_if<d::OutboundDeliveryUpdated>(&event)) return u->state == d::DeliveryState::failed;
    return false;
  }

  Result<void> follow_record(const events::RecordedEvent& e) {
    const std::string id = e.stream.substr(d::outbound_stream_prefix.size());
    auto decoded = events::decode_outbound_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, decoded.error().message);
    if (!asks_for_action(*decoded)) return {};
    auto loaded = load_outbound(store, id);
    if (!loaded) return loaded.error();
    const auto& [record, version] = *loaded;
    if (const auto* f = std::get_if<d::OutboundAttemptFailed>(&*decoded))
      return note_on_case(e, record,
                          fmt::format("Balasan lewat WhatsApp tidak terkirim ke pelapor (kode {}: {}). Hubungi "
                                      "pelapor lewat saluran lain.",
                                      f->error_code, f->detail.empty() ? "tanpa keterangan" : f->detail));
    if (const auto* u = std::get_if<d::OutboundAttemptUncertain>(&*decoded))
      return note_on_case(e, record,
                          fmt::format("Pengiriman balasan lewat WhatsApp tidak pasti: server berhenti saat percobaan "
                                      "ke-{}. Periksa apakah pelapor menerimanya sebelum mengirim ulang.",
                                      u->attempt));
    const auto& u = std::get<d::OutboundDeliveryUpdated>(*decoded);
    if (u.error_code == 131047 && record.mode == d::SendMode::text) {
      // Accepted, then refused as outside the window (PROTOCOLS.md §1.12):
      // send again at once as the template.
      auto f = d::decide_failure(record.attempts, 0, u.error_code, u.detail, false, clock());
      auto appended = append_one(store, id, events::Expected::exact(version),
                                 derived_event_id("outbound/late-failure", attempt_key(id, record.attempts)), f,
                                 e.correlation_id);
      if (!appended && appended.error().code != Errc::version_conflict) return appended.error();
      return {};
    }
    return note_on_case(e, record,
                        fmt::format("WhatsApp melaporkan balasan tidak sampai ke pelapor (kode {}: {}).",
                                    u.error_code, u.detail.empty() ? "tanpa keterangan" : u.detail));
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

  // A record due now, with what its attempt will be.
  struct Due {
    std::string id;
    d::OutboundState record;
    events::Version version = 0;
    d::SendMode mode = d::SendMode::text;
    std::uint32_t attempt = 0;
  };

  // Sends every record of `due` on up to `concurrency` threads: the Graph API
  // answers in some 100-300 ms, so one request after another would cap the
  // office at a few messages a second. outcomes[i] answers due[i].
  std::vector<SendOutcome> send_all(const std::vector<const Due*>& due) {
    std::vector<SendOutcome> outcomes(due.size());
    const std::size_t threads = std::min(concurrency, due.size());
    if (threads <= 1) {
      for (std::size_t i = 0; i < due.size(); ++i) outcomes[i] = send(due[i]->record, due[i]->mode);
      return outcomes;
    }
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < due.size(); i = next++) outcomes[i] = send(due[i]->record, due[i]->mode);
    };
    {
      std::vector<std::jthread> pool;  // joined at the end of this block, before outcomes is read
      pool.reserve(threads - 1);
      for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
      work();
    }
    return outcomes;
  }

  // One round of sending, in two group commits whatever the number of
  // records: every "attempt started" durable BEFORE any request goes out
  // (after a crash such an attempt is found without a result and marked
  // uncertain, never sent a second time), the requests in parallel, then
  // every result. A citizen reads the messages in the order they arrive, so
  // a round takes at most one message per recipient, the oldest pending; the
  // next goes in the next round, after this one's result. (A message waiting
  // to retry keeps its place, so it holds back every later one to its citizen.)
  Result<void> send_due() {
    // The oldest rows: those waiting to retry and those held back behind
    // another message to their citizen are passed over, so read well past a
    // round's worth (while the API is down, what is due waits anyway).
    auto pending = projections::pending_outbound(store, 16 * batch);
    if (!pending) return pending.error();
    const auto now = clock();
    std::vector<Due> due;
    std::vector<events::AppendRequest> starts;
    std::vector<std::optional<std::size_t>> started_for;  // starts[i] starts due[*started_for[i]]; none: a refusal
    std::unordered_set<std::string> recipients;           // each has an older message pending, or one in this round
    for (const auto& [id, since] : *pending) {
      if (starts.size() >= batch) break;
      auto loaded = load_outbound(store, id);
      if (!loaded) return loaded.error();
      auto& [record, version] = *loaded;
      if (!recipients.insert(record.recipient).second) continue;
      if (record.status != d::OutboundStatus::queued || !record.next_attempt_at || *record.next_attempt_at > now)
        continue;
      const d::SendMode mode = record.mode;
      const std::uint32_t attempt = record.attempts + 1;
      Due next{id, std::move(record), version, mode, attempt};
      if (next.mode == d::SendMode::text && !inside_window(next.record.recipient, now))
        next.mode = d::SendMode::template_message;
      if (next.mode == d::SendMode::template_message && next.record.case_id.empty()) {
        // The template names a case; a bot reply about none (a menu) cannot go
        // out after the window closed, and waiting will not reopen it.
        starts.push_back(outbound_request(id, events::Expected::exact(version),
                                     derived_event_id("outbound/result", attempt_key(id, next.attempt)),
                                     d::OutboundAttemptFailed{next.attempt, 0, 0,
                                                              "outside WhatsApp's 24-hour window, with no case to "
                                                              "name in a template",
                                                              true, false, std::nullopt, now}));
        started_for.push_back(std::nullopt);
        continue;
      }
      starts.push_back(outbound_request(id, events::Expected::exact(version),
                                   derived_event_id("outbound/attempt", attempt_key(id, next.attempt)),
                                   d::OutboundAttemptStarted{next.attempt, next.mode, now}));
      started_for.push_back(due.size());
      due.push_back(std::move(next));
    }
    if (starts.empty()) return {};
    auto started = store.append_all_and_wait(std::move(starts));
    Result<void> outcome;
    std::vector<const Due*> go;
    for (std::size_t i = 0; i < started.size(); ++i) {
      const auto& r = started[i];
      if (!r) {
        // A conflict: a status webhook moved the record meanwhile; the next round sees it.
        if (r.error().code != Errc::version_conflict && outcome) outcome = r.error();
        continue;
      }
      if (started_for[i] && !r->repeated) go.push_back(&due[*started_for[i]]);
    }
    const auto outcomes = send_all(go);
    std::vector<events::AppendRequest> results;
    for (std::size_t i = 0; i < go.size(); ++i) {
      const Due& item = *go[i];
      const SendOutcome& o = outcomes[i];
      d::OutboundEvent result;
      if (o.accepted()) {
        counters.sends_accepted++;
        result = d::OutboundSent{item.attempt, o.message_id, clock()};
      } else {
        counters.sends_failed++;
        spdlog::warn("outbound {} attempt {} failed: HTTP {} code {}", item.id, item.attempt, o.http_status,
                     o.error_code);
        result = d::decide_failure(item.attempt, o.http_status, o.error_code, o.detail,
                                   item.mode == d::SendMode::template_message, clock());
      }
      // Expected::any: a status webhook may have landed meanwhile.
      results.push_back(outbound_request(item.id, events::Expected::any(),
                                    derived_event_id("outbound/result", attempt_key(item.id, item.attempt)), result));
    }
    for (auto& r : store.append_all_and_wait(std::move(results)))
      if (!r && outcome) outcome = r.error();
    return outcome;
  }

  Result<void> run_once() {
    if (auto q = queue_from_log(); !q) return q;
    // The pending index is a view: let it show what was just queued.
    std::ignore = runner.wait_for(store.head(), std::chrono::seconds(2));  // late: the next round sends it
    return send_due();
  }

  Result<void> recover() {
    auto pending = projections::pending_outbound(store, std::numeric_limits<std::size_t>::max());
    if (!pending) return pending.error();
    for (const auto& [id, since] : *pending) {
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
               Send send, WhatsAppCounters& counters, std::size_t concurrency)
    : impl_(std::make_unique<Impl>(store, runner, cases, std::move(clock), std::move(send), counters, concurrency)) {}

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
