#include "server/bot_runner.h"

#include "bots/dialogue.h"
#include "events/case_event_json.h"
#include "events/chat_event_json.h"
#include "events/domain/case_id.h"
#include "events/domain/chat_types.h"
#include "events/domain/outbound_types.h"
#include "events/domain/sla.h"
#include "events/ids.h"
#include "server/bot_turn.h"
#include "server/citizen_cases.h"
#include "server/log_follower.h"
#include "server/outbox_ids.h"
#include "server/whatsapp_inbound.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <initializer_list>
#include <span>
#include <unordered_map>
#include <unordered_set>

namespace tanggap::server {

namespace {

namespace d = tanggap::domain;

constexpr std::string_view checkpoint_name = "bot";
constexpr std::size_t batch = 256;
constexpr std::chrono::milliseconds poll{1000};  // confirmations run out with time, not with the log
constexpr std::size_t max_cached_citizens = 20'000;

// Pending "is it solved?" questions, by when their silence closes the case:
//   bw/<due ms, hex16>/<case id> → the citizen's wa_id
//   bq/<case id>                 → its bw/ key (to erase it when answered)
constexpr std::string_view waiting_prefix = "bw/";
constexpr std::string_view waiting_case_prefix = "bq/";

std::string waiting_key(d::Instant due, std::string_view case_id) {
  return fmt::format("{}{:016x}/{}", waiting_prefix, static_cast<std::uint64_t>(std::max<std::int64_t>(0, due.time_since_epoch().count())),
                     case_id);
}

std::string digits_of(std::string_view phone) { return std::string(phone.starts_with('+') ? phone.substr(1) : phone); }

// What the citizen's message says to the bot; nullopt for what needs no
// answer (a reaction to one of our messages).
std::optional<bots::InputKind> input_of(const d::CitizenMessageReceived& m) {
  if (m.kind == "reaction") return std::nullopt;
  if (!m.reply_id.empty()) {
    // The status template's quick reply: "case:<id>:status".
    const std::string_view id = m.reply_id;
    if (id.starts_with("case:") && id.ends_with(":status") && id.size() > 12)
      return bots::TextMessage{fmt::format("status {}", id.substr(5, id.size() - 12))};
    return bots::ChoiceMade{m.reply_id};
  }
  if (m.kind == "location" && m.lat && m.lon) return bots::LocationShared{*m.lat, *m.lon, m.place_name, m.place_address};
  if (!m.media.id.empty()) return bots::MediaSent{{m.media.id, m.media.mime_type, m.media.filename}, m.text};
  return bots::TextMessage{m.text};  // unknown kinds read as empty text: "not understood"
}

events::NewEvent system_event(std::string id, std::string type, std::uint32_t schema, std::string data,
                              const std::string& correlation_id) {
  events::NewEvent e;
  e.id = std::move(id);
  e.type = std::move(type);
  e.schema = schema;
  e.data = std::move(data);
  e.actor = {"bot", "whatsapp"};
  e.correlation_id = correlation_id;
  return e;
}

struct Cached {
  bots::DialogueState state;
  std::optional<events::Version> version;  // none: no turn stored yet
};

}  // namespace

struct BotRunner::Impl {
  explicit Impl(BotRunnerDeps d)
      : deps(std::move(d)), citizen_cases(deps.store, deps.catalog, deps.calendars, deps.clock) {}
  BotRunnerDeps deps;
  std::string office;  // checked at start
  ViewCitizenCases citizen_cases;
  std::unordered_map<std::string, Cached> cache;  // wa_id → state after its last turn
  LogFollower follower{"bot", poll, [this] { return run_once(); }};

  // ---- the dialogue state --------------------------------------------------

