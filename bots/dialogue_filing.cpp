// bots/dialogue_filing.cpp — filing a complaint or request, one question at a
// time: service → description → location → name or anonymous → confirm →
// SubmitCase, then the shell's CaseFiled or FilingRefused. The same service
// list serves "which service's requirements" (Step::choosing_info).
#include "bots/conversation.h"

#include "events/domain/catalog.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace tanggap::bots {

namespace {

// Nine services and a "more" row fit the ten rows of a WhatsApp list.
constexpr std::size_t services_per_page = max_list_rows - 1;
constexpr std::size_t max_title_chars = 80;  // the case title: the description's first line, cut

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

const domain::ServiceType* draft_type(const Conversation& c) { return c.ctx.catalog->type(c.state().draft.service); }

void ask_description(Conversation& c) {
  c.say(c.text("complain.describe", {{"service", service_name(c.ctx, c.state().language, c.state().draft.service)}}));
}

void ask_location(Conversation& c) { c.say(c.text("complain.locate"), {choice("skip", c.text("choice.skip"))}); }

void ask_name(Conversation& c) {
  const domain::ServiceType* type = draft_type(c);
  std::vector<Choice> choices;
  if (type == nullptr || type->allows_anonymous) choices.push_back(choice("anon", c.text("choice.anonymous")));
  c.say(c.text("complain.name"), std::move(choices));
}

std::string location_text(const Conversation& c) {
  const domain::Location& l = c.state().draft.location;
  if (l.lat && l.lon) {
    return c.text("complain.shared_location",
                  {{"lat", std::to_string(*l.lat)}, {"lon", std::to_string(*l.lon)}, {"place", l.text}});
  }
  return l.text.empty() ? c.text("complain.no_location") : l.text;
}

void ask_confirmation(Conversation& c) {
  const Draft& d = c.state().draft;
  const std::string name = d.anonymous ? c.text("complain.anonymous_label") : d.name;
  c.say(c.text("complain.confirm", {{"service", service_name(c.ctx, c.state().language, d.service)},
                                    {"description", d.description},
                                    {"location", location_text(c)},
                                    {"name", name},
                                    {"attachments", std::to_string(d.media.size())}}),
        {choice("yes", c.text("choice.send")), choice("cancel", c.text("choice.cancel"))});
}

// The question of the current filing step.
void ask_step(Conversation& c) {
  switch (c.state().step) {
    case Step::choosing_service: return offer_services(c, "services.choose");
    case Step::choosing_info: return offer_services(c, "info.choose");
    case Step::describing: return ask_description(c);
    case Step::locating: return ask_location(c);
    case Step::naming: return ask_name(c);
    case Step::confirming: return ask_confirmation(c);
    case Step::filing: return c.say(c.text("complain.sending"));
    default: return show_menu(c);
  }
}

void choose_service(Conversation& c, const domain::Service& s) {
  if (c.state().step == Step::choosing_info) {
    show_service_info(c, s);
    return finish(c);
  }
  c.state().draft.service = s.type;
  c.state().draft.office = s.office;
  c.state().offered.clear();
  c.state().step = Step::describing;
  ask_description(c);
}

void set_anonymous(Conversation& c) {
  const domain::ServiceType* type = draft_type(c);
  if (type != nullptr && !type->allows_anonymous) {
    c.say(c.text("complain.anonymous_not_allowed"));
    return ask_name(c);
  }
  c.state().draft.anonymous = true;
  c.state().draft.name.clear();
  c.state().step = Step::confirming;
  ask_confirmation(c);
}

std::string title_of(std::string_view description) {
  const std::string_view first_line = trim(description.substr(0, description.find('\n')));
  return fit(first_line, max_title_chars);
}

void submit(Conversation& c) {
  const Draft& d = c.state().draft;
  SubmitCase s;
  s.submit.service = d.service;
  s.submit.office = d.office;
  s.submit.channel = c.ctx.citizen.channel;
  s.submit.title = title_of(d.description);
  s.submit.body = d.description;
  s.submit.reporter.name = d.anonymous ? std::string() : d.name;
  s.submit.reporter.phone = c.ctx.citizen.phone;
  s.submit.reporter.chat_id = c.ctx.citizen.chat_id;
  if (d.anonymous) {
    s.submit.privacy = domain::Privacy::anonymous;
    s.submit.privacy_given = true;
  }
  s.submit.location = d.location;
  s.media = d.media;
  c.effect(std::move(s));
  c.state().step = Step::filing;
  c.state().offered.clear();
  c.say(c.text("complain.sending"));
}

// Lower case, and '-' as a space, so "usulan-dtsen" and "Usulan DTSEN" meet.
std::string comparable(std::string_view s) { return normalize(s); }

}  // namespace

