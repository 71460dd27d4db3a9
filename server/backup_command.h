// server/backup_command.h — `tanggap backup DEST` and `tanggap restore SRC --data DIR`.
// backup: with the server running (it holds the store's lock) the server
// writes the backup, asked through POST /api/v1/admin/backup with
// <data>/admin.token, exactly as `user add` does; otherwise the command opens
// the store itself. restore never goes through a server: it writes a new data
// directory, which no server may be using. Both print what they did for an
// operator on stdout and return the process exit code (0 done, 1 failed, 2 usage).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tanggap::server {

struct BackupFlags {
  std::string dest;
  std::uint32_t keep = 7;
  std::optional<std::string> data_dir;
  std::optional<std::string> config_file;
  std::optional<std::string> listen;
};

struct RestoreFlags {
  std::string source;
  std::optional<std::string> data_dir;
  std::optional<std::string> config_file;
};

int run_backup(const BackupFlags& flags);
int run_restore(const RestoreFlags& flags);

}  // namespace tanggap::server