  Result<Cached> load(const std::string& citizen) {
    if (auto it = cache.find(citizen); it != cache.end()) return it->second;
    auto slice = deps.store.read_stream(bot_stream(d::Channel::whatsapp, citizen));
    if (!slice) return slice.error();
    Cached c;
    if (!slice->events.empty()) {
      const auto& last = slice->events.back();
      c.version = last.version;
      auto turn = decode_bot_turn(last.data);
      // Unreadable, the citizen starts over; refusing would stop the bot for
      // everyone at this citizen's next message.
      if (turn) c.state = std::move(turn->state);
      else spdlog::error("bot: the last turn of +{} (position {}) cannot be read, starting afresh: {}", citizen,
                         last.position, turn.error().message);
    }
    return c;
  }

  // A turn stored before, and the state before it (for the pending index).
  struct StoredTurn {
    BotTurnRecord record;
    bots::DialogueState before;
  };
  Result<StoredTurn> stored_turn(const std::string& citizen, const std::string& turn_id) {
    auto slice = deps.store.read_stream(bot_stream(d::Channel::whatsapp, citizen));
    if (!slice) return slice.error();
    for (auto it = slice->events.rbegin(); it != slice->events.rend(); ++it) {
      if (it->id != turn_id) continue;
      auto record = decode_bot_turn(it->data);
      if (!record) return record.error();
      StoredTurn stored{std::move(*record), {}};
      if (auto previous = std::next(it); previous != slice->events.rend())
        if (auto turn = decode_bot_turn(previous->data)) stored.before = std::move(turn->state);
      return stored;
    }
    return fail(Errc::storage_failed, "a repeated bot turn is not on its citizen's stream");
  }

  void remember(const std::string& citizen, Cached c) {
    if (cache.size() >= max_cached_citizens) cache.clear();  // a burst of strangers; re-read on demand
    cache[citizen] = std::move(c);
  }

  bots::BotContext context(const std::string& citizen, const std::string& profile_name) const {
    bots::BotContext ctx;
    ctx.citizen = {d::Channel::whatsapp, "+" + citizen, {}};
    ctx.profile_name = profile_name;
    ctx.office = office;
    ctx.utc_offset_minutes = deps.utc_offset_minutes;
    ctx.catalog = deps.catalog.get();
    ctx.texts = deps.texts.get();
    ctx.cases = &citizen_cases;
    return ctx;
  }

  // ---- one turn ----------------------------------------------------------------

  events::AppendRequest reply_request(const std::string& citizen, const std::string& turn_id, std::size_t index,
                                      const bots::Reply& reply, const std::string& case_id,
                                      const std::string& correlation_id) {
    const std::string id = outbound_id_for("whatsapp", fmt::format("{}#{}", turn_id, index));
    d::OutboundQueued queued{d::Channel::whatsapp, case_id, citizen, reply.text, d::OutboundReason::bot_reply,
                             turn_id, deps.clock(), {}, reply.list_button};
    for (const auto& c : reply.choices) queued.choices.push_back({c.id, c.title, c.description});
    auto encoded = events::encode_outbound_event(queued);
    events::AppendRequest r;
    r.stream = d::outbound_stream(id);
    r.events.push_back(system_event(derived_event_id("outbound/queued", id), std::move(encoded.type), encoded.schema,
                                    std::move(encoded.data), correlation_id));
    return r;
  }