bool is_filing(Step step) noexcept {
  return step == Step::choosing_service || step == Step::describing || step == Step::locating ||
         step == Step::naming || step == Step::confirming || step == Step::filing;
}

void start_filing(Conversation& c) {
  DialogueState& s = c.state();
  s.draft = Draft{};
  s.service_page = 0;
  s.reopen_case_id.clear();
  s.step = Step::choosing_service;
  offer_services(c, "services.choose");
}

std::vector<const domain::Service*> offered_services(const BotContext& ctx) {
  const std::string_view office =
      ctx.office.empty() && ctx.catalog->offices.size() == 1 ? std::string_view(ctx.catalog->offices.front().id)
                                                              : std::string_view(ctx.office);
  std::vector<const domain::Service*> out;
  for (const domain::Service& s : ctx.catalog->services)
    if (s.office == office) out.push_back(&s);
  return out;
}

void offer_services(Conversation& c, std::string_view question_key) {
  const auto services = offered_services(c.ctx);
  std::size_t page = c.state().service_page;
  if (page * services_per_page >= services.size()) page = 0;
  c.state().service_page = static_cast<std::uint32_t>(page);
  const bool paged = services.size() > max_list_rows;
  const std::size_t first = paged ? page * services_per_page : 0;
  const std::size_t last = paged ? std::min(services.size(), first + services_per_page) : services.size();
  std::vector<Choice> choices;
  for (std::size_t i = first; i < last; ++i) {
    const std::string name = service_name(c.ctx, c.state().language, services[i]->type);
    // A name too long for a row title is repeated whole in the description.
    choices.push_back(choice("svc:" + services[i]->type, name, name.size() > max_row_title_chars ? name : ""));
  }
  if (paged) {
    const std::size_t next = last < services.size() ? page + 1 : 0;
    choices.push_back(choice("svc-page:" + std::to_string(next), c.text("services.more")));
  }
  c.say(c.text(question_key), std::move(choices));
}

const domain::Service* service_named(const BotContext& ctx, std::string_view typed) {
  const std::string want = comparable(typed);
  if (want.size() < 3) return nullptr;
  const domain::Service* found = nullptr;
  for (const domain::Service* s : offered_services(ctx)) {
    const domain::ServiceType* type = ctx.catalog->type(s->type);
    const std::string names[] = {comparable(s->type), comparable(s->name_id), comparable(s->name_en),
                                 type ? comparable(type->name_id) : std::string(),
                                 type ? comparable(type->name_en) : std::string()};
    const bool match = std::any_of(std::begin(names), std::end(names), [&](const std::string& n) {
      return !n.empty() && (n == want || n.find(want) != std::string::npos ||
                            (n.size() >= 5 && want.find(n) != std::string::npos));
    });
    if (!match) continue;
    if (found != nullptr && found != s) return nullptr;  // ambiguous: let the citizen pick
    found = s;
  }
  return found;
}

void filing_choice(Conversation& c, std::string_view id) {
  DialogueState& s = c.state();
  if (id == "cancel") {
    c.say(c.text("cancelled"));
    finish(c);
    if (s.step == Step::idle) show_menu(c);
    return;
  }
  if ((s.step == Step::choosing_service || s.step == Step::choosing_info)) {
    if (id.starts_with("svc-page:")) {
      const std::string_view n = id.substr(9);
      std::uint32_t page = 0;
      if (std::from_chars(n.data(), n.data() + n.size(), page).ec != std::errc{}) page = 0;
      s.service_page = page;  // offer_services() starts over past the last page
      return ask_step(c);
    }
    if (id.starts_with("svc:")) {
      for (const domain::Service* svc : offered_services(c.ctx))
        if (svc->type == id.substr(4)) return choose_service(c, *svc);
    }
  }
  if (s.step == Step::locating && id == "skip") {
    s.draft.location = domain::Location{};
    s.step = Step::naming;
    return ask_name(c);
  }
  if (s.step == Step::naming && id == "anon") return set_anonymous(c);
  if (s.step == Step::confirming && id == "yes") return submit(c);
  if (s.step == Step::confirming && id == "no") return filing_choice(c, "cancel");
  c.say(c.text("not_understood"));
  ask_step(c);
}

