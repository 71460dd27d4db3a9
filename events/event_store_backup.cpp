// events/event_store_backup.cpp — backups of the whole store with RocksDB's
// BackupEngine, and restoring one. Apart from event_store.cpp so that the
// readers stay one screenful of concern; same Impl.
//
// Why BackupEngine rather than a Checkpoint per backup: backups into one
// directory share their table files (named by checksum), so a daily backup
// costs what changed since the last one, each file is checksummed when it is
// written and checked again when it is restored, and old backups are purged
// without touching the files newer ones still use.
//
// Consistency: with flush_before_backup the engine flushes every column
// family, then lists the live tables under the DB mutex and copies the live
// WAL files with them (the last one up to its size at that moment). Opening
// the restored copy replays that WAL over the tables, as after a crash: the
// result is the store as of one instant, with no group torn, since a group is
// one WriteBatch. Every append answered before backup_to() was called had its
// WAL record fsynced before its answer, so it precedes that instant.
#include "events/event_store_impl.h"

#include <rocksdb/env.h>
#include <rocksdb/utilities/backup_engine.h>

#include <algorithm>

namespace tanggap::events {

namespace {

rocksdb::BackupEngineOptions engine_options(const std::string& dir) {
  rocksdb::BackupEngineOptions options(dir);
  options.share_table_files = true;          // incremental: tables are shared between backups
  options.share_files_with_checksum = true;  // ... named by checksum, so equal names mean equal bytes
  options.sync = true;                       // a backup said done is on disk
  options.backup_log_files = true;           // the WAL holds what the flush had not yet written
  options.max_background_operations = 2;     // the machine has two cores; the server keeps one
  return options;
}

StoreBackup describe(const rocksdb::BackupInfo& info, std::size_t kept) {
  StoreBackup b;
  b.id = info.backup_id;
  b.taken_at = info.timestamp;
  b.bytes = info.size;
  b.files = info.number_files;
  b.kept = static_cast<std::uint32_t>(kept);
  b.note = info.app_metadata;
  return b;
}

}  // namespace

Result<StoreBackup> EventStore::backup_to(const std::string& dir, std::uint32_t keep, std::string_view note) const {
  if (impl_->options.read_only) return fail(Errc::not_ready, "a store opened read-only cannot be backed up (it cannot flush)");
  rocksdb::BackupEngine* raw = nullptr;
  rocksdb::Status s = rocksdb::BackupEngine::Open(engine_options(dir), rocksdb::Env::Default(), &raw);
  if (!s.ok()) return storage_error(fmt::format("cannot open the backup directory {}", dir), s);
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);

  rocksdb::CreateBackupOptions create;
  create.flush_before_backup = true;
  rocksdb::BackupID id = 0;
  s = engine->CreateNewBackupWithMetadata(create, impl_->db.get(), std::string(note), &id);
  if (!s.ok()) return storage_error(fmt::format("cannot write a backup to {}", dir), s);
  // Sizes only: the checksums were computed while copying, and restore checks them.
  s = engine->VerifyBackup(id, false);
  if (!s.ok()) return storage_error(fmt::format("backup {} in {} does not check out", id, dir), s);
  s = engine->PurgeOldBackups(std::max<std::uint32_t>(keep, 1));
  if (!s.ok()) return storage_error(fmt::format("cannot purge old backups in {}", dir), s);

  rocksdb::BackupInfo info;
  s = engine->GetBackupInfo(id, &info);
  if (!s.ok()) return storage_error(fmt::format("cannot read backup {} in {}", id, dir), s);
  std::vector<rocksdb::BackupInfo> all;
  engine->GetBackupInfo(&all);
  return describe(info, all.size());
}

Result<StoreBackup> EventStore::restore_latest(const std::string& dir, const std::string& path) {
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::Status s = rocksdb::BackupEngineReadOnly::Open(engine_options(dir), rocksdb::Env::Default(), &raw);
  if (!s.ok()) return storage_error(fmt::format("cannot open the backup directory {}", dir), s);
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  rocksdb::BackupInfo info;
  s = engine->GetLatestBackupInfo(&info);
  if (s.IsNotFound()) return fail(Errc::not_found, fmt::format("{} holds no backup of a store", dir));
  if (!s.ok()) return storage_error(fmt::format("cannot read the backups in {}", dir), s);
  std::vector<rocksdb::BackupInfo> all;
  engine->GetBackupInfo(&all);
  // The WAL goes beside the tables (wal_dir = the store), as the store keeps it.
  s = engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), info.backup_id, path, path);
  if (!s.ok()) return storage_error(fmt::format("cannot restore backup {} from {}", info.backup_id, dir), s);
  return describe(info, all.size());
}

}  // namespace tanggap::events