  // The pending-question index follows the state: what the turn added gets a
  // key, what it answered loses its own.
  Result<void> index_pending(const std::string& citizen, const bots::DialogueState& before,
                             const bots::DialogueState& after) {
    events::ViewBatch changes;
    for (const auto& p : before.pending) {
      const bool kept = std::any_of(after.pending.begin(), after.pending.end(),
                                    [&](const auto& q) { return q.case_id == p.case_id && q.asked_at == p.asked_at; });
      if (kept) continue;
      auto key = deps.store.get_view(fmt::format("{}{}", waiting_case_prefix, p.case_id));
      if (!key) return key.error();
      if (*key) changes.erase(**key);
      changes.erase(fmt::format("{}{}", waiting_case_prefix, p.case_id));
    }
    for (const auto& p : after.pending) {
      const bool known = std::any_of(before.pending.begin(), before.pending.end(),
                                     [&](const auto& q) { return q.case_id == p.case_id && q.asked_at == p.asked_at; });
      if (known) continue;
      auto loaded = deps.cases.load(p.case_id);
      if (!loaded) return loaded.error();
      const d::BusinessCalendar* calendar = deps.calendars->for_office(loaded->first.office);
      const auto wait = d::Duration{deps.config.confirmation_working_days, d::ClockUnit::working_days};
      const d::Instant due = calendar ? calendar->deadline(p.asked_at, wait)
                                      : p.asked_at + std::chrono::hours(24) * deps.config.confirmation_working_days;
      const std::string key = waiting_key(due, p.case_id);
      if (auto old = deps.store.get_view(fmt::format("{}{}", waiting_case_prefix, p.case_id)); old && *old)
        changes.erase(**old);  // asked again after a reopen: the newer question counts
      changes.put(key, citizen);
      changes.put(fmt::format("{}{}", waiting_case_prefix, p.case_id), key);
    }
    if (changes.count() == 0) return {};
    return deps.store.commit(std::move(changes));
  }

  // A turn computed and not yet stored: its requests are the turn first,
  // then one outbound record per reply.
  struct PreparedTurn {
    std::string citizen, turn_id, correlation_id;
    bots::DialogueState before;
    BotTurnRecord record;
    std::vector<events::AppendRequest> requests;
  };

  Result<PreparedTurn> prepare_turn(const std::string& citizen, const bots::CitizenInput& input,
                                    const std::string& turn_id, const std::string& profile_name,
                                    const std::string& correlation_id) {
    auto cached = load(citizen);
    if (!cached) return cached.error();
    const bots::BotContext ctx = context(citizen, profile_name);
    bots::Turn turn = bots::respond(cached->state, input, ctx);

    PreparedTurn p{citizen, turn_id, correlation_id, std::move(cached->state), {}, {}};
    BotTurnRecord& record = p.record;
    record.input_event_id = turn_id;
    record.state = std::move(turn.state);
    record.replies = std::move(turn.replies);
    record.effects = std::move(turn.effects);
    for (const auto& e : record.effects)
      if (std::holds_alternative<bots::SubmitCase>(e)) record.tracking_code = events::new_tracking_code();
    if (const auto* n = std::get_if<bots::CaseResolvedNotice>(&input.what)) record.case_id = n->case_id;
    if (const auto* x = std::get_if<bots::ConfirmationExpired>(&input.what)) record.case_id = x->case_id;
    if (const auto* f = std::get_if<bots::CaseFiled>(&input.what)) record.case_id = f->case_id;

    events::AppendRequest turn_request;
    turn_request.stream = bot_stream(d::Channel::whatsapp, citizen);
    turn_request.expected = cached->version ? events::Expected::exact(*cached->version) : events::Expected::no_stream();
    turn_request.events.push_back(system_event(turn_id, std::string(bot_turn_event_type), bot_turn_schema,
                                               encode_bot_turn(record), correlation_id));
    p.requests.push_back(std::move(turn_request));
    for (std::size_t i = 0; i < record.replies.size(); ++i)
      p.requests.push_back(reply_request(citizen, turn_id, i, record.replies[i], record.case_id, correlation_id));
    return p;
  }

  // What the store answered for the turn's requests (`results`, one per
  // request, in order) decides what follows: the cache, the index of pending
  // questions, the effects.
  Result<void> finish_turn(const PreparedTurn& p, std::span<const Result<events::Appended>> results) {
    if (!results[0]) {
      cache.erase(p.citizen);
      return results[0].error();
    }
    if (results[0]->repeated) {
      // Taken before a crash: carry out what was stored, not what was just computed.
      cache.erase(p.citizen);
      auto stored = stored_turn(p.citizen, p.turn_id);
      if (!stored) return stored.error();
      // Indexed again (a repeat writes the same keys): the crash may have come before it.
      if (auto indexed = index_pending(p.citizen, stored->before, stored->record.state); !indexed) return indexed;
      return carry_out(p.citizen, stored->record, p.turn_id, p.correlation_id, true);
    }
    for (std::size_t i = 1; i < results.size(); ++i)
      if (!results[i]) return results[i].error();
    if (auto indexed = index_pending(p.citizen, p.before, p.record.state); !indexed) return indexed;
    remember(p.citizen, Cached{p.record.state, results[0]->version});
    return carry_out(p.citizen, p.record, p.turn_id, p.correlation_id, false);
  }

