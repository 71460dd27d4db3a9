#include "server/backup_command.h"

#include "server/admin_client.h"
#include "server/backup.h"
#include "server/config.h"
#include "server/data_dir.h"
#include "server/http_client.h"
#include "server/json_body.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace tanggap::server {

namespace {

std::string human_bytes(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, units[unit]);
}

void print_backup(const BackupSummary& s, const std::string& dest) {
  std::printf("backup %u in %s: log head %llu (every event acknowledged before the backup began)\n", s.backup_id,
              dest.c_str(), static_cast<unsigned long long>(s.head));
  std::printf("  store: %s in %u files, of which new in %s: %s\n", human_bytes(s.store_bytes).c_str(), s.store_files,
              dest.c_str(), human_bytes(s.bytes_written - s.attachment_bytes_copied).c_str());
  std::printf("  attachments: %llu copied (%s), %llu in the backup directory\n",
              static_cast<unsigned long long>(s.attachments_copied), human_bytes(s.attachment_bytes_copied).c_str(),
              static_cast<unsigned long long>(s.attachments));
  std::printf("  backups kept in %s: %u; done in %.1f s\n", dest.c_str(), s.backups_kept, s.seconds);
  std::printf("  not backed up: admin.token (a secret; a restored store gets a new one at its first start)\n");
}

// Damaged attachment files are reported, and fail the command: the store's
// backup is good, but someone must look at the disk they came from.
int finish_backup(const BackupSummary& s, const std::string& dest) {
  print_backup(s, dest);
  if (s.damaged.empty()) return 0;
  std::fprintf(stderr, "tanggap backup: WARNING: %zu attachment files in the data directory no longer match their "
               "SHA-256 and were not copied, e.g. %s: check that disk\n", s.damaged.size(), s.damaged.front().c_str());
  return 1;
}

// The server holds the store: ask it, with the admin token it wrote.
int backup_through_server(const Config& config, const std::string& data_dir, const std::string& dest, std::uint32_t keep) {
  std::printf("the server at %s holds the store: it writes the backup to %s ...\n", config.listen.c_str(), dest.c_str());
  std::fflush(stdout);
  // A large store takes a while; the server answers when the backup is on disk.
  auto response = post_to_running_server(config, data_dir, "/api/v1/admin/backup",
                                         nlohmann::json{{"dest", dest}, {"keep", keep}}, std::chrono::hours(12));
  if (!response) {
    std::fprintf(stderr, "tanggap backup: %s\n", response.error().message.c_str());
    return 1;
  }
  if (response->status != 200) {
    std::fprintf(stderr, "tanggap backup: the server refused (%u): %s\n", response->status,
                 refusal_message(*response).c_str());
    return 1;
  }
  auto summary = parse_backup_summary(response->body);
  if (!summary) {
    std::fprintf(stderr, "tanggap backup: %s\n", summary.error().message.c_str());
    return 1;
  }
  return finish_backup(*summary, dest);
}

}  // namespace

int run_backup(const BackupFlags& flags) {
  auto config = load_config(flags.config_file, process_environment());
  if (!config) {
    std::fprintf(stderr, "tanggap backup: %s\n", config.error().message.c_str());
    return 1;
  }
  const std::string data_dir = flags.data_dir.value_or(config->data_dir);
  if (flags.listen) config->listen = *flags.listen;
  if (auto listen = check_listen(config->listen); !listen) {
    std::fprintf(stderr, "tanggap backup: %s\n", listen.error().message.c_str());
    return 2;
  }
  // The server may run elsewhere in the tree: it gets the path as we mean it.
  const std::string dest = std::filesystem::absolute(flags.dest).lexically_normal().string();
  events::Options options;
  options.create_if_missing = false;
  auto store = open_store(data_dir, options);
  if (!store && store.error().code == Errc::not_ready) return backup_through_server(*config, data_dir, dest, flags.keep);
  if (!store) {
    std::fprintf(stderr, "tanggap backup: %s\n", store.error().message.c_str());
    return 1;
  }
  std::printf("backing up %s (the server is not running) to %s ...\n", data_dir.c_str(), dest.c_str());
  std::fflush(stdout);
  auto summary = write_backup(**store, data_dir, BackupOptions{dest, flags.keep});
  if (!summary) {
    std::fprintf(stderr, "tanggap backup: %s\n", summary.error().message.c_str());
    return 1;
  }
  return finish_backup(*summary, dest);
}

int run_restore(const RestoreFlags& flags) {
  auto config = load_config(flags.config_file, process_environment());
  if (!config) {
    std::fprintf(stderr, "tanggap restore: %s\n", config.error().message.c_str());
    return 1;
  }
  const std::string data_dir = flags.data_dir.value_or(config->data_dir);
  std::printf("restoring the newest backup in %s into %s ...\n", flags.source.c_str(), data_dir.c_str());
  std::fflush(stdout);
  auto restored = restore_backup(flags.source, data_dir);
  if (!restored) {
    std::fprintf(stderr, "tanggap restore: %s\n", restored.error().message.c_str());
    return 1;
  }
  const auto& r = *restored;
  const std::time_t taken = static_cast<std::time_t>(r.taken_at);
  std::tm utc{};
  gmtime_r(&taken, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &utc);
  std::printf("restored backup %u of %s (%u backups in %s), store %s\n", r.backup_id, when, r.backups_in_source,
              flags.source.c_str(), human_bytes(r.store_bytes).c_str());
  std::printf("  log: %llu events, positions gap-free, hash chain intact, checkpoints behind the head\n",
              static_cast<unsigned long long>(r.head));
  std::printf("  attachments: %llu files (%s); all %llu named by events are there\n",
              static_cast<unsigned long long>(r.attachments), human_bytes(r.attachment_bytes).c_str(),
              static_cast<unsigned long long>(r.attachments_referenced));
  std::printf("  admin.token: not in backups; the first start writes a new one (the admin's old token stops working)\n");
  std::printf("  done in %.1f s; projections catch up from their checkpoints when the server starts\n", r.seconds);
  return 0;
}

}  // namespace tanggap::server
