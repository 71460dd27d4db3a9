// tests/support/run_command.h — runs a shell command, capturing stdout, for
// tests that drive the real `tanggap` binary.
#pragma once

#include <string>

namespace tanggap::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout only; stderr goes to the test's log
};

CommandResult run_command(const std::string& command);
// The built binary, quoted for a shell. TANGGAP_BINARY is set per test
// target, so this is inline: it must see that target's definition.
inline std::string tanggap_binary() {
#ifdef TANGGAP_BINARY
  return std::string("'") + TANGGAP_BINARY + "'";
#else
  return "tanggap";
#endif
}

}  // namespace tanggap::testing