  Result<void> take_turn(const std::string& citizen, const bots::CitizenInput& input, const std::string& turn_id,
                         const std::string& profile_name, const std::string& correlation_id) {
    auto prepared = prepare_turn(citizen, input, turn_id, profile_name, correlation_id);
    if (!prepared) return prepared.error();
    const auto results = deps.store.append_all_and_wait(std::move(prepared->requests));
    return finish_turn(*prepared, results);
  }

  // Stores the turns of many citizens in one group commit (one fsync for all:
  // under a burst of messages the bot keeps up with the webhook), then
  // finishes each in order. The turns must be of different citizens: each
  // was computed from its citizen's state before the batch.
  Result<void> take_turns(std::vector<PreparedTurn>& turns) {
    std::vector<events::AppendRequest> requests;
    for (auto& p : turns)
      for (auto& r : p.requests) requests.push_back(std::move(r));
    const auto results = deps.store.append_all_and_wait(std::move(requests));
    std::size_t at = 0;
    for (std::size_t i = 0; i < turns.size(); ++i) {
      const std::size_t n = turns[i].requests.size();
      if (auto done = finish_turn(turns[i], std::span(results).subspan(at, n)); !done) {
        // The rest are stored but not finished: the next round reads them
        // again as repeats, from their streams rather than the cache.
        for (std::size_t j = i + 1; j < turns.size(); ++j) cache.erase(turns[j].citizen);
        return done;
      }
      at += n;
    }
    return {};
  }

  // ---- what a turn asks for ------------------------------------------------------

  Result<void> carry_out(const std::string& citizen, const BotTurnRecord& record, const std::string& turn_id,
                         const std::string& correlation_id, bool again) {
    if (again) {
      std::vector<events::AppendRequest> requests;
      for (std::size_t i = 0; i < record.replies.size(); ++i)
        requests.push_back(reply_request(citizen, turn_id, i, record.replies[i], record.case_id, correlation_id));
      for (auto& r : deps.store.append_all_and_wait(std::move(requests)))
        if (!r) return r.error();
    }
    const d::Actor actor{"citizen", "+" + citizen};
    for (std::size_t i = 0; i < record.effects.size(); ++i) {
      const std::string effect_id = fmt::format("{}#e{}", turn_id, i);
      Trace trace{correlation_id, turn_id, effect_id};
      Result<void> done = std::visit(
          [&](const auto& effect) { return apply(citizen, effect, record, effect_id, actor, std::move(trace)); },
          record.effects[i]);
      if (!done) return done;
    }
    return {};
  }

  std::vector<d::Attachment> fetch_files(const std::vector<bots::MediaItem>& media, std::vector<std::string>& missed) {
    std::vector<d::Attachment> files;
    for (const auto& m : media) {
      if (files.size() >= d::max_attachments_per_case) break;
      auto bytes = deps.fetch_media(m.media_id);
      if (!bytes) {
        spdlog::warn("bot: file {} not fetched: {}", m.media_id, bytes.error().message);
        missed.push_back(m.mime_type.empty() ? "berkas" : m.mime_type);
        continue;
      }
      const std::string name = m.filename.empty() ? "foto-whatsapp" : m.filename;
      auto stored = deps.attachments.put(*bytes, name);
      if (!stored) {
        spdlog::warn("bot: file {} not kept: {}", m.media_id, stored.error().message);
        missed.push_back(m.mime_type.empty() ? "berkas" : m.mime_type);
        continue;
      }
      files.push_back({stored->sha256, clean_file_name(name), stored->media_type, stored->size});
    }
    return files;
  }

