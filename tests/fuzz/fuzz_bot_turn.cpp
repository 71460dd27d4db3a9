// fuzz_bot_turn — a bot turn read back from the log (server/bot_turn.h): the
// dialogue state, the replies and the effects the runner carries out again
// after a crash. Stored bytes may be damaged or written by another build, so
// reading them must give an error, never a crash.
// Property: a decoded turn encodes to data that decodes and encodes to the same bytes.
// fuzz-sources: server/bot_turn.cpp server/dialogue_state_json.cpp adapters/json_depth.cpp
// fuzz-sources: bots/dialogue_state.cpp bots/texts.cpp events/domain/case_types.cpp events/domain/case_id.cpp
// fuzz-sources: events/domain/time.cpp events/domain/error.cpp
// fuzz-libs: Boost::headers fmt::fmt nlohmann_json::nlohmann_json
#include "server/bot_turn.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto decoded = tanggap::server::decode_bot_turn(text);
  if (!decoded) return 0;
  const auto once = tanggap::server::encode_bot_turn(*decoded);
  auto again = tanggap::server::decode_bot_turn(once);
  if (!again || tanggap::server::encode_bot_turn(*again) != once) {
    std::fprintf(stderr, "fuzz_bot_turn: property broken: canonical round trip\n");
    std::abort();
  }
  return 0;
}
