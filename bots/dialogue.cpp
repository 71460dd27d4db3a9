// bots/dialogue.cpp — respond(): reads one input against the open question
// and hands it to the module that owns that part of the conversation. Words
// that mean the same at every step (batal, menu, halo, english, petugas) are
// read here first, and only as the whole message: inside a description
// "batal" is part of the story.
#include "bots/dialogue.h"

#include "bots/conversation.h"
#include "events/domain/overloaded.h"

#include <algorithm>

namespace tanggap::bots {

namespace {

using domain::overloaded;

void switch_language(Conversation& c, Language language) {
  c.state().language = language;
  c.say(c.text("language.switched"));
  ask_current(c);
}

void cancel(Conversation& c) {
  if (c.state().step != Step::idle) c.say(c.text("cancelled"));
  finish(c);
  if (c.state().step == Step::idle) show_menu(c);
}

// "menu:…" and "lang:…" choices work at any step.
bool global_choice(Conversation& c, std::string_view id) {
  if (id == "lang:en") return switch_language(c, Language::en), true;
  if (id == "lang:id") return switch_language(c, Language::id), true;
  if (id == "menu:complain") return start_filing(c), true;
  if (id == "menu:status") return finish(c), show_status(c, std::nullopt), true;
  if (id == "menu:info") return finish(c), start_info(c, ""), true;
  if (id == "menu:human") return finish(c), hand_over(c, ""), true;
  if (id.starts_with("res-yes:") || id.starts_with("res-no:")) return resolution_choice(c, id), true;
  return false;
}

void on_choice(Conversation& c, std::string_view id) {
  if (global_choice(c, id)) return;
  const Step step = c.state().step;
  if (is_filing(step) || step == Step::choosing_info) return filing_choice(c, id);
  if (step == Step::answering_resolution && (id == "yes" || id == "no") && !c.state().pending.empty()) {
    const std::string case_id = c.state().pending.front().case_id;
    return resolution_choice(c, (id == "yes" ? "res-yes:" : "res-no:") + case_id);
  }
  if (id == "cancel") return cancel(c);
  c.say(c.text("not_understood"));
  ask_current(c);
}

// A note for the officer on the open case, or the menu when there is none.
void note_or_menu(Conversation& c, std::string_view text, std::vector<MediaItem> media) {
  if (auto id = open_case(c)) {
    c.effect(AddCitizenMessage{*id, fit_bytes(text, max_body_bytes), std::move(media)});
    c.say(c.text("note.added", {{"case_id", *id}}));
    return;
  }
  if (!media.empty()) c.say(c.text("media.no_case"));
  else c.say(c.text("not_understood"));
  show_menu(c);
}

void idle_text(Conversation& c, std::string_view text, Intent whole) {
  if (auto id = find_case_id(text); id && c.ctx.catalog->type_by_prefix(id->prefix)) return show_status(c, id);
  Intent intent = whole != Intent::none ? whole : spot(text);
  // Greetings and thanks inside a longer message are politeness, not a
  // request: with an open case the message is for the officer.
  const bool weak = intent == Intent::greeting || intent == Intent::salam || intent == Intent::menu ||
                    intent == Intent::thanks || intent == Intent::none;
  if (whole == Intent::none && weak && open_case(c)) return note_or_menu(c, text, {});
  switch (intent) {
    case Intent::human: return hand_over(c, text);
    case Intent::status: return show_status(c, std::nullopt);
    case Intent::complain: return start_filing(c);
    case Intent::information: return start_info(c, text);
    case Intent::salam: c.say(c.text("greeting.salam")); return show_menu(c);
    case Intent::thanks: return c.say(c.text("thanks.reply"));
    case Intent::greeting:
    case Intent::menu: return show_menu(c);
    default: return note_or_menu(c, text, {});
  }
}

void on_text(Conversation& c, std::string_view text) {
  // A number picks among the choices last offered.
  if (auto n = menu_number(text); n && *n <= c.state().offered.size())
    return on_choice(c, std::string(c.state().offered[*n - 1]));
  const Intent whole = command(text);
  const Step step = c.state().step;
  switch (whole) {
    case Intent::english: return switch_language(c, Language::en);
    case Intent::bahasa: return switch_language(c, Language::id);
    case Intent::cancel:
      if (step == Step::idle) return show_menu(c);
      if (is_filing(step) || step == Step::choosing_info || step == Step::giving_reopen_reason) return cancel(c);
      break;  // answering_resolution: "batal" reads as an answer below
    case Intent::menu:
    case Intent::greeting:
    case Intent::salam:
      finish(c);
      if (whole == Intent::salam) c.say(c.text("greeting.salam"));
      if (c.state().step == Step::idle) show_menu(c);
      return;
    case Intent::human:
      finish(c);
      return hand_over(c, text);
    default: break;
  }
  switch (step) {
    case Step::idle: return idle_text(c, text, whole);
    case Step::answering_resolution: return resolution_text(c, text);
    case Step::giving_reopen_reason: return reopen_reason(c, text);
    default: return filing_text(c, text);
  }
}

void on_location(Conversation& c, const LocationShared& l) {
  if (c.state().step == Step::locating) return filing_location(c, l);
  if (c.state().step == Step::idle) {
    std::string where = l.name.empty() ? l.address : l.name + (l.address.empty() ? "" : ", " + l.address);
    return note_or_menu(c, c.text("complain.shared_location", {{"lat", std::to_string(l.lat)},
                                                               {"lon", std::to_string(l.lon)},
                                                               {"place", where}}),
                        {});
  }
  c.say(c.text("not_understood"));
  ask_current(c);
}

void on_media(Conversation& c, const MediaSent& m) {
  if (is_filing(c.state().step)) return filing_media(c, m);
  if (c.state().step == Step::idle) return note_or_menu(c, m.caption, {m.media});
  c.say(c.text("not_understood"));
  ask_current(c);
}

}  // namespace

void show_menu(Conversation& c) {
  const std::string office = [&] {
    const std::string id = c.ctx.office.empty() && c.ctx.catalog->offices.size() == 1
                               ? c.ctx.catalog->offices.front().id
                               : c.ctx.office;
    const domain::Office* o = c.ctx.catalog->office(id);
    return o ? o->name : std::string();
  }();
  const bool english = c.state().language == Language::en;
  c.say(c.text("menu.text", {{"office", office}}),
        {choice("menu:complain", c.text("menu.complain")), choice("menu:status", c.text("menu.status")),
         choice("menu:info", c.text("menu.info")), choice("menu:human", c.text("menu.human")),
         choice(english ? "lang:id" : "lang:en", c.text("menu.language"))});
}

void ask_current(Conversation& c) {
  DialogueState& s = c.state();
  switch (s.step) {
    case Step::idle: return show_menu(c);
    case Step::choosing_service: return offer_services(c, "services.choose");
    case Step::choosing_info: return offer_services(c, "info.choose");
    case Step::answering_resolution:
      if (!s.pending.empty()) return ask_resolution(c, s.pending.front());
      return finish(c);
    case Step::giving_reopen_reason: return c.say(c.text("resolution.ask_reason", {{"case_id", s.reopen_case_id}}));
    default: return filing_text(c, "");  // the filing step asks its own question on empty input
  }
}

void finish(Conversation& c) {
  DialogueState& s = c.state();
  s.step = Step::idle;
  s.draft = Draft{};
  s.offered.clear();
  s.service_page = 0;
  s.reopen_case_id.clear();
  if (!s.pending.empty()) {
    s.step = Step::answering_resolution;
    ask_resolution(c, s.pending.front());
  }
}

std::optional<std::string> open_case(Conversation& c) {
  auto cases = c.ctx.cases->cases_of(c.ctx.citizen);
  if (!cases) return std::nullopt;
  const CaseSummary* newest = nullptr;
  for (const CaseSummary& s : *cases)
    if (is_open(s.status) && (newest == nullptr || s.updated_at > newest->updated_at)) newest = &s;
  if (newest == nullptr) return std::nullopt;
  return newest->case_id;
}

void Conversation::say(std::string text, std::vector<Choice> choices, bool numbered) {
  Reply r;
  r.text = fit(text, max_reply_chars);
  if (!choices.empty()) {
    const bool buttons = choices.size() <= max_buttons;
    if (choices.size() > max_list_rows) choices.resize(max_list_rows);  // callers page before this
    for (Choice& ch : choices) {
      ch.title = fit(ch.title, buttons ? max_button_title_chars : max_row_title_chars);
      ch.description = buttons ? std::string() : fit(ch.description, max_row_description_chars);
    }
    if (!buttons) r.list_button = fit(this->text("menu.button"), max_button_title_chars);
    if (numbered) {
      turn.state.offered.clear();
      for (const Choice& ch : choices) turn.state.offered.push_back(ch.id);
    }
    r.choices = std::move(choices);
  }
  turn.replies.push_back(std::move(r));
}

bool is_open(domain::CaseStatus status) noexcept {
  using domain::CaseStatus;
  return status == CaseStatus::received || status == CaseStatus::in_progress ||
         status == CaseStatus::waiting_for_citizen;
}

Turn respond(const DialogueState& state, const CitizenInput& input, const BotContext& context) {
  Conversation c{context, Turn{state, {}, {}}, input.at};
  c.state().updated_at = input.at;
  std::visit(overloaded{
                 [&](const TextMessage& m) { on_text(c, m.text); },
                 [&](const ChoiceMade& m) { on_choice(c, m.id); },
                 [&](const LocationShared& m) { on_location(c, m); },
                 [&](const MediaSent& m) { on_media(c, m); },
                 [&](const CaseFiled& m) { on_filed(c, m); },
                 [&](const FilingRefused& m) { on_refused(c, m); },
                 [&](const CaseResolvedNotice& m) { on_resolved(c, m); },
                 [&](const ConfirmationExpired& m) { on_expired(c, m); },
             },
             input.what);
  return std::move(c.turn);
}

}  // namespace tanggap::bots