  Result<void> apply(const std::string& citizen, const bots::SubmitCase& s, const BotTurnRecord& record,
                     const std::string& effect_id, const d::Actor& actor, Trace trace) {
    d::Submit submit = s.submit;
    const std::string correlation_id = trace.correlation_id;
    std::vector<std::string> missed;
    submit.attachments = fetch_files(s.media, missed);
    auto filed = deps.cases.submit_and_wait(std::move(submit), actor, std::move(trace), record.tracking_code);
    bots::CitizenInput answer{bots::FilingRefused{fail(Errc::storage_failed, "")}, deps.clock()};
    if (filed) {
      std::optional<d::Instant> due;
      if (auto schedule = d::compute_schedule(filed->state.sla, *deps.catalog, *deps.calendars, deps.clock()))
        for (const auto& c : *schedule)
          if (c.clock == d::SlaClock::resolution) due = c.due;
      answer.what = bots::CaseFiled{filed->case_id, filed->tracking_code, due};
      spdlog::info("bot: case {} filed from WhatsApp{}", filed->case_id,
                   missed.empty() ? "" : fmt::format(" ({} files not fetched)", missed.size()));
    } else if (filed.error().code == Errc::storage_failed) {
      return filed.error();  // the store is failing: try the whole turn again later
    } else {
      answer.what = bots::FilingRefused{filed.error()};
    }
    return take_turn(citizen, answer, derived_event_id("bot/filed", effect_id), {}, correlation_id);
  }

  Result<void> apply(const std::string& citizen, const bots::AddCitizenMessage& m, const BotTurnRecord&,
                     const std::string&, const d::Actor& actor, Trace trace) {
    std::vector<std::string> missed;
    const auto files = fetch_files(m.media, missed);
    std::string text = m.text;
    // A note holds no files: name them, the officer finds them in the store's log.
    for (const auto& f : files)
      text += fmt::format("{}[berkas dari warga: {} ({}, {} bita, sha256 {})]", text.empty() ? "" : "\n", f.name,
                          f.media_type, f.size, f.sha256);
    for (const auto& what : missed)
      text += fmt::format("{}[berkas dari warga tidak dapat diambil dari WhatsApp: {}]", text.empty() ? "" : "\n", what);
    if (text.empty()) return {};
    auto noted = deps.cases.execute_and_wait(m.case_id, d::Note{fmt::format("Pesan warga lewat WhatsApp (+{}):\n{}", citizen, text)},
                                             std::nullopt, actor, trace);
    if (!noted) return tolerate(noted.error(), "note", m.case_id);
    // The citizen answered while the officer waited for them: the clock runs again.
    if (noted->state.status == d::CaseStatus::waiting_for_citizen) {
      trace.idempotency_seed += "/resume";
      auto resumed = deps.cases.execute_and_wait(m.case_id, d::Resume{}, std::nullopt, actor, std::move(trace));
      if (!resumed) return tolerate(resumed.error(), "resume", m.case_id);
    }
    (void)citizen;
    return {};
  }

  Result<void> apply(const std::string&, const bots::ReopenCase& r, const BotTurnRecord&, const std::string&,
                     const d::Actor& actor, Trace trace) {
    auto done = deps.cases.execute_and_wait(r.case_id, d::Reopen{r.reason}, std::nullopt, actor, std::move(trace));
    return done ? Result<void>{} : tolerate(done.error(), "reopen", r.case_id);
  }

  Result<void> apply(const std::string&, const bots::CloseCase& c, const BotTurnRecord&, const std::string&,
                     const d::Actor& actor, Trace trace) {
    const d::Actor who = c.by_silence ? d::Actor{"system", "bot-confirmation-timer"} : actor;
    auto done = deps.cases.execute_and_wait(c.case_id, d::Close{}, std::nullopt, who, std::move(trace));
    return done ? Result<void>{} : tolerate(done.error(), "close", c.case_id);
  }

