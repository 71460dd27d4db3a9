// bots/dialogue_resolution.cpp — after an officer resolves a case: "Apakah
// masalah Anda sudah selesai?". Yes closes it; no (or "belum") asks why and
// reopens it with the citizen's words; silence until the office's limit
// (the shell's timer, then ConfirmationExpired) closes it. The buttons carry
// the case id, so an answer tapped later still reaches the right case, and
// several resolved cases are asked about one after another.
#include "bots/conversation.h"

#include <algorithm>

namespace tanggap::bots {

namespace {

std::vector<PendingConfirmation>::iterator pending_of(DialogueState& s, std::string_view case_id) {
  return std::find_if(s.pending.begin(), s.pending.end(),
                      [&](const PendingConfirmation& p) { return p.case_id == case_id; });
}

// After an answer: on to the next resolved case, or back to whatever the
// citizen was doing when the question came.
void answered(Conversation& c, bool was_asking) {
  if (was_asking) finish(c);
}

void confirm(Conversation& c, std::string_view case_id) {
  DialogueState& s = c.state();
  const bool asking = s.step == Step::answering_resolution || s.step == Step::giving_reopen_reason;
  s.pending.erase(pending_of(s, case_id));
  c.effect(CloseCase{std::string(case_id), false});
  c.say(c.text("resolution.closed", {{"case_id", case_id}}));
  answered(c, asking);
}

void reopen(Conversation& c, std::string_view case_id, std::string_view reason) {
  DialogueState& s = c.state();
  s.pending.erase(pending_of(s, case_id));
  c.effect(ReopenCase{std::string(case_id), fit_bytes(reason, max_reason_bytes)});
  c.say(c.text("resolution.reopened", {{"case_id", case_id}}));
  finish(c);
}

void ask_reason(Conversation& c, std::string_view case_id) {
  c.state().step = Step::giving_reopen_reason;
  c.state().reopen_case_id = std::string(case_id);
  c.state().offered.clear();
  c.say(c.text("resolution.ask_reason", {{"case_id", case_id}}));
}

}  // namespace

void ask_resolution(Conversation& c, const PendingConfirmation& p) {
  c.say(c.text("resolution.ask", {{"case_id", p.case_id}, {"resolution", p.resolution}}),
        {choice("res-yes:" + p.case_id, c.text("resolution.choice_yes")),
         choice("res-no:" + p.case_id, c.text("resolution.choice_no"))},
        c.state().step == Step::answering_resolution);  // mid-filing, "1" still picks a service
}

void on_resolved(Conversation& c, const CaseResolvedNotice& n) {
  DialogueState& s = c.state();
  std::string resolution = fit_bytes(n.resolution, max_pending_resolution_bytes);
  if (auto it = pending_of(s, n.case_id); it != s.pending.end()) {
    it->resolution = std::move(resolution);  // resolved again after a reopen: the newer words
    it->asked_at = c.at;
  } else {
    if (s.pending.size() >= max_pending_confirmations) {
      // Fifty questions unanswered: the oldest not being asked now is dropped
      // (its case stays resolved; silence no longer closes it).
      const bool asking_front = s.step == Step::answering_resolution;
      s.pending.erase(s.pending.begin() + (asking_front && s.pending.size() > 1 ? 1 : 0));
    }
    s.pending.push_back(PendingConfirmation{n.case_id, std::move(resolution), c.at});
  }
  // A citizen in the middle of filing keeps filing; the buttons still work.
  if (s.step == Step::idle) s.step = Step::answering_resolution;
  ask_resolution(c, *pending_of(s, n.case_id));
}

void on_expired(Conversation& c, const ConfirmationExpired& e) {
  DialogueState& s = c.state();
  const auto it = pending_of(s, e.case_id);
  if (it == s.pending.end()) return;  // already answered: the shell's timer lost the race
  const bool asking = (s.step == Step::answering_resolution && s.pending.front().case_id == e.case_id) ||
                      (s.step == Step::giving_reopen_reason && s.reopen_case_id == e.case_id);
  s.pending.erase(it);
  c.effect(CloseCase{e.case_id, true});
  c.say(c.text("resolution.expired", {{"case_id", e.case_id}}));
  answered(c, asking);
}

void resolution_choice(Conversation& c, std::string_view id) {
  const bool yes = id.starts_with("res-yes:");
  const std::string_view case_id = id.substr(yes ? 8 : 7);
  DialogueState& s = c.state();
  if (pending_of(s, case_id) == s.pending.end()) return c.say(c.text("resolution.not_pending", {{"case_id", case_id}}));
  const std::string kept(case_id);
  if (yes) return confirm(c, kept);
  ask_reason(c, kept);
}

void resolution_text(Conversation& c, std::string_view text) {
  DialogueState& s = c.state();
  if (s.pending.empty()) return finish(c);
  const std::string case_id = s.pending.front().case_id;
  const Answer a = answer(text);
  if (a.intent == Intent::yes) return confirm(c, case_id);
  if (a.intent == Intent::no || a.intent == Intent::not_yet) {
    // "belum, bantuan belum masuk": the reason came with the answer.
    if (!a.rest.empty()) return reopen(c, case_id, text);
    return ask_reason(c, case_id);
  }
  c.say(c.text("resolution.answer"));
  ask_resolution(c, s.pending.front());
}

void reopen_reason(Conversation& c, std::string_view text) {
  DialogueState& s = c.state();
  const std::string case_id = s.reopen_case_id;
  if (pending_of(s, case_id) == s.pending.end()) return finish(c);
  const auto b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return ask_reason(c, case_id);
  reopen(c, case_id, text.substr(b));
}

}  // namespace tanggap::bots
