// bots/intent.h — what a citizen's words mean, tolerant of how citizens write
// (DOMAIN.md §7): any case, extra spaces and punctuation, abbreviations
// ("blm", "sdh"), one slip of the finger in longer words ("ststus"), regional
// yes and no ("nggih", "henteu"), case ids typed loosely ("adu 2026 42").
// Two readings, because a word means more inside a dialogue step than in
// passing: command() wants the whole message to be the command ("batal",
// "menu", "english please"), spot() looks for an intent anywhere in free text
// ("Mau lapor pak, KKS warga ..."). The tables live in intent.cpp. Pure
// functions; callable from any thread.
#pragma once

#include "events/domain/case_id.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tanggap::bots {

enum class Intent : std::uint8_t {
  none,
  greeting,     // halo, selamat pagi, punten
  salam,        // assalamualaikum: answered "Waalaikumsalam" before the menu
  menu,         // menu, mulai, /start
  complain,     // lapor, adu, keluhan
  status,       // cek, status, belum cair
  information,  // syarat, prosedur, biaya
  human,        // petugas, admin, operator
  yes,          // ya, iya, y, ok, nggih
  no,           // tidak, gak, nggak, henteu
  not_yet,      // belum, blm: "not yet", which is no refusal (DOMAIN.md §7)
  cancel,       // batal, gak jadi
  skip,         // lewati, tidak ada, -
  anonymous,    // anonim, tanpa nama
  english,      // english, english please
  bahasa,       // bahasa, bahasa indonesia
  thanks,       // terima kasih, makasih, matur nuwun
};
std::string_view intent_name(Intent intent) noexcept;  // "not_yet", for tests and logs

// Lower case (ASCII letters; other bytes kept), apostrophes dropped
// ("assalamu'alaikum" → "assalamualaikum"), every other punctuation and
// whitespace run turned into one space, trimmed.
std::string normalize(std::string_view text);

// The whole message as one command, ignoring forms of address and fillers
// around it ("batal pak", "gak jadi deh", "english please"). Yes and no are
// read from the first word only when what follows is a reason ("tidak, masih
// belum cair"): see answer().
Intent command(std::string_view text);

// A yes/no/not-yet answer and what the citizen wrote after it:
// "tidak, bantuan belum masuk" → {no, "bantuan belum masuk"}. `intent` is none
// when the message does not start with such a word.
struct Answer {
  Intent intent = Intent::none;
  std::string rest;  // the remainder as written (trimmed, leading punctuation dropped)
};
Answer answer(std::string_view text);

// The strongest intent found anywhere in free text, by priority: human,
// status, complain, information, salam, greeting, menu, thanks. `none` when
// nothing matched.
Intent spot(std::string_view text);

// A menu number: "1", " 2. ", "3)" → 1..99; empty for anything else.
std::optional<std::uint32_t> menu_number(std::string_view text);

// The first case id in free text: "status ADU-2026-000042", "cek laporan sy
// adu 2026 42", "Adu/2026/42", with a year from 2000 to 2099. Whether the
// prefix exists is the caller's question.
std::optional<domain::CaseId> find_case_id(std::string_view text);

// Edit distance ≤ 1 with a swap of neighbours counting as one ("ststus",
// "stauts"). Exposed for its table test.
bool within_one_edit(std::string_view a, std::string_view b) noexcept;

}  // namespace tanggap::bots