  Result<void> apply(const std::string& citizen, const bots::RequestOfficer& r, const BotTurnRecord&,
                     const std::string&, const d::Actor& actor, Trace trace) {
    if (r.case_id.empty()) {
      // No case to put it on: the log and the operator's eyes have it.
      spdlog::warn("bot: +{} asks for an officer and has no open case", citizen);
      return {};
    }
    auto done = deps.cases.execute_and_wait(
        r.case_id,
        d::Note{fmt::format("Warga (+{}) meminta dihubungi petugas lewat WhatsApp.{}{}", citizen,
                            r.text.empty() ? "" : " Pesan terakhir: ", r.text)},
        std::nullopt, actor, std::move(trace));
    return done ? Result<void>{} : tolerate(done.error(), "hand-over note", r.case_id);
  }

  // The citizen's effect may be refused by the case (closed meanwhile by an
  // officer, reopened too often): the bot already answered, the log says why.
  // Only a failing store is an error worth stopping for.
  static Result<void> tolerate(const Error& error, std::string_view what, std::string_view case_id) {
    if (error.code == Errc::storage_failed) return error;
    spdlog::warn("bot: {} on {} refused: {}", what, case_id, error.message);
    return {};
  }

  // ---- what the log tells ----------------------------------------------------------

  // A case that came by WhatsApp and whose reporter we can write to.
  struct WhatsAppCase {
    std::string citizen;  // wa_id
    d::CaseState state;
  };
  Result<std::optional<WhatsAppCase>> whatsapp_case(const std::string& case_id) {
    auto loaded = deps.cases.load(case_id);
    if (!loaded) return loaded.error().code == Errc::not_found ? Result<std::optional<WhatsAppCase>>{std::nullopt}
                                                               : loaded.error();
    if (loaded->first.channel != d::Channel::whatsapp) return std::optional<WhatsAppCase>{};
    auto slice = deps.store.read_stream(d::case_stream(case_id));
    if (!slice || slice->events.empty()) return std::optional<WhatsAppCase>{};
    auto first = events::decode_case_event(slice->events.front().type, slice->events.front().schema,
                                           slice->events.front().data);
    const auto* submitted = first ? std::get_if<d::CaseSubmitted>(&*first) : nullptr;
    if (!submitted || submitted->reporter.phone.empty()) return std::optional<WhatsAppCase>{};
    return std::optional<WhatsAppCase>{WhatsAppCase{digits_of(submitted->reporter.phone), loaded->first}};
  }

  using Values = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  Result<void> notice(const std::string& citizen, const events::RecordedEvent& e, const std::string& case_id,
                      std::string_view key, Values values, d::OutboundReason reason) {
    auto cached = load(citizen);
    if (!cached) return cached.error();
    const auto& texts = deps.texts->in(cached->state.language);
    const std::string id = outbound_id_for("whatsapp", e.id);
    d::OutboundQueued queued{d::Channel::whatsapp, case_id, citizen, texts.render(key, values), reason, e.id,
                             deps.clock(), {}, {}};
    auto encoded = events::encode_outbound_event(queued);
    events::AppendRequest r;
    r.stream = d::outbound_stream(id);
    r.events.push_back(system_event(derived_event_id("outbound/queued", id), std::move(encoded.type), encoded.schema,
                                    std::move(encoded.data), e.correlation_id));
    auto appended = deps.store.append_and_wait(std::move(r));
    if (!appended) return appended.error();
    return {};
  }

