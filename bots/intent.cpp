// bots/intent.cpp — see intent.h. The word tables follow DOMAIN.md §7; a
// word added here is matched by both readings.
#include "bots/intent.h"

#include <algorithm>
#include <array>
#include <vector>

namespace tanggap::bots {

namespace {

struct Phrase {
  std::string_view words;  // normalized, single spaces
  Intent intent;
  bool stem = false;  // one word that also matches as a prefix: "syarat" → "syaratnya"
};

// Longer phrases before the words inside them, so "cek status" is not just "cek".
constexpr auto phrases = std::to_array<Phrase>({
    // hand-over to a human
    {"petugas", Intent::human}, {"admin", Intent::human}, {"operator", Intent::human},
    {"cs", Intent::human}, {"officer", Intent::human}, {"human", Intent::human},
    {"manusia", Intent::human}, {"minta ditelpon", Intent::human}, {"ditelepon", Intent::human},
    {"ditelpon", Intent::human},
    // status
    {"cek status", Intent::status}, {"cek", Intent::status}, {"status", Intent::status},
    {"sampai mana", Intent::status}, {"sampai dimana", Intent::status}, {"kabarnya", Intent::status},
    {"sudah diproses", Intent::status}, {"diproses", Intent::status}, {"kapan cair", Intent::status},
    {"belum cair", Intent::status}, {"blm cair", Intent::status}, {"belum masuk", Intent::status},
    {"blm masuk", Intent::status}, {"gak dapat", Intent::status}, {"tidak dapat", Intent::status},
    {"dicoret", Intent::status}, {"kok hilang", Intent::status}, {"lacak", Intent::status},
    {"track", Intent::status, true}, {"perkembangan", Intent::status},
    // filing a complaint or request
    {"lapor", Intent::complain, true}, {"melapor", Intent::complain}, {"adu", Intent::complain},
    {"ngadu", Intent::complain}, {"mengadu", Intent::complain}, {"aduan", Intent::complain},
    {"pengaduan", Intent::complain}, {"keluh", Intent::complain, true}, {"komplain", Intent::complain},
    {"komplen", Intent::complain}, {"protes", Intent::complain}, {"complain", Intent::complain, true},
    {"report", Intent::complain},
    // a disaster is reported, not asked about (DOMAIN.md §7)
    {"banjir", Intent::complain}, {"longsor", Intent::complain}, {"kebakaran", Intent::complain},
    {"puting beliung", Intent::complain}, {"gempa", Intent::complain}, {"roboh", Intent::complain},
    {"pengungsi", Intent::complain},
    // a service's requirements, procedure, duration, cost
    {"info", Intent::information, true}, {"tanya", Intent::information}, {"nanya", Intent::information},
    {"bertanya", Intent::information}, {"syarat", Intent::information, true},
    {"persyaratan", Intent::information}, {"cara daftar", Intent::information},
    {"prosedur", Intent::information}, {"alur", Intent::information}, {"biaya", Intent::information},
    {"berapa lama", Intent::information}, {"requirement", Intent::information, true},
    {"procedure", Intent::information}, {"cost", Intent::information}, {"how long", Intent::information},
    // greetings
    {"assalamualaikum", Intent::salam}, {"asslm", Intent::salam}, {"askum", Intent::salam},
    {"ass wr wb", Intent::salam}, {"halo", Intent::greeting}, {"hallo", Intent::greeting},
    {"hai", Intent::greeting}, {"hi", Intent::greeting}, {"hello", Intent::greeting},
    {"selamat pagi", Intent::greeting}, {"selamat siang", Intent::greeting},
    {"selamat sore", Intent::greeting}, {"selamat malam", Intent::greeting}, {"pagi", Intent::greeting},
    {"siang", Intent::greeting}, {"sore", Intent::greeting}, {"malam", Intent::greeting},
    {"permisi", Intent::greeting}, {"punten", Intent::greeting}, {"nuwun sewu", Intent::greeting},
    {"salam sejahtera", Intent::greeting}, {"shalom", Intent::greeting},
    {"om swastiastu", Intent::greeting},
    {"menu", Intent::menu}, {"mulai", Intent::menu}, {"start", Intent::menu}, {"help", Intent::menu},
    {"terima kasih", Intent::thanks}, {"terimakasih", Intent::thanks}, {"makasih", Intent::thanks},
    {"trims", Intent::thanks}, {"tq", Intent::thanks}, {"thx", Intent::thanks},
    {"matur nuwun", Intent::thanks}, {"hatur nuhun", Intent::thanks}, {"thanks", Intent::thanks},
    {"thank you", Intent::thanks},
    // commands inside a dialogue (whole message only)
    {"batal", Intent::cancel}, {"cancel", Intent::cancel}, {"gak jadi", Intent::cancel},
    {"ga jadi", Intent::cancel}, {"nggak jadi", Intent::cancel}, {"tidak jadi", Intent::cancel},
    {"tdk jadi", Intent::cancel}, {"enggak jadi", Intent::cancel}, {"stop", Intent::cancel},
    {"lewati", Intent::skip}, {"lewat", Intent::skip}, {"skip", Intent::skip},
    {"tidak ada", Intent::skip}, {"tdk ada", Intent::skip}, {"gak ada", Intent::skip},
    {"ga ada", Intent::skip}, {"nggak ada", Intent::skip}, {"anonim", Intent::anonymous},
    {"anonymous", Intent::anonymous}, {"anon", Intent::anonymous}, {"tanpa nama", Intent::anonymous},
    {"english", Intent::english}, {"in english", Intent::english}, {"inggris", Intent::english},
    {"bahasa inggris", Intent::english}, {"bahasa", Intent::bahasa}, {"indonesia", Intent::bahasa},
    {"bahasa indonesia", Intent::bahasa}, {"indonesian", Intent::bahasa},
});

// Intents spot() looks for in free text, strongest first. The others only
// count as the whole message: "batal" inside a description is part of it.
constexpr std::array<Intent, 8> spotted = {Intent::human, Intent::status,   Intent::complain, Intent::information,
                                           Intent::salam, Intent::greeting, Intent::menu,     Intent::thanks};

constexpr auto yes_words = std::to_array<std::string_view>(
    {"ya", "iya", "iyaa", "iyah", "y", "yes", "ok", "oke", "okey", "okay", "sip", "betul", "benar", "bener",
     "setuju", "lanjut", "boleh", "siap", "nggih", "muhun", "kirim", "yup", "sudah", "sdh", "udah", "udh"});
constexpr auto no_words = std::to_array<std::string_view>(
    {"tidak", "tdk", "gak", "ga", "gk", "nggak", "ngga", "enggak", "engga", "kagak", "bukan", "bkn", "jangan",
     "mboten", "henteu", "teu", "no", "nope", "ndak", "nda"});
constexpr auto not_yet_words = std::to_array<std::string_view>({"belum", "blm", "blum", "durung", "dereng"});
// Forms of address and particles around a command: "batal pak", "gak jadi deh".
constexpr auto fillers = std::to_array<std::string_view>(
    {"pak", "bu", "bapak", "ibu", "min", "kak", "mas", "mbak", "bang", "deh", "dong", "aja", "saja", "sih", "nih",
     "please", "pls", "plz", "tolong", "mohon", "kok", "saya", "sy", "mau", "ingin"});

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t end = std::min(s.find(' ', i), s.size());
    if (end > i) out.push_back(s.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

// One word of a phrase against one word typed: exact; a stem as prefix; or,
// for words of six letters or more, one slip ("ststus", "petugss"). Not
// shorter ones: "biaya" is one letter from "biasa", "lapor" from "lapar".
bool word_matches(std::string_view want, std::string_view typed, bool stem) {
  if (want == typed) return true;
  if (stem && typed.size() > want.size() && typed.starts_with(want)) return true;
  return want.size() >= 6 && typed.size() >= 6 && within_one_edit(want, typed);
}

// Does the phrase occur at token position `at`?
bool phrase_at(const Phrase& p, const std::vector<std::string_view>& tokens, std::size_t at) {
  const auto words = split(p.words);
  if (at + words.size() > tokens.size()) return false;
  for (std::size_t i = 0; i < words.size(); ++i)
    if (!word_matches(words[i], tokens[at + i], p.stem && words.size() == 1)) return false;
  return true;
}

bool is_letter_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;  // UTF-8 bytes: letters of other scripts, kept whole
}

}  // namespace

std::string_view intent_name(Intent intent) noexcept {
  switch (intent) {
    case Intent::none: return "none";
    case Intent::greeting: return "greeting";
    case Intent::salam: return "salam";
    case Intent::menu: return "menu";
    case Intent::complain: return "complain";
    case Intent::status: return "status";
    case Intent::information: return "information";
    case Intent::human: return "human";
    case Intent::yes: return "yes";
    case Intent::no: return "no";
    case Intent::not_yet: return "not_yet";
    case Intent::cancel: return "cancel";
    case Intent::skip: return "skip";
    case Intent::anonymous: return "anonymous";
    case Intent::english: return "english";
    case Intent::bahasa: return "bahasa";
    case Intent::thanks: return "thanks";
  }
  return "none";
}

std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == '\'' || c == '`') continue;  // assalamu'alaikum, gak'
    if (is_letter_or_digit(c)) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    } else {
      space = true;
    }
  }
  return out;
}

