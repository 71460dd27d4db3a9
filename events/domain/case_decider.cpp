// decide(): which command a case accepts in which status, and what it records.
// Checks run in one order for every command, so that one input always meets
// the same refusal: a terminal case first, then the status, then the fields.
// Refusals are Errors (the API answers 422); "already so" is an empty list,
// so a decision replayed on its own result writes nothing (STYLE.md §1, Equinox).
#include "events/domain/case_decider.h"
#include "events/domain/overloaded.h"

#include "events/domain/case_id.h"
#include "events/domain/sla.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <chrono>

namespace tanggap::domain {
namespace {

using Events = std::vector<CaseEvent>;
using Decision = Result<Events>;

// Limits are in bytes except the title's, which a form counts in characters.
constexpr std::size_t max_text_bytes = 10'000;   // body, reply, note, resolution
constexpr std::size_t max_reason_bytes = 2'000;  // reasons, exemption, location text
constexpr std::size_t max_name_bytes = 200;      // reporter name, unit, officer
constexpr std::size_t max_title_chars = 200;

std::string_view trim(std::string_view s) noexcept {
  constexpr std::string_view space = " \t\r\n\v\f";
  const auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

// UTF-8 code points: continuation bytes (10xxxxxx) do not start a character.
std::size_t utf8_length(std::string_view s) noexcept {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string spoken(CaseStatus s) {
  std::string name(status_name(s));
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

Error wrong_status(const CaseState& s, std::string_view verb) {
  if (s.status == CaseStatus::none)
    return fail(Errc::illegal_transition,
                fmt::format("there is no such case (status none), so it cannot be {}", verb));
  return fail(Errc::illegal_transition,
              fmt::format("a case that is {} cannot be {}", spoken(s.status), verb));
}

bool is_open(CaseStatus s) noexcept {
  return s == CaseStatus::received || s == CaseStatus::in_progress ||
         s == CaseStatus::waiting_for_citizen;
}
bool is_done(CaseStatus s) noexcept {
  return s == CaseStatus::resolved || s == CaseStatus::closed;
}

Error too_long(std::string_view field, std::size_t size, std::size_t max, std::string_view unit) {
  return fail(Errc::invalid_field,
              fmt::format("{} is {} {} long; at most {} are accepted", field, size, unit, max),
              std::string(field));
}

// Trimmed, non-empty, within `max_bytes`.
Result<std::string> required_text(std::string_view raw, std::string_view field,
                                  std::size_t max_bytes) {
  const auto text = trim(raw);
  if (text.empty())
    return fail(Errc::invalid_field, fmt::format("{} must not be empty", field),
                std::string(field));
  if (text.size() > max_bytes) return too_long(field, text.size(), max_bytes, "bytes");
  return std::string(text);
}

// Trimmed and within `max_bytes`; may be empty.
Result<std::string> optional_text(std::string_view raw, std::string_view field,
                                  std::size_t max_bytes) {
  const auto text = trim(raw);
  if (text.size() > max_bytes) return too_long(field, text.size(), max_bytes, "bytes");
  return std::string(text);
}

Result<std::string> reason_of(std::string_view raw) {
  return required_text(raw, "reason", max_reason_bytes);
}

const Catalog& catalog_of(const Context& ctx) {
  assert(ctx.catalog != nullptr && "Context::catalog must be set before deciding");
  return *ctx.catalog;
}

// The step's name as this office writes it; empty if the catalog no longer
// has it (the state's step_total, fixed when the case began, still rules).
std::string step_name(const Context& ctx, const CaseState& s, std::uint32_t step) {
  const Service* service = catalog_of(ctx).service(s.service, s.office);
  if (service == nullptr || step == 0 || step > service->steps.size()) return {};
  return service->steps[step - 1].name;
}

Decision refuse_terminal(const CaseCommand& command, const CaseState& s) {
  if (s.status == CaseStatus::closed)
    return fail(Errc::illegal_transition,
                fmt::format("a case that is closed after {} reopenings accepts only notes, not "
                            "'{}': open a new case",
                            s.reopen_count, command_type_name(command)));
  return fail(Errc::illegal_transition,
              fmt::format("a case that is {} accepts only notes, not '{}'", spoken(s.status),
                          command_type_name(command)));
}

// ---- submit ------------------------------------------------------------------

// The office the case goes to: the named one, or the only one offering the type.
Result<const Service*> service_for(const Catalog& catalog, const ServiceType& type,
                                   std::string_view office) {
  if (const Service* service = catalog.service(type.id, office)) return service;
  if (!office.empty()) {
    if (catalog.office(office) == nullptr)
      return fail(Errc::invalid_field, fmt::format("unknown office '{}'", office), "office");
    return fail(Errc::invalid_field,
                fmt::format("office '{}' does not offer service '{}'", office, type.id), "office");
  }
  std::string offering;
  for (const Service& service : catalog.services)
    if (service.type == type.id) offering += (offering.empty() ? "" : ", ") + service.office;
  if (offering.empty())
    return fail(Errc::invalid_field, fmt::format("no office offers service '{}'", type.id),
                "office");
  return fail(Errc::invalid_field,
              fmt::format("several offices offer service '{}' ({}): name the office", type.id,
                          offering),
              "office");
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The strict shape (case_id.h) and the service type's prefix.
Result<void> check_case_id(std::string_view id, const ServiceType& type) {
  const auto parsed = parse_case_id(id);
  if (!parsed)
    return fail(Errc::malformed,
                fmt::format("case id '{}' is not of the form PREFIX-YYYY-NNNNNN", id), "case_id");
  if (parsed->prefix != type.prefix)
    return fail(Errc::malformed,
                fmt::format("case id '{}' does not carry the prefix {} of service '{}'", id,
                            type.prefix, type.id),
                "case_id");
  return {};
}

// A real date, not after today where the office is: a citizen in Jayapura
// writes its local date, which runs up to nine hours ahead of UTC.
Result<void> check_occurred_on(std::string_view text, const Office* office, Instant now) {
  if (text.empty()) return {};
  const auto date = parse_date(text);
  if (!date)
    return fail(Errc::invalid_field, fmt::format("occurred_on '{}' is not a date YYYY-MM-DD", text),
                "occurred_on");
  const auto offset = office != nullptr ? utc_offset_minutes(office->time_zone) : std::nullopt;
  const auto today = std::chrono::floor<std::chrono::days>(
      now + std::chrono::minutes(offset.value_or(0)));
  if (std::chrono::sys_days{*date} > today)
    return fail(Errc::invalid_field, fmt::format("occurred_on {} is in the future", text),
                "occurred_on");
  return {};
}

Result<void> check_sha256_hex(std::string_view hex, std::string_view field = "tracking_code_hash") {
  const bool ok = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
                    return is_digit(c) || (c >= 'a' && c <= 'f');
                  });
  if (!ok)
    return fail(Errc::malformed, fmt::format("{} must be 64 lowercase hex digits (SHA-256)", field),
                std::string(field));
  return {};
}

// The edge stored the bytes and sniffed their type; the decider still holds
// the line on what an event may carry.
Result<void> check_attachments(const std::vector<Attachment>& attachments) {
  if (attachments.size() > max_attachments_per_case)
    return fail(Errc::invalid_field,
                fmt::format("a case takes at most {} attachments", max_attachments_per_case),
                "attachments");
  for (const auto& a : attachments) {
    if (auto r = check_sha256_hex(a.sha256, "attachments.sha256"); !r) return r.error();
    if (a.name.size() > max_name_bytes || a.media_type.empty() || a.media_type.size() > 100 || a.size == 0)
      return fail(Errc::malformed, "an attachment needs a name of at most 200 bytes, a media type and a size",
                  "attachments");
  }
  return {};
}

// Anonymous keeps the contact, so the office can still answer, but nothing
// that names the person: neither the name nor the NIK.
Result<Reporter> reporter_of(const Reporter& given, Privacy privacy) {
  Reporter r{std::string(trim(given.name)), std::string(trim(given.phone)),
             std::string(trim(given.email)), std::string(trim(given.nik)),
             std::string(trim(given.chat_id))};
  if (privacy == Privacy::anonymous) {
    r.name.clear();
    r.nik.clear();
    return r;
  }
  if (r.name.empty())
    return fail(Errc::invalid_field, "a case that is not anonymous needs the reporter's name",
                "reporter.name");
  if (r.name.size() > max_name_bytes)
    return too_long("reporter.name", r.name.size(), max_name_bytes, "bytes");
  return r;
}

Result<Location> location_of(const Location& given) {
  auto text = optional_text(given.text, "location.text", max_reason_bytes);
  if (!text) return text.error();
  if (given.lat && !(*given.lat >= -90.0 && *given.lat <= 90.0))
    return fail(Errc::invalid_field, "location.lat must lie within -90 and 90", "location.lat");
  if (given.lon && !(*given.lon >= -180.0 && *given.lon <= 180.0))
    return fail(Errc::invalid_field, "location.lon must lie within -180 and 180", "location.lon");
  return Location{std::move(*text), given.lat, given.lon};
}

Decision decide_submit(const Submit& c, const CaseState& s, const Context& ctx) {
  if (s.status != CaseStatus::none)
    return fail(Errc::illegal_transition,
                fmt::format("case {} already exists (it is {})", s.case_id, spoken(s.status)));
  const Catalog& catalog = catalog_of(ctx);
  const ServiceType* type = catalog.type(c.service);
  if (type == nullptr)
    return fail(Errc::invalid_field, fmt::format("unknown service '{}'", c.service), "service");
  auto service = service_for(catalog, *type, c.office);
  if (!service) return service.error();
  if (auto r = check_case_id(c.case_id, *type); !r) return r.error();

  if (const auto chars = utf8_length(trim(c.title)); chars > max_title_chars)
    return too_long("title", chars, max_title_chars, "characters");
  // Never too long here: a UTF-8 character takes at most four bytes.
  auto title = required_text(c.title, "title", max_title_chars * 4);
  if (!title) return title.error();
  auto body = required_text(c.body, "body", max_text_bytes);
  if (!body) return body.error();

  const Privacy privacy = c.privacy_given ? c.privacy : type->default_privacy;
  if (privacy == Privacy::anonymous && !type->allows_anonymous)
    return fail(Errc::invalid_field,
                fmt::format("service '{}' cannot be anonymous: the law wants the requester's "
                            "name and address",
                            type->id),
                "privacy");
  auto reporter = reporter_of(c.reporter, privacy);
  if (!reporter) return reporter.error();
  auto location = location_of(c.location);
  if (!location) return location.error();
  const Office* office = catalog.office((*service)->office);
  if (auto r = check_occurred_on(c.occurred_on, office, ctx.now); !r) return r.error();
  if (auto r = check_sha256_hex(c.tracking_code_hash); !r) return r.error();
  if (auto r = check_attachments(c.attachments); !r) return r.error();

  CaseSubmitted e;
  e.case_id = c.case_id;
  e.service = type->id;
  e.office = (*service)->office;
  e.channel = c.channel;
  e.title = std::move(*title);
  e.body = std::move(*body);
  e.reporter = std::move(*reporter);
  e.privacy = privacy;
  e.location = std::move(*location);
  e.occurred_on = c.occurred_on;
  e.tracking_code_hash = c.tracking_code_hash;
  e.attachments = c.attachments;
  e.step_total = static_cast<std::uint32_t>((*service)->steps.size());
  e.at = ctx.now;
  e.information_request = type->information_request;
  return Events{std::move(e)};
}

// One level up the office's chain (officer, head of division, head of
// office). A manual escalate and a breach take this same path.
CaseEvent escalation(const CaseState& s, std::string reason, Instant now) {
  return CaseEscalated{s.escalation_level + 1, std::move(reason), now};
}

std::string breach_reason(SlaClock clock) {
  switch (clock) {
    case SlaClock::first_response: return "Batas waktu respons pertama terlampaui (otomatis oleh pemantau SLA)";
    case SlaClock::resolution: return "Batas waktu penyelesaian terlampaui (otomatis oleh pemantau SLA)";
    case SlaClock::objection: return "Batas waktu tanggapan keberatan terlampaui (otomatis oleh pemantau SLA)";
  }
  return {};
}

// Everything due as of ctx.now that is not yet on record: a warning at 75% of
// a clock's limit, a breach past it, and per new breach one escalation while
// the chain has a level left. Nothing due: no events (the monitor's retries
// and restarts write nothing twice).
Decision check_sla(const CaseState& s, const Context& ctx) {
  if (ctx.calendars == nullptr)
    return fail(Errc::not_ready, "the SLA check needs the offices' calendars");
  auto schedule = compute_schedule(s.sla, catalog_of(ctx), *ctx.calendars, ctx.now);
  if (!schedule) return schedule.error();
  const std::string& calendar = ctx.calendars->for_office(s.office)->spec().holidays_version;
  Events out;
  // One level per decision, however many clocks breach in it: a service whose
  // first-response and resolution limits coincide must not jump from the
  // officer straight to the head of office.
  bool escalated = false;
  for (const ClockSchedule& clock : *schedule) {
    if (clock.state == ClockState::stopped || !clock.due) continue;
    if (!clock.warned && clock.warn_at && *clock.warn_at <= ctx.now)
      out.push_back(SlaWarning{clock.clock, *clock.due, calendar, ctx.now});
    if (!clock.breached && *clock.due < ctx.now) {
      out.push_back(SlaBreached{clock.clock, *clock.due, calendar, ctx.now});
      if (!escalated && s.escalation_level < max_escalation_level) {
        out.push_back(escalation(s, breach_reason(clock.clock), ctx.now));
        escalated = true;
      }
    }
  }
  return out;
}

}  // namespace

Decision CaseDecider::decide(const Command& command, const State& s, const Context& ctx) {
  if (is_terminal(s) && !std::holds_alternative<Note>(command) && !std::holds_alternative<CheckSla>(command))
    return refuse_terminal(command, s);
  const Instant now = ctx.now;
  return std::visit(
      overloaded{
          [&](const Submit& c) -> Decision { return decide_submit(c, s, ctx); },

          [&](const Assign& c) -> Decision {
            if (!is_open(s.status)) return wrong_status(s, "assigned");
            auto unit = optional_text(c.unit, "unit", max_name_bytes);
            if (!unit) return unit.error();
            auto officer = required_text(c.officer, "officer", max_name_bytes);
            if (!officer) return officer.error();
            if (*unit == s.unit && *officer == s.officer) return Events{};
            return Events{CaseAssigned{std::move(*unit), std::move(*officer), now}};
          },

          [&](const Reply& c) -> Decision {
            if (!is_open(s.status) && s.status != CaseStatus::resolved)
              return wrong_status(s, "replied to");
            auto text = required_text(c.text, "text", max_text_bytes);
            if (!text) return text.error();
            return Events{OfficerReplied{std::move(*text), ctx.actor.id, now}};
          },

          [&](const Note& c) -> Decision {
            if (s.status == CaseStatus::none) return wrong_status(s, "given a note");
            auto text = required_text(c.text, "text", max_text_bytes);
            if (!text) return text.error();
            return Events{NoteAdded{std::move(*text), ctx.actor.id, now}};
          },

          [&](const Advance& c) -> Decision {
            if (s.status != CaseStatus::received && s.status != CaseStatus::in_progress)
              return wrong_status(s, "advanced");
            if (c.step < 1 || c.step > s.step_total)
              return fail(Errc::invalid_field,
                          fmt::format("step {} is not a step of this service (1 to {})", c.step,
                                      s.step_total),
                          "step");
            if (c.step <= s.step)
              return fail(Errc::illegal_transition,
                          fmt::format("a case that is {} is already at step {} of {}; steps "
                                      "only move forward",
                                      spoken(s.status), s.step, s.step_total));
            return Events{StepAdvanced{c.step, s.step_total, step_name(ctx, s, c.step), now}};
          },

          [&](const WaitForCitizen& c) -> Decision {
            if (s.status != CaseStatus::received && s.status != CaseStatus::in_progress)
              return wrong_status(s, "put on wait for the citizen");
            auto reason = reason_of(c.reason);
            if (!reason) return reason.error();
            return Events{CitizenWaitStarted{std::move(*reason), now}};
          },

          [&](const Resume&) -> Decision {
            if (s.status != CaseStatus::waiting_for_citizen) return wrong_status(s, "resumed");
            return Events{CitizenWaitEnded{now}};
          },

          [&](const Escalate& c) -> Decision {
            if (!is_open(s.status)) return wrong_status(s, "escalated");
            if (s.escalation_level >= max_escalation_level)
              return fail(Errc::illegal_transition,
                          fmt::format("a case that is {} is already escalated to the top level "
                                      "({}) and cannot be escalated further",
                                      spoken(s.status), s.escalation_level));
            auto reason = reason_of(c.reason);
            if (!reason) return reason.error();
            return Events{escalation(s, std::move(*reason), now)};
          },

          [&](const Resolve& c) -> Decision {
            if (!is_open(s.status)) return wrong_status(s, "resolved");
            auto resolution = required_text(c.resolution, "resolution", max_text_bytes);
            if (!resolution) return resolution.error();
            auto exemption = optional_text(c.exemption, "exemption", max_reason_bytes);
            if (!exemption) return exemption.error();
            if (s.information_request) {
              if (!c.outcome)
                return fail(Errc::invalid_field,
                            "an information request is resolved with an outcome: granted, "
                            "partly_granted or rejected (UU 14/2008 Pasal 22(7))",
                            "outcome");
              if (*c.outcome != Outcome::granted && exemption->empty())
                return fail(Errc::invalid_field,
                            "a request not granted in full must cite its Pasal 17 exemption",
                            "exemption");
              if (*c.outcome == Outcome::granted && !exemption->empty())
                return fail(Errc::invalid_field, "a request granted in full cites no exemption",
                            "exemption");
            } else {
              if (c.outcome)
                return fail(Errc::invalid_field, "only an information request has an outcome",
                            "outcome");
              if (!exemption->empty())
                return fail(Errc::invalid_field,
                            "only an information request cites an exemption", "exemption");
            }
            return Events{
                CaseResolved{std::move(*resolution), c.outcome, std::move(*exemption), now}};
          },

          [&](const Close&) -> Decision {
            if (s.status != CaseStatus::resolved) return wrong_status(s, "closed");
            return Events{CaseClosed{now}};
          },

          [&](const Reopen& c) -> Decision {
            if (!is_done(s.status)) return wrong_status(s, "reopened");
            if (s.reopen_count >= max_reopens)
              return fail(Errc::illegal_transition,
                          fmt::format("a case that is {} was reopened {} times already, the "
                                      "most allowed: open a new case",
                                      spoken(s.status), s.reopen_count));
            auto reason = reason_of(c.reason);
            if (!reason) return reason.error();
            return Events{CaseReopened{std::move(*reason), now}};
          },

          [&](const Reject& c) -> Decision {
            if (!is_open(s.status)) return wrong_status(s, "rejected");
            auto reason = reason_of(c.reason);
            if (!reason) return reason.error();
            return Events{CaseRejected{std::move(*reason), now}};
          },

          [&](const Reclassify& c) -> Decision {
            if (!is_open(s.status)) return wrong_status(s, "reclassified");
            if (c.service == s.service) return Events{};
            const Catalog& catalog = catalog_of(ctx);
            const ServiceType* type = catalog.type(c.service);
            if (type == nullptr)
              return fail(Errc::invalid_field, fmt::format("unknown service '{}'", c.service),
                          "service");
            const Service* service = catalog.service(type->id, s.office);
            if (service == nullptr)
              return fail(Errc::invalid_field,
                          fmt::format("office '{}' does not offer service '{}'", s.office,
                                      type->id),
                          "service");
            return Events{CaseReclassified{s.service, type->id,
                                           static_cast<std::uint32_t>(service->steps.size()), now,
                                           type->information_request}};
          },

          [&](const Extend& c) -> Decision {
            if (!s.information_request)
              return fail(Errc::illegal_transition,
                          "only an information request can have its deadline extended");
            if (!is_open(s.status)) return wrong_status(s, "extended");
            if (s.extended)
              return fail(Errc::illegal_transition,
                          fmt::format("a case that is {} was already extended once, the most "
                                      "UU 14/2008 Pasal 22(8) allows",
                                      spoken(s.status)));
            // Pasal 22(8): the extension is given within the 10 working days,
            // not to excuse a deadline already missed.
            if (ctx.calendars != nullptr) {
              auto schedule = compute_schedule(s.sla, catalog_of(ctx), *ctx.calendars, now);
              if (!schedule) return schedule.error();
              for (const ClockSchedule& clock : *schedule)
                if (clock.clock == SlaClock::resolution && (clock.breached || (clock.due && *clock.due < now)))
                  return fail(Errc::illegal_transition,
                              "the deadline has passed: UU 14/2008 Pasal 22(8) allows the extension only "
                              "within the 10 working days");
            }
            auto reason = reason_of(c.reason);
            if (!reason) return reason.error();
            return Events{DeadlineExtended{std::move(*reason), now}};
          },

          [&](const Object& c) -> Decision {
            if (!s.information_request)
              return fail(Errc::illegal_transition, "only an information request takes an objection");
            if (!is_done(s.status)) return wrong_status(s, "objected to");
            if (s.objection_filed)
              return fail(Errc::illegal_transition,
                          fmt::format("a case that is {} already had its objection",
                                      spoken(s.status)));
            auto reason = reason_of(c.reason);
            if (!reason) return reason.error();
            return Events{ObjectionFiled{std::move(*reason), now}};
          },

          [&](const CheckSla&) -> Decision { return check_sla(s, ctx); },
      },
      command);
}

}  // namespace tanggap::domain