  Result<void> follow_case(const events::RecordedEvent& e) {
    static constexpr std::string_view told[] = {"CaseResolved", "CitizenWaitStarted", "CaseRejected", "CaseEscalated",
                                                "StepAdvanced"};
    if (std::find(std::begin(told), std::end(told), e.type) == std::end(told)) return {};
    const std::string case_id = e.stream.substr(d::case_stream_prefix.size());
    auto found = whatsapp_case(case_id);
    if (!found) return found.error();
    if (!*found) return {};
    const std::string& citizen = (*found)->citizen;
    auto decoded = events::decode_case_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    if (const auto* r = std::get_if<d::CaseResolved>(&*decoded))
      return take_turn(citizen, {bots::CaseResolvedNotice{case_id, r->resolution}, deps.clock()},
                       derived_event_id("bot/resolved", e.id), {}, e.correlation_id);
    if (const auto* w = std::get_if<d::CitizenWaitStarted>(&*decoded))
      return notice(citizen, e, case_id, "notice.waiting", {{"case_id", case_id}, {"reason", w->reason}},
                    d::OutboundReason::status_change);
    if (const auto* r = std::get_if<d::CaseRejected>(&*decoded))
      return notice(citizen, e, case_id, "notice.rejected", {{"case_id", case_id}, {"reason", r->reason}},
                    d::OutboundReason::status_change);
    if (std::holds_alternative<d::CaseEscalated>(*decoded))
      return notice(citizen, e, case_id, "notice.escalated", {{"case_id", case_id}}, d::OutboundReason::escalation_notice);
    if (const auto* s = std::get_if<d::StepAdvanced>(&*decoded)) {
      const std::string step = std::to_string(s->step), total = std::to_string(s->total);
      return notice(citizen, e, case_id, "notice.step",
                    {{"case_id", case_id}, {"step", step}, {"total", total}, {"name", s->name}},
                    d::OutboundReason::status_change);
    }
    return {};
  }

  // What a citizen's message asks the bot, before the turn is computed.
  struct ChatInput {
    std::string citizen;
    bots::CitizenInput input;
    std::string turn_id, profile_name, correlation_id;
  };
  // nullopt for an event that is not a message to answer: another kind, no
  // answer needed, or a sender the webhook could not identify (all those
  // would share one dialogue).
  Result<std::optional<ChatInput>> chat_input(const events::RecordedEvent& e) {
    auto decoded = events::decode_chat_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    auto* m = std::get_if<d::CitizenMessageReceived>(&*decoded);
    if (!m || m->channel != d::Channel::whatsapp || m->citizen.empty() || m->citizen == unidentified_citizen)
      return std::optional<ChatInput>{};
    auto what = input_of(*m);
    if (!what) return std::optional<ChatInput>{};
    return std::optional<ChatInput>{ChatInput{std::move(m->citizen), {std::move(*what), m->at},
                                              derived_event_id("bot/turn", e.id), std::move(m->profile_name),
                                              e.correlation_id.empty() ? e.id : e.correlation_id}};
  }

  Result<void> move_checkpoint(events::Position to) {
    events::ViewBatch moved;
    moved.set_checkpoint(checkpoint_name, to);
    return deps.store.commit(std::move(moved));
  }

  // Messages are answered in batches (see take_turns) up to the next case
  // event or the next message of a citizen already in the batch; case events
  // one by one. The checkpoint moves past each batch and each case event once
  // its work is done, so one failing event does not redo much.
  Result<void> follow_log() {
    for (;;) {
      auto from = deps.store.checkpoint(checkpoint_name);
      if (!from) return from.error();
      auto events = deps.store.read_log(*from, batch);
      if (!events) return events.error();
      if (events->empty()) return {};
      std::vector<PreparedTurn> held;
      std::unordered_set<std::string> held_citizens;
      events::Position done_up_to = *from;  // every event up to here is answered or held
      auto flush = [&]() -> Result<void> {
        if (!held.empty()) {
          auto taken = take_turns(held);
          held.clear();
          held_citizens.clear();
          if (!taken) return taken;
        }
        return done_up_to > *from ? move_checkpoint(done_up_to) : Result<void>{};
      };
      for (const auto& e : *events) {
        const std::string_view stream = e.stream;
        if (stream.starts_with(d::chat_stream_prefix) && e.type == "CitizenMessageReceived") {
          auto chat = chat_input(e);
          if (!chat) return chat.error();
          if (*chat) {
            // A turn is computed from the citizen's state after their last
            // one: a second message of a held citizen waits for the flush.
            if (held_citizens.contains((*chat)->citizen))
              if (auto f = flush(); !f) return f;
            auto& c = **chat;
            auto turn = prepare_turn(c.citizen, c.input, c.turn_id, c.profile_name, c.correlation_id);
            if (!turn) return turn.error();
            held_citizens.insert(c.citizen);
            held.push_back(std::move(*turn));
          }
        } else if (stream.starts_with(d::case_stream_prefix)) {
          if (auto f = flush(); !f) return f;
          if (auto r = follow_case(e); !r) return r;
          done_up_to = e.position;
          if (auto c = move_checkpoint(done_up_to); !c) return c;
          continue;
        }
        done_up_to = e.position;
      }
      if (auto f = flush(); !f) return f;
      if (events->size() < batch) return {};
    }
  }

