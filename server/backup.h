// server/backup.h — a consistent copy of the whole store (the RocksDB and the
// attachment files), taken while the server runs, and putting one back.
//
// A backup directory (DEST) holds several backups, each incremental:
//   DEST/TANGGAP-BACKUP            what this directory is; nothing is written into a
//                                  non-empty directory without it
//   DEST/LOCK                      flock'ed by a backup (exclusive) and a restore (shared)
//   DEST/store/                    RocksDB BackupEngine: meta/, private/, shared_checksum/;
//                                  the newest `keep` backups of the store
//   DEST/attachments/ab/<64 hex>   the attachment files, content-addressed and immutable,
//                                  shared by every backup (never purged: newer backups
//                                  reference what older ones did)
//
// Order is what makes it consistent: the store first (every attachment an event
// in it references was written and fsynced before that event was appended, so
// it exists by then), then the attachments not yet in DEST, each fsynced.
// Not copied: <data>/admin.token (a secret: after a restore the first start
// rotates the admin's token and writes a new file) and files in attachments/
// that are not named by a SHA-256 (half-written temporaries).
//
// Thread safety: the functions block (disk, fsync): call them from tools or
// from BackupWorker's thread, never an I/O thread.
#pragma once

#include "events/event_store.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tanggap::server {

inline constexpr std::uint32_t default_backups_kept = 7;

struct BackupOptions {
  std::string dest;                          // absolute or relative to the working directory
  std::uint32_t keep = default_backups_kept;  // newest backups of the store kept in dest
};

struct BackupSummary {
  std::uint32_t backup_id = 0;
  std::uint32_t backups_kept = 0;
  events::Position head = 0;  // the log head when the backup began: every event up to it is in it
  std::uint64_t store_bytes = 0;      // this backup of the store, shared files included
  std::uint32_t store_files = 0;
  std::uint64_t bytes_written = 0;    // new bytes in dest this time (store and attachments)
  std::uint64_t attachments = 0;      // attachment files in dest after this backup
  std::uint64_t attachments_copied = 0;
  std::uint64_t attachment_bytes_copied = 0;
  std::vector<std::string> damaged;   // source attachments whose bytes no longer match their name: not copied
  double seconds = 0;
};

// Backs up the open `store` of `data_dir`. Errors: malformed when dest is not
// a backup directory (or lies inside data_dir), not_ready when another backup
// into dest is running, storage_failed when a disk refuses.
Result<BackupSummary> write_backup(events::EventStore& store, const std::string& data_dir, const BackupOptions& options);

struct RestoreSummary {
  std::uint32_t backup_id = 0;
  std::int64_t taken_at = 0;  // Unix seconds
  std::uint32_t backups_in_source = 0;
  events::Position head = 0;  // of the restored log; positions 1..head all checked
  std::uint64_t store_bytes = 0;
  std::uint64_t attachments = 0;
  std::uint64_t attachment_bytes = 0;
  std::uint64_t attachments_referenced = 0;  // distinct files named by events: every one is there
  double seconds = 0;
};

// Restores the newest backup in `src` into `data_dir`, which must not exist or
// be empty (a store is never overwritten: move the old one aside first). The
// restored log is verified (the hash chain, gap-free positions, checkpoints at
// or behind the head) and every attachment an event references must be
// there; on any failure what was created is removed again. Projections are
// restored with the log and catch up at the next start.
Result<RestoreSummary> restore_backup(const std::string& src, const std::string& data_dir);

// The summary as JSON (POST /api/v1/admin/backup's answer) and back (the CLI reads it).
std::string backup_summary_json(const BackupSummary& summary);
Result<BackupSummary> parse_backup_summary(std::string_view json);
// The SHA-256 names an event's data lists under "attachments" (CaseSubmitted);
// none when it lists none or is not JSON.
std::vector<std::string> attachment_hashes(std::string_view event_data);

// Runs the server's backups one at a time on a thread of its own, so no I/O
// thread waits on the disk. The destructor waits for a backup under way.
class BackupWorker {
 public:
  BackupWorker(events::EventStore& store, std::string data_dir);
  ~BackupWorker();
  BackupWorker(const BackupWorker&) = delete;
  BackupWorker& operator=(const BackupWorker&) = delete;
  // `done` runs on the worker's thread (or here, refused with not_ready when a
  // backup is already under way): post to your own executor there.
  void start(BackupOptions options, std::function<void(Result<BackupSummary>)> done);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanggap::server
