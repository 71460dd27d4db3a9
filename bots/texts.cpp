// bots/texts.cpp — see texts.h.
#include "bots/texts.h"

#include <array>
#include <string>
#include <vector>

namespace tanggap::bots {

namespace {

// By area. The dialogue's modules render these keys and no others; the
// status, unit and month keys are composed from the domain's names.
constexpr auto all_keys = std::to_array<std::string_view>({
    // the menu and words valid at every step
    "menu.text", "menu.button", "menu.complain", "menu.status", "menu.info", "menu.human", "menu.language",
    "greeting.salam", "not_understood", "cancelled", "language.switched", "thanks.reply",
    // filing a complaint or request
    "services.choose", "services.more", "services.not_found", "complain.describe", "complain.locate",
    "complain.name", "complain.anonymous_not_allowed", "complain.confirm", "complain.confirm_again",
    "complain.anonymous_label", "complain.no_location", "complain.shared_location", "complain.sending",
    "complain.filed", "complain.filed_due", "complain.refused", "choice.skip", "choice.anonymous",
    "choice.send", "choice.cancel", "media.attached", "media.too_many", "media.no_case",
    // status of the citizen's cases; labels as the web pages word them (server/id_format.cpp)
    "status.one", "status.step", "status.due", "status.all_header", "status.all_line", "status.no_cases",
    "status.not_found", "status.unavailable", "status.received", "status.in_progress",
    "status.waiting_for_citizen", "status.resolved", "status.closed", "status.rejected",
    // a service's requirements, procedure, duration and cost
    "info.choose", "info.requirements", "info.no_requirements", "info.procedure", "info.duration",
    "info.cost", "unit.working_minutes", "unit.working_hours", "unit.working_days", "unit.calendar_days",
    "unit.calendar_hours",
    // hand-over, notes for the officer, the resolved-case question
    "human.requested", "human.requested_case", "note.added", "resolution.ask", "resolution.choice_yes",
    "resolution.choice_no", "resolution.closed", "resolution.ask_reason", "resolution.reopened",
    "resolution.expired", "resolution.not_pending", "resolution.answer",
    // what the shell tells citizens about their cases (server/bot_runner.cpp)
    "notice.waiting", "notice.rejected", "notice.escalated", "notice.step",
    // dates: "{day} {month} {year}"
    "date", "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8", "month.9",
    "month.10", "month.11", "month.12",
});

// Every "{" closes with a "}" before the next "{" or the end.
bool braces_balanced(std::string_view text) {
  bool open = false;
  for (char c : text) {
    if (c == '{') {
      if (open) return false;
      open = true;
    } else if (c == '}') {
      if (!open) return false;
      open = false;
    }
  }
  return !open;
}

}  // namespace

std::string_view language_code(Language language) noexcept { return language == Language::en ? "en" : "id"; }

std::optional<Language> parse_language(std::string_view code) noexcept {
  if (code == "id") return Language::id;
  if (code == "en") return Language::en;
  return std::nullopt;
}

std::span<const std::string_view> required_text_keys() noexcept { return all_keys; }

Result<void> Texts::check_complete() const {
  std::string missing, broken;
  for (std::string_view key : all_keys) {
    const auto it = templates.find(key);
    if (it == templates.end() || it->second.empty()) {
      missing += missing.empty() ? "" : ", ";
      missing += key;
    } else if (!braces_balanced(it->second)) {
      broken += broken.empty() ? "" : ", ";
      broken += key;
    }
  }
  if (missing.empty() && broken.empty()) return {};
  std::string message = "bot texts '" + std::string(language_code(language)) + "':";
  if (!missing.empty()) message += " missing " + missing + ";";
  if (!broken.empty()) message += " unclosed placeholder in " + broken + ";";
  message.pop_back();
  return fail(Errc::invalid_field, std::move(message), "texts." + std::string(language_code(language)));
}

std::string Texts::render(std::string_view key,
                          std::initializer_list<std::pair<std::string_view, std::string_view>> values) const {
  const auto it = templates.find(key);
  if (it == templates.end()) return std::string(key);
  return fill_template(it->second, values);
}

Result<void> TextBook::check_complete() const {
  if (auto r = id.check_complete(); !r) return r;
  return en.check_complete();
}

std::string fill_template(std::string_view text,
                          std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    const std::string_view name = text.substr(open + 1, close - open - 1);
    bool filled = false;
    for (const auto& [key, value] : values) {
      if (key == name) {
        out.append(value);
        filled = true;
        break;
      }
    }
    if (!filled) out.append(text.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

}  // namespace tanggap::bots