  // ---- silence after a resolution ----------------------------------------------------

  Result<void> expire_confirmations() {
    const auto now = deps.clock();
    const std::string until = waiting_key(now, "~");
    std::vector<std::pair<std::string, std::string>> due;  // key, citizen
    auto scanned = deps.store.scan_views(waiting_prefix, waiting_prefix, [&](std::string_view key, std::string_view value) {
      if (key > until) return false;
      due.emplace_back(std::string(key), std::string(value));
      return due.size() < batch;
    });
    if (!scanned) return scanned.error();
    for (const auto& [key, citizen] : due) {
      const std::string case_id = key.substr(key.rfind('/') + 1);
      auto done = take_turn(citizen, {bots::ConfirmationExpired{case_id}, now}, derived_event_id("bot/expired", key), {},
                            derived_event_id("bot/expired", key));
      if (!done) return done;
      // The turn dropped the question from the state, so index_pending erased
      // the key; a question already answered left one behind: drop it here.
      events::ViewBatch gone;
      gone.erase(key);
      if (auto c = deps.store.commit(std::move(gone)); !c) return c.error();
    }
    return {};
  }

  Result<void> run_once() {
    if (auto r = follow_log(); !r) return r;
    return expire_confirmations();
  }
};

BotRunner::BotRunner(BotRunnerDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {}

BotRunner::~BotRunner() { stop(); }

Result<void> BotRunner::start() {
  if (impl_->follower.running()) return {};
  const auto& catalog = *impl_->deps.catalog;
  std::string office = impl_->deps.config.office;
  if (office.empty() && !catalog.offices.empty()) {
    office = catalog.offices.front().id;
    if (catalog.offices.size() > 1)
      spdlog::warn("bot.office is not set: the bot offers the services of {}, the catalog's first of {} offices", office,
                   catalog.offices.size());
  }
  if (std::none_of(catalog.offices.begin(), catalog.offices.end(), [&](const auto& o) { return o.id == office; }))
    return fail(Errc::invalid_field, fmt::format("bot.office '{}' is not an office of the catalog", office), "bot.office");
  impl_->office = office;
  auto& store = impl_->deps.store;
  auto checkpoints = store.checkpoints();
  if (!checkpoints) return checkpoints.error();
  const bool ran_before = std::any_of(checkpoints->begin(), checkpoints->end(),
                                      [](const auto& c) { return c.first == checkpoint_name; });
  if (!ran_before) {
    events::ViewBatch first;
    first.set_checkpoint(checkpoint_name, store.head());
    if (auto c = store.commit(std::move(first)); !c) return c.error();
    if (store.head() > 0) spdlog::info("bot: first start on this store: answering messages from position {} on", store.head());
  }
  impl_->follower.start(store);
  return {};
}

void BotRunner::stop() { impl_->follower.stop(); }

Result<void> BotRunner::run_once() { return impl_->run_once(); }

}  // namespace tanggap::server
