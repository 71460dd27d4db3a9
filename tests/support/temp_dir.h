// tests/support/temp_dir.h — a fresh directory under the system temp dir,
// removed with everything in it when the TempDir goes out of scope.
#pragma once

#include <filesystem>
#include <string>

namespace tanggap::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// The repository's own files (the catalog under ops/catalog/), for tests.
std::filesystem::path source_dir();

}  // namespace tanggap::testing
