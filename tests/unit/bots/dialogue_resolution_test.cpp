// "Apakah masalah Anda sudah selesai?": after an officer resolves a case.
#include "bot_fixture.h"
#include "server/dialogue_state_json.h"

#include <fmt/format.h>

using namespace tanggap::testing::bots;

namespace {
void resolved(Chat& chat, const char* id = "ADU-2026-000042") {
  chat.send(b::CaseResolvedNotice{id, "Bantuan sudah dicairkan melalui Kantor Pos."});
}
}  // namespace

TEST_CASE("a yes to the resolved-case question closes the case", "[bot]") {
  Chat chat;
  resolved(chat);
  CHECK(contains(chat.read(), "Apakah masalah Anda sudah selesai?"));
  CHECK(contains(chat.read(), "Kantor Pos"));
  CHECK(chat.choice_ids() ==
        std::vector<std::string>{"res-yes:ADU-2026-000042", "res-no:ADU-2026-000042"});
  CHECK(chat.state.step == b::Step::answering_resolution);
  chat.say("iya sudah");
  const auto* close = chat.effect<b::CloseCase>();
  REQUIRE(close != nullptr);
  CHECK(close->case_id == "ADU-2026-000042");
  CHECK_FALSE(close->by_silence);
  CHECK(chat.state.pending.empty());
  CHECK(chat.state.step == b::Step::idle);
}

TEST_CASE("a no asks why, and the reason reopens the case", "[bot]") {
  Chat chat;
  resolved(chat);
  chat.say("tidak");
  CHECK(chat.last.effects.empty());
  CHECK(chat.state.step == b::Step::giving_reopen_reason);
  CHECK(contains(chat.read(), "Ceritakan apa yang belum selesai"));
  chat.say("Uangnya belum masuk ke rekening");
  const auto* reopen = chat.effect<b::ReopenCase>();
  REQUIRE(reopen != nullptr);
  CHECK(reopen->case_id == "ADU-2026-000042");
  CHECK(reopen->reason == "Uangnya belum masuk ke rekening");
  CHECK(chat.state.pending.empty());
  CHECK(chat.state.step == b::Step::idle);
}

TEST_CASE("a no with its reason in the same message reopens at once", "[bot]") {
  Chat chat;
  resolved(chat);
  chat.say("belum, saldo KKS masih nol");
  const auto* reopen = chat.effect<b::ReopenCase>();
  REQUIRE(reopen != nullptr);
  CHECK(reopen->reason == "belum, saldo KKS masih nol");
}

TEST_CASE("the buttons name their case, so a late tap reaches it", "[bot]") {
  Chat chat;
  resolved(chat, "ADU-2026-000042");
  resolved(chat, "DTK-2026-000007");
  CHECK(chat.state.pending.size() == 2);
  chat.tap("res-yes:DTK-2026-000007");
  const auto* close = chat.effect<b::CloseCase>();
  REQUIRE(close != nullptr);
  CHECK(close->case_id == "DTK-2026-000007");
  // Still asked about the first one, which is still open.
  CHECK(chat.state.step == b::Step::answering_resolution);
  CHECK(chat.state.pending.front().case_id == "ADU-2026-000042");
  chat.tap("res-yes:DTK-2026-000007");  // tapped twice: nothing twice
  CHECK(chat.last.effects.empty());
  CHECK(contains(chat.read(), "tidak sedang menunggu"));
}

TEST_CASE("a citizen filing when a case is resolved keeps filing", "[bot]") {
  Chat chat;
  chat.say("lapor");
  chat.say("1");
  resolved(chat);
  CHECK(chat.state.step == b::Step::describing);
  chat.say("Ada pungutan liar di kantor desa");
  CHECK(chat.state.step == b::Step::locating);
  chat.tap("res-yes:ADU-2026-000042");
  CHECK(chat.effect<b::CloseCase>() != nullptr);
  CHECK(chat.state.step == b::Step::locating);
  CHECK(chat.state.draft.description == "Ada pungutan liar di kantor desa");
}

TEST_CASE("silence past the office's limit closes the case once", "[bot]") {
  Chat chat;
  resolved(chat);
  chat.send(b::ConfirmationExpired{"ADU-2026-000042"});
  const auto* close = chat.effect<b::CloseCase>();
  REQUIRE(close != nullptr);
  CHECK(close->by_silence);
  CHECK(chat.state.step == b::Step::idle);
  chat.send(b::ConfirmationExpired{"ADU-2026-000042"});  // the timer fired again
  CHECK(chat.last.effects.empty());
  CHECK(chat.last.replies.empty());
}

TEST_CASE("an answer that is neither yes nor no asks again", "[bot]") {
  Chat chat;
  resolved(chat);
  chat.say("hmm gimana ya");
  CHECK(chat.last.effects.empty());
  CHECK(contains(chat.read(), "Mohon jawab"));
  CHECK(chat.state.step == b::Step::answering_resolution);
}

TEST_CASE("however many cases are resolved unanswered, the state stays one the shell can store and read back",
          "[bot]") {
  Chat chat;
  const std::string long_resolution(10'000, 'x');  // the decider allows long resolutions
  for (int i = 1; i <= 60; ++i) {
    const std::string id = fmt::format("ADU-2026-{:06}", i);
    chat.send(b::CaseResolvedNotice{id, long_resolution});
  }
  CHECK(chat.state.pending.size() == b::max_pending_confirmations);
  CHECK(chat.state.pending.front().case_id == "ADU-2026-000001");  // the one being asked stays
  CHECK(chat.state.pending.back().case_id == "ADU-2026-000060");
  for (const auto& p : chat.state.pending) CHECK(p.resolution.size() <= b::max_pending_resolution_bytes);
  const std::string stored = tanggap::server::encode_dialogue_state(chat.state);
  auto back = tanggap::server::decode_dialogue_state(stored);
  REQUIRE(back);
  CHECK(*back == chat.state);
}