Intent command(std::string_view text) {
  const std::string_view trimmed = [&] {
    const auto b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return std::string_view{};
    return text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1);
  }();
  if (trimmed == "-") return Intent::skip;
  const std::string norm = normalize(text);
  std::vector<std::string_view> core;
  for (auto t : split(norm))
    if (!one_of(fillers, t)) core.push_back(t);
  if (core.size() > 1 && core.back() == "ya") core.pop_back();  // "batal ya": a tag, not a yes
  if (core.empty()) return Intent::none;
  for (const Phrase& p : phrases)
    if (split(p.words).size() == core.size() && phrase_at(p, core, 0)) return p.intent;
  if (std::all_of(core.begin(), core.end(), [](auto w) { return one_of(yes_words, w); })) return Intent::yes;
  if (std::all_of(core.begin(), core.end(), [](auto w) { return one_of(no_words, w); })) return Intent::no;
  if (core.size() == 1 && one_of(not_yet_words, core[0])) return Intent::not_yet;
  return Intent::none;
}

Answer answer(std::string_view text) {
  std::size_t b = 0;
  while (b < text.size() && !is_letter_or_digit(text[b])) ++b;
  std::size_t e = b;
  while (e < text.size() && is_letter_or_digit(text[e])) ++e;
  const std::string first = normalize(text.substr(b, e - b));
  Answer a;
  if (one_of(yes_words, first)) a.intent = Intent::yes;
  else if (one_of(no_words, first)) a.intent = Intent::no;
  else if (one_of(not_yet_words, first)) a.intent = Intent::not_yet;
  else return a;
  std::string_view rest = text.substr(e);
  while (!rest.empty() && !is_letter_or_digit(rest.front())) rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
  // "iya betul", "tidak pak": nothing more than more of the same, or fillers.
  const std::string rest_norm = normalize(rest);
  const auto rest_words = split(rest_norm);
  const bool only_noise = std::all_of(rest_words.begin(), rest_words.end(), [](auto w) {
    return one_of(yes_words, w) || one_of(no_words, w) || one_of(fillers, w);
  });
  if (!only_noise) a.rest = std::string(rest);
  return a;
}

