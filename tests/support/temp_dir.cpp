#include "tests/support/temp_dir.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace tanggap::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tanggap-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path source_dir() { return TANGGAP_SOURCE_DIR; }

}  // namespace tanggap::testing
