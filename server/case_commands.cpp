#include "server/case_commands.h"

#include "server/case_history.h"

#include "events/case_event_json.h"
#include "events/domain/case_decider.h"
#include "events/domain/case_id.h"
#include "events/ids.h"
#include "events/sha256.h"

#include <fmt/format.h>

#include <future>

namespace tanggap::server {

namespace {

constexpr int max_attempts = 3;

domain::Context context(const domain::Catalog& catalog, const domain::Calendars* calendars, domain::Instant now,
                        const domain::Actor& actor) {
  return domain::Context{now, actor, &catalog, calendars};
}

// The case id's year is the year of receipt in the office's own time zone:
// a complaint sent at 23:30 WIB on 31 December belongs to that year, not the next.
std::int32_t local_year(domain::Instant now, std::int32_t offset_minutes);

// The id a submission is decided with before the writer thread gives it its
// number: the service's prefix, the office's local year, the one number never
// handed out.
struct DraftId {
  std::string placeholder;
  std::int32_t year = 0;
};
DraftId draft_id(const domain::Catalog& catalog, const domain::Submit& command, domain::Instant now) {
  const domain::ServiceType* type = catalog.type(command.service);
  const domain::Service* service = type ? catalog.service(command.service, command.office) : nullptr;
  const domain::Office* office = service ? catalog.office(service->office) : nullptr;
  const std::int32_t year = local_year(now, office ? domain::utc_offset_minutes(office->time_zone).value_or(0) : 0);
  return {domain::format_case_id({type ? type->prefix : "XXX", year, domain::max_case_number}), year};
}

std::int32_t local_year(domain::Instant now, std::int32_t offset_minutes) {
  const auto local = now + std::chrono::minutes(offset_minutes);
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
  return static_cast<std::int32_t>(ymd.year());
}

}  // namespace

std::vector<events::NewEvent> to_new_events(const std::vector<domain::CaseEvent>& decided,
                                            const domain::Actor& actor, const Trace& trace) {
  std::vector<events::NewEvent> out;
  out.reserve(decided.size());
  for (std::size_t i = 0; i < decided.size(); ++i) {
    auto encoded = events::encode_case_event(decided[i]);
    events::NewEvent e;
    // A seeded id is a hash of the seed and the index: the same request twice
    // yields the same ids, which the store answers with the first result.
    e.id = trace.idempotency_seed.empty()
               ? events::new_event_id()
               : events::sha256_hex(fmt::format("{}#{}", trace.idempotency_seed, i)).substr(0, 32);
    e.type = std::move(encoded.type);
    e.schema = encoded.schema;
    e.actor = actor;
    e.correlation_id = trace.correlation_id;
    e.causation_id = trace.causation_id;
    e.data = std::move(encoded.data);
    out.push_back(std::move(e));
  }
  return out;
}

CaseCommands::CaseCommands(events::EventStore& store, std::shared_ptr<const domain::Catalog> catalog, Clock clock,
                           Defer defer, std::shared_ptr<const domain::Calendars> calendars)
    : store_(store),
      catalog_(std::move(catalog)),
      calendars_(std::move(calendars)),
      clock_(std::move(clock)),
      defer_(std::move(defer)) {}

Result<void> CaseCommands::check_submission(domain::Submit command, const domain::Actor& actor) const {
  const auto now = clock_();
  command.case_id = draft_id(*catalog_, command, now).placeholder;
  command.tracking_code_hash = events::tracking_code_hash(events::new_tracking_code());
  auto decided = domain::CaseDecider::decide(command, domain::CaseDecider::initial_state(),
                                             context(*catalog_, calendars_.get(), now, actor));
  if (!decided) return decided.error();
  return {};
}

void CaseCommands::submit(domain::Submit command, domain::Actor actor, Trace trace,
                          std::function<void(Result<Submitted>)> done, std::string preset_code) {
  const auto now = clock_();
  const bool preset = !preset_code.empty();
  const std::string tracking_code = preset ? std::move(preset_code) : events::new_tracking_code();
  command.tracking_code_hash = events::tracking_code_hash(tracking_code);

  // Decide and encode here, with a placeholder id, so that bad input is
  // refused without a trip through the writer thread and the writer thread
  // (which serialises every append) only puts the real number in. A case id
  // has a fixed length, and the pattern below can only be the "case_id" key:
  // inside a JSON string a quote is escaped.
  const auto draft = draft_id(*catalog_, command, now);
  const std::int32_t year = draft.year;
  const std::string placeholder = draft.placeholder;
  command.case_id = placeholder;
  auto decided = domain::CaseDecider::decide(command, domain::CaseDecider::initial_state(),
                                             context(*catalog_, calendars_.get(), now, actor));
  if (!decided) return done(decided.error());
  const domain::ServiceType* type = catalog_->type(command.service);  // the decider found it
  auto state = std::make_shared<domain::CaseState>(domain::fold(*decided));
  auto prepared = std::make_shared<std::vector<events::NewEvent>>(to_new_events(*decided, actor, trace));

  events::AppendRequest request;
  request.expected = events::Expected::no_stream();
  request.sequence_key = domain::case_sequence_key(type->prefix, year);
  request.bind_sequence = [prepared, state, placeholder, prefix = type->prefix, year](
                              std::uint64_t number, events::AppendRequest& req) -> Result<void> {
    // The last number is the placeholder's: stop one short, never reuse it.
    if (number >= domain::max_case_number)
      return fail(Errc::storage_failed, fmt::format("the case numbers of {} in {} are used up", prefix, year));
    const std::string case_id = domain::format_case_id({prefix, year, static_cast<std::uint32_t>(number)});
    const std::string from = "\"case_id\":\"" + placeholder + "\"";
    for (auto& e : *prepared) {
      const auto at = e.data.find(from);
      if (at != std::string::npos) e.data.replace(at + from.size() - placeholder.size() - 1, placeholder.size(), case_id);
    }
    state->case_id = case_id;
    req.stream = domain::case_stream(case_id);
    req.events = std::move(*prepared);
    return {};
  };
  store_.append(std::move(request), [state, tracking_code, preset, done = std::move(done)](Result<events::Appended> r) {
    if (!r) return done(r.error());
    const std::string case_id = r->stream.substr(domain::case_stream_prefix.size());
    // A repeat filed the case earlier: its code is known only to a caller who chose it.
    done(Submitted{case_id, r->repeated && !preset ? std::string{} : tracking_code, *state, *r});
  });
}

struct ExecuteJob {
  std::string case_id;
  domain::CaseCommand command;
  std::optional<events::Version> expected_version;
  domain::Actor actor;
  Trace trace;
  std::function<void(Result<Executed>)> done;
  int attempt = 0;
};

Result<std::pair<domain::CaseState, events::Version>> CaseCommands::load(std::string_view case_id) const {
  auto history = load_case_history(store_, case_id);
  if (!history) return history.error();
  return std::pair{std::move(history->state), history->version};
}

void CaseCommands::execute(std::string case_id, domain::CaseCommand command,
                           std::optional<events::Version> expected_version, domain::Actor actor, Trace trace,
                           std::function<void(Result<Executed>)> done) {
  auto job = std::make_shared<ExecuteJob>(ExecuteJob{std::move(case_id), std::move(command), expected_version,
                                                     std::move(actor), std::move(trace), std::move(done), 0});
  execute_attempt(std::move(job));
}

void CaseCommands::execute_attempt(std::shared_ptr<ExecuteJob> job) {
  if (std::holds_alternative<domain::Submit>(job->command))
    return job->done(fail(Errc::malformed, "a case is submitted, not commanded", "type"));
  auto loaded = load(job->case_id);
  if (!loaded) return job->done(loaded.error());
  auto& [state, version] = *loaded;
  if (job->expected_version && *job->expected_version != version)
    return job->done(fail(Errc::version_conflict,
                          fmt::format("case {} is at version {}, not {}", job->case_id, version, *job->expected_version)));
  auto decided = domain::CaseDecider::decide(job->command, state, context(*catalog_, calendars_.get(), clock_(), job->actor));
  if (!decided) return job->done(decided.error());
  if (decided->empty()) return job->done(Executed{std::move(state), {}, version, 0});

  auto next = state;
  for (const auto& e : *decided) next = domain::CaseDecider::evolve(std::move(next), e);
  events::AppendRequest request;
  request.stream = domain::case_stream(job->case_id);
  request.expected = events::Expected::exact(version);
  request.events = to_new_events(*decided, job->actor, job->trace);
  auto result = std::make_shared<Executed>(Executed{std::move(next), std::move(*decided), 0, 0});
  store_.append(std::move(request), [this, job, result](Result<events::Appended> r) {
    if (!r && r.error().code == Errc::version_conflict && !job->expected_version && ++job->attempt < max_attempts) {
      // Someone else wrote between our read and our append: decide again on
      // the newer state, off the writer thread when the owner gave us a way.
      if (defer_) return defer_([this, job] { execute_attempt(job); });
      return execute_attempt(job);
    }
    if (!r) return job->done(r.error());
    result->version = r->version;
    result->position = r->last_position;
    job->done(std::move(*result));
  });
}

Result<Submitted> CaseCommands::submit_and_wait(domain::Submit command, domain::Actor actor, Trace trace,
                                                std::string tracking_code) {
  std::promise<Result<Submitted>> promise;
  auto future = promise.get_future();
  submit(std::move(command), std::move(actor), std::move(trace),
         [&promise](Result<Submitted> r) { promise.set_value(std::move(r)); }, std::move(tracking_code));
  return future.get();
}

Result<Executed> CaseCommands::execute_and_wait(std::string case_id, domain::CaseCommand command,
                                                std::optional<events::Version> expected_version,
                                                domain::Actor actor, Trace trace) {
  std::promise<Result<Executed>> promise;
  auto future = promise.get_future();
  execute(std::move(case_id), std::move(command), expected_version, std::move(actor), std::move(trace),
          [&promise](Result<Executed> r) { promise.set_value(std::move(r)); });
  return future.get();
}

}  // namespace tanggap::server