Intent spot(std::string_view text) {
  const std::string norm = normalize(text);
  const auto tokens = split(norm);
  for (Intent wanted : spotted)
    for (const Phrase& p : phrases) {
      if (p.intent != wanted) continue;
      for (std::size_t at = 0; at < tokens.size(); ++at)
        if (phrase_at(p, tokens, at)) return wanted;
    }
  return Intent::none;
}

std::optional<std::uint32_t> menu_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  if (!text.empty() && (text.back() == '.' || text.back() == ')')) text.remove_suffix(1);
  if (text.empty() || text.size() > 2) return std::nullopt;
  std::uint32_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (n == 0) return std::nullopt;
  return n;
}

std::optional<domain::CaseId> find_case_id(std::string_view text) {
  const std::string norm = normalize(text);  // "-", "/" and "." are spaces now
  const auto tokens = split(norm);
  const auto all = [](std::string_view t, bool (*pred)(char)) { return std::all_of(t.begin(), t.end(), pred); };
  const auto letter = [](char c) { return c >= 'a' && c <= 'z'; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (tokens[i].size() != 3 || !all(tokens[i], letter)) continue;
    if (tokens[i + 1].size() != 4 || !all(tokens[i + 1], digit)) continue;
    if (tokens[i + 2].empty() || tokens[i + 2].size() > 6 || !all(tokens[i + 2], digit)) continue;
    const std::string typed = std::string(tokens[i]) + " " + std::string(tokens[i + 1]) + " " + std::string(tokens[i + 2]);
    // Ids are this century's: "NIK 3508 1245 ..." holds no case id.
    if (auto id = domain::read_case_id(typed); id && id->year >= 2000 && id->year <= 2099) return id;
  }
  return std::nullopt;
}

bool within_one_edit(std::string_view a, std::string_view b) noexcept {
  if (a == b) return true;
  const std::size_t n = a.size(), m = b.size();
  if (n > m + 1 || m > n + 1) return false;
  std::size_t i = 0;
  while (i < n && i < m && a[i] == b[i]) ++i;
  if (n == m) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // one substitution
    return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);  // a swap
  }
  if (n > m) return a.substr(i + 1) == b.substr(i);  // one deletion
  return a.substr(i) == b.substr(i + 1);            // one insertion
}

}  // namespace tanggap::bots