void filing_text(Conversation& c, std::string_view text) {
  DialogueState& s = c.state();
  // Longer text than the decider takes is cut rather than refused: a pasted
  // essay still files, and the state stays small.
  const std::string_view typed = trim(text);
  if (typed.empty()) return ask_step(c);
  const Intent whole = command(typed);
  switch (s.step) {
    case Step::choosing_service:
    case Step::choosing_info:
      if (const domain::Service* svc = service_named(c.ctx, typed)) return choose_service(c, *svc);
      c.say(c.text("services.not_found"));
      return ask_step(c);
    case Step::describing:
      s.draft.description = fit_bytes(typed, max_body_bytes);
      s.step = Step::locating;
      return ask_location(c);
    case Step::locating:
      if (whole == Intent::skip || whole == Intent::no) return filing_choice(c, "skip");
      s.draft.location = domain::Location{fit_bytes(typed, max_reason_bytes), std::nullopt, std::nullopt};
      s.step = Step::naming;
      return ask_name(c);
    case Step::naming:
      if (whole == Intent::anonymous) return set_anonymous(c);
      s.draft.name = fit_bytes(typed, max_name_bytes);
      s.draft.anonymous = false;
      s.step = Step::confirming;
      return ask_confirmation(c);
    case Step::confirming:
      if (whole == Intent::yes) return submit(c);
      if (whole == Intent::no) return filing_choice(c, "cancel");
      c.say(c.text("complain.confirm_again"));
      return ask_confirmation(c);
    default: return ask_step(c);  // filing: still waiting for the shell
  }
}

void filing_location(Conversation& c, const LocationShared& l) {
  std::string place = std::string(trim(l.name));
  const std::string_view address = trim(l.address);
  if (!address.empty()) place += (place.empty() ? "" : ", ") + std::string(address);
  c.state().draft.location = domain::Location{fit_bytes(place, max_reason_bytes), l.lat, l.lon};
  c.state().step = Step::naming;
  ask_name(c);
}

void filing_media(Conversation& c, const MediaSent& m) {
  Draft& d = c.state().draft;
  if (d.media.size() >= domain::max_attachments_per_case) {
    c.say(c.text("media.too_many", {{"max", std::to_string(domain::max_attachments_per_case)}}));
    return ask_step(c);
  }
  d.media.push_back(m.media);
  c.say(c.text("media.attached", {{"count", std::to_string(d.media.size())},
                                  {"max", std::to_string(domain::max_attachments_per_case)}}));
  // A photo with a caption, sent when asked what happened, is the answer.
  if (c.state().step == Step::describing && !trim(m.caption).empty()) return filing_text(c, m.caption);
  ask_step(c);
}

void on_filed(Conversation& c, const CaseFiled& f) {
  // The citizen must get the id and code even if the state moved on meanwhile;
  // only a dialogue still waiting for it ends here.
  c.say(c.text("complain.filed", {{"case_id", f.case_id}, {"tracking_code", f.tracking_code}}));
  if (f.resolution_due) c.say(c.text("complain.filed_due", {{"date", spoken_date(c, *f.resolution_due)}}));
  if (c.state().step == Step::filing) finish(c);
}

void on_refused(Conversation& c, const FilingRefused& r) {
  if (c.state().step != Step::filing) return;  // nothing of ours was being filed: a stray answer
  c.say(c.text("complain.refused"));
  const std::string_view field = r.error.field;
  // Back to the question whose answer was refused; otherwise the summary.
  DialogueState& s = c.state();
  if (field == "reporter.name" || field == "privacy") s.step = Step::naming;
  else if (field == "body" || field == "title") s.step = Step::describing;
  else if (field.starts_with("location")) s.step = Step::locating;
  else if (field == "service" || field == "office") s.step = Step::choosing_service;
  else s.step = Step::confirming;
  ask_step(c);
}

}  // namespace tanggap::bots
