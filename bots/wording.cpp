// bots/wording.cpp — the small pieces every reply is made of: choices cut to
// the channels' limits, service names in the citizen's language, dates in
// the office's zone with month names from the texts.
#include "bots/conversation.h"

#include <chrono>

namespace tanggap::bots {

namespace {

// Bytes of the UTF-8 sequence starting with `lead`; 1 for a stray byte, so a
// broken string is still walked to its end.
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC2 && lead < 0xE0) return 2;
  return 1;
}

}  // namespace

std::string fit(std::string_view text, std::size_t max_chars) {
  if (max_chars == 0) return {};
  std::size_t chars = 0, i = 0, cut = std::string_view::npos;
  while (i < text.size()) {
    if (chars + 1 == max_chars) cut = i;  // where "…" goes if the text is longer
    if (chars == max_chars) return std::string(text.substr(0, cut)) + "\u2026";
    i = std::min(text.size(), i + sequence_length(static_cast<unsigned char>(text[i])));
    ++chars;
  }
  return std::string(text);
}

std::string fit_bytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr std::string_view ellipsis = "\u2026";
  if (max_bytes < ellipsis.size()) return {};
  std::size_t end = 0;
  while (end < text.size()) {
    const std::size_t next = end + sequence_length(static_cast<unsigned char>(text[end]));
    if (next > max_bytes - ellipsis.size()) break;
    end = next;
  }
  return std::string(text.substr(0, end)) + std::string(ellipsis);
}

Choice choice(std::string id, std::string_view title, std::string_view description) {
  // Ids are ours and short; a longer one would be refused by Telegram: our mistake.
  if (id.size() > max_choice_id_bytes) id.resize(max_choice_id_bytes);
  return Choice{std::move(id), std::string(title), std::string(description)};
}

std::string service_name(const BotContext& ctx, Language language, std::string_view type_id) {
  for (const domain::Service* s : offered_services(ctx)) {
    if (s->type != type_id) continue;
    const std::string& name = language == Language::en && !s->name_en.empty() ? s->name_en : s->name_id;
    if (!name.empty()) return name;
  }
  if (const domain::ServiceType* t = ctx.catalog->type(type_id))
    return language == Language::en && !t->name_en.empty() ? t->name_en : t->name_id;
  return std::string(type_id);
}

std::string spoken_date(const Conversation& c, domain::Instant t) {
  const auto local = std::chrono::floor<std::chrono::days>(t + std::chrono::minutes(c.ctx.utc_offset_minutes));
  const std::chrono::year_month_day ymd{local};
  const auto month = static_cast<unsigned>(ymd.month());
  return c.text("date", {{"day", std::to_string(static_cast<unsigned>(ymd.day()))},
                         {"month", c.text("month." + std::to_string(month))},
                         {"year", std::to_string(static_cast<int>(ymd.year()))}});
}

}  // namespace tanggap::bots
