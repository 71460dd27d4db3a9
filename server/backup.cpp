#include "server/backup.h"

#include "events/sha256.h"
#include "server/data_dir.h"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace tanggap::server {

namespace fs = std::filesystem;

namespace {

constexpr const char* marker_name = "TANGGAP-BACKUP";
constexpr const char* marker_text =
    "tanggap backup directory, format 1\n"
    "store/        RocksDB backups of <data>/store (BackupEngine; the newest are kept)\n"
    "attachments/  the attachment files, content-addressed, shared by every backup\n"
    "restore:      tanggap restore THIS_DIRECTORY --data NEW_DATA_DIRECTORY\n";

Error disk_error(std::string_view what, const fs::path& path, int error) {
  return fail(Errc::storage_failed, fmt::format("{} {}: {}", what, path.string(), std::strerror(error)));
}

// fsync of a file or a directory (a rename or a new entry is durable only
// once its directory is synced).
Result<void> sync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return disk_error("cannot open", path, errno);
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) return disk_error("cannot fsync", path, error);
  return {};
}

// Held while a backup or a restore uses a backup directory: two BackupEngines
// writing one directory may trash it (backup_engine.h), in one process or two.
class DirLock {
 public:
  static Result<std::unique_ptr<DirLock>> take(const fs::path& dir) {
    const fs::path path = dir / "LOCK";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return disk_error("cannot open", path, errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return fail(Errc::not_ready, fmt::format("another backup or restore is using {}; try again when it is done", dir.string()));
    }
    return std::unique_ptr<DirLock>(new DirLock(fd));
  }
  // For reading (a restore): shared, so restores may run side by side but not
  // beside a backup; none when DEST is read-only media without a LOCK file.
  static Result<std::unique_ptr<DirLock>> take_shared(const fs::path& dir) {
    const fs::path path = dir / "LOCK";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::unique_ptr<DirLock>();
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
      ::close(fd);
      return fail(Errc::not_ready, fmt::format("a backup is being written to {}; restore when it is done", dir.string()));
    }
    return std::unique_ptr<DirLock>(new DirLock(fd));
  }
  ~DirLock() { ::close(fd_); }  // closing releases the lock
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  explicit DirLock(int fd) : fd_(fd) {}
  int fd_;
};

bool is_hex(std::string_view s, std::size_t size) {
  return s.size() == size && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Every regular file under `root/<2 hex>/<64 hex>` whose name starts with its
// directory's; anything else there (a temporary being written) is no attachment.
template <class Visit>
Result<void> each_attachment(const fs::path& root, Visit visit) {
  std::error_code ec;
  if (!fs::exists(root, ec)) return {};
  for (fs::directory_iterator fan(root, ec), end; !ec && fan != end; fan.increment(ec)) {
    const std::string prefix = fan->path().filename().string();
    if (!is_hex(prefix, 2) || !fan->is_directory(ec)) continue;
    for (fs::directory_iterator file(fan->path(), ec); !ec && file != end; file.increment(ec)) {
      const std::string name = file->path().filename().string();
      if (!is_hex(name, 64) || !name.starts_with(prefix) || !file->is_regular_file(ec)) continue;
      if (auto r = visit(prefix, name, file->path()); !r) return r;
    }
    if (ec) break;
  }
  if (ec) return fail(Errc::storage_failed, fmt::format("cannot list {}: {}", root.string(), ec.message()));
  return {};
}

struct CopyCounts {
  std::uint64_t files = 0;   // attachments in the destination afterwards
  std::uint64_t copied = 0;
  std::uint64_t bytes_copied = 0;
  std::uint64_t bytes = 0;   // of every file in the destination
  std::vector<std::string> damaged;
};

// Copies the attachments of `from` missing in `to`, checking each file's bytes
// against its name; each is written under a temporary name, fsynced and
// renamed, and every directory touched is fsynced before this returns.
Result<CopyCounts> copy_attachments(const fs::path& from, const fs::path& to) {
  CopyCounts counts;
  std::set<fs::path> touched;
  std::error_code ec;
  if (!fs::exists(to, ec)) {
    fs::create_directories(to, ec);
    if (ec) return fail(Errc::storage_failed, fmt::format("cannot create {}: {}", to.string(), ec.message()));
    touched.insert(to.parent_path());
  }
  auto copied = each_attachment(from, [&](const std::string& prefix, const std::string& name, const fs::path& source) -> Result<void> {
    const fs::path dir = to / prefix;
    const fs::path target = dir / name;
    const auto size = fs::file_size(source, ec);
    if (ec) return fail(Errc::storage_failed, fmt::format("cannot read {}: {}", source.string(), ec.message()));
    // Immutable and content-addressed: a file of that name and size is that file.
    if (fs::exists(target, ec) && fs::file_size(target, ec) == size && !ec) {
      ++counts.files;
      counts.bytes += size;
      return {};
    }
    std::string bytes(size, '\0');
    {
      std::ifstream in(source, std::ios::binary);
      if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
        return fail(Errc::storage_failed, fmt::format("cannot read {}", source.string()));
    }
    if (events::sha256_hex(bytes) != name) {
      counts.damaged.push_back(name);
      return {};
    }
    if (!fs::exists(dir, ec)) {
      fs::create_directory(dir, ec);
      if (ec) return fail(Errc::storage_failed, fmt::format("cannot create {}: {}", dir.string(), ec.message()));
      touched.insert(to);
    }
    const fs::path temporary = dir / ("." + name + ".tmp");
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return disk_error("cannot create", temporary, errno);
    std::size_t done = 0;
    while (done < bytes.size()) {
      const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int error = errno;
        ::close(fd);
        return disk_error("cannot write", temporary, error);
      }
      done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!synced) return disk_error("cannot fsync", temporary, error);
    fs::rename(temporary, target, ec);
    if (ec) return fail(Errc::storage_failed, fmt::format("cannot rename {}: {}", temporary.string(), ec.message()));
    touched.insert(dir);
    ++counts.files;
    ++counts.copied;
    counts.bytes += size;
    counts.bytes_copied += size;
    return {};
  });
  if (!copied) return copied.error();
  for (const auto& dir : touched)
    if (auto r = sync_path(dir); !r) return r.error();
  return counts;
}

std::map<std::string, std::uint64_t> file_sizes(const fs::path& root) {
  std::map<std::string, std::uint64_t> sizes;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) sizes[it->path().string()] = it->file_size(ec);
  return sizes;
}

// Creates dest, or accepts it as a backup directory; refuses anything else,
// so a typo never scatters a backup into a directory that holds other things.
fs::path resolved(const fs::path& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path), ec).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();  // "a/b/" → "a/b"
  return p;
}

Result<void> prepare_dest(const fs::path& dest, const std::string& data_dir) {
  std::error_code ec;
  const fs::path data = resolved(data_dir);
  const fs::path target = resolved(dest);
  const auto [d, t] = std::mismatch(data.begin(), data.end(), target.begin(), target.end());
  if (d == data.end())
    return fail(Errc::invalid_field, fmt::format("{} is inside the data directory {}: back up somewhere else", dest.string(), data.string()), "dest");
  const bool existed = fs::exists(dest, ec);
  fs::create_directories(dest, ec);
  if (ec) return fail(Errc::storage_failed, fmt::format("cannot create {}: {}", dest.string(), ec.message()));
  // Backups hold personal data: a directory made here is the server user's alone.
  if (!existed) fs::permissions(dest, fs::perms::owner_all, ec);
  if (fs::exists(dest / marker_name, ec)) return {};
  if (!fs::is_empty(dest, ec))
    return fail(Errc::invalid_field, fmt::format("{} is neither empty nor a tanggap backup directory (it has no {})", dest.string(), marker_name), "dest");
  {
    std::ofstream out(dest / marker_name);
    out << marker_text;
    if (!out.flush()) return fail(Errc::storage_failed, fmt::format("cannot write {}", (dest / marker_name).string()));
  }
  if (auto r = sync_path(dest / marker_name); !r) return r.error();
  return sync_path(dest);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<BackupSummary> write_backup(events::EventStore& store, const std::string& data_dir, const BackupOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.dest.empty()) return fail(Errc::invalid_field, "name the backup directory", "dest");
  const fs::path dest = fs::absolute(options.dest);
  if (auto r = prepare_dest(dest, data_dir); !r) return r.error();
  auto lock = DirLock::take(dest);
  if (!lock) return lock.error();

  BackupSummary summary;
  const auto before = file_sizes(dest / "store");
  summary.head = store.head();  // answered before now, so in the backup
  auto taken = store.backup_to((dest / "store").string(), options.keep, fmt::format("head {}", summary.head));
  if (!taken) return taken.error();
  summary.backup_id = taken->id;
  summary.backups_kept = taken->kept;
  summary.store_bytes = taken->bytes;
  summary.store_files = taken->files;
  for (const auto& [path, size] : file_sizes(dest / "store"))
    if (!before.contains(path)) summary.bytes_written += size;

  // After the store: every attachment its events name exists by now.
  auto copied = copy_attachments(attachments_path(data_dir), dest / "attachments");
  if (!copied) return copied.error();
  summary.attachments = copied->files;
  summary.attachments_copied = copied->copied;
  summary.attachment_bytes_copied = copied->bytes_copied;
  summary.bytes_written += copied->bytes_copied;
  summary.damaged = std::move(copied->damaged);
  summary.seconds = seconds_since(started);
  return summary;
}

namespace {

// The restored store must hold up on its own: the log verified, and every
// attachment an event names present.
Result<void> check_restored(const std::string& data_dir, RestoreSummary& summary) {
  events::Options options;
  options.create_if_missing = false;
  options.read_only = true;
  auto store = open_store(data_dir, options);
  if (!store) return store.error();
  auto report = (*store)->verify();
  if (!report) return report.error();
  if (report->first_bad_position)
    return fail(Errc::storage_failed, fmt::format("the restored log fails verification at position {}: {}",
                                                  *report->first_bad_position, report->problem));
  summary.head = report->head;
  std::set<std::string> referenced;
  for (events::Position after = 0;;) {
    auto page = (*store)->read_log(after, 1000);
    if (!page) return page.error();
    if (page->empty()) break;
    for (const auto& e : *page)
      if (e.data.find("\"attachments\"") != std::string::npos)
        for (auto& hash : attachment_hashes(e.data)) referenced.insert(std::move(hash));
    after = page->back().position;
  }
  const fs::path root = attachments_path(data_dir);
  for (const auto& hash : referenced) {
    std::error_code ec;
    if (hash.size() != 64 || !fs::exists(root / hash.substr(0, 2) / hash, ec))
      return fail(Errc::storage_failed, fmt::format("attachment {} is named by an event but is not in the backup", hash));
  }
  summary.attachments_referenced = referenced.size();
  return {};
}

}  // namespace

Result<RestoreSummary> restore_backup(const std::string& src, const std::string& data_dir) {
  const auto started = std::chrono::steady_clock::now();
  const fs::path source = fs::absolute(src);
  std::error_code ec;
  if (!fs::exists(source / marker_name, ec))
    return fail(Errc::not_found, fmt::format("{} is not a tanggap backup directory (it has no {})", source.string(), marker_name));
  const fs::path data = fs::absolute(data_dir);
  const bool existed = fs::exists(data, ec);
  if (existed && (!fs::is_directory(data, ec) || !fs::is_empty(data, ec)))
    return fail(Errc::duplicate, fmt::format("{} is not empty: restore into a new directory (move the old store aside first)", data.string()));
  auto lock = DirLock::take_shared(source);
  if (!lock) return lock.error();
  fs::create_directories(data, ec);
  if (ec) return fail(Errc::storage_failed, fmt::format("cannot create {}: {}", data.string(), ec.message()));

  RestoreSummary summary;
  auto result = [&]() -> Result<void> {
    auto restored = events::EventStore::restore_latest((source / "store").string(), store_path(data.string()).string());
    if (!restored) return restored.error();
    summary.backup_id = restored->id;
    summary.taken_at = restored->taken_at;
    summary.backups_in_source = restored->kept;
    summary.store_bytes = restored->bytes;
    auto copied = copy_attachments(source / "attachments", attachments_path(data.string()));
    if (!copied) return copied.error();
    summary.attachments = copied->files;
    summary.attachment_bytes = copied->bytes;
    if (auto r = check_restored(data.string(), summary); !r) {
      if (copied->damaged.empty()) return r;
      return fail(r.error().code, fmt::format("{} ({} damaged attachment files in the backup, e.g. {})", r.error().message,
                                              copied->damaged.size(), copied->damaged.front()));
    }
    if (auto r = sync_path(data); !r) return r;
    return sync_path(data.parent_path());
  }();
  if (!result) {
    // Leave the directory as it was found, so that the restore can be retried.
    if (existed) {
      std::vector<fs::path> created;
      for (const auto& entry : fs::directory_iterator(data, ec)) created.push_back(entry.path());
      for (const auto& path : created) fs::remove_all(path, ec);
    } else {
      fs::remove_all(data, ec);
    }
    return result.error();
  }
  summary.seconds = seconds_since(started);
  return summary;
}

// ---- the server's worker ---------------------------------------------------

struct BackupWorker::Impl {
  events::EventStore& store;
  std::string data_dir;
  std::mutex mutex;
  bool running = false;
  std::thread thread;
};

BackupWorker::BackupWorker(events::EventStore& store, std::string data_dir)
    : impl_(new Impl{store, std::move(data_dir), {}, false, {}}) {}

BackupWorker::~BackupWorker() {
  std::thread thread;
  {
    std::lock_guard lock(impl_->mutex);  // not held while joining: the thread takes it too
    thread = std::move(impl_->thread);
  }
  if (thread.joinable()) thread.join();
}

void BackupWorker::start(BackupOptions options, std::function<void(Result<BackupSummary>)> done) {
  std::unique_lock lock(impl_->mutex);
  if (impl_->running) {
    lock.unlock();
    return done(fail(Errc::not_ready, "a backup is already under way; try again when it is done"));
  }
  // The last backup has finished (running is false): its thread at most answers and returns.
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->running = true;
  Impl* impl = impl_.get();
  impl_->thread = std::thread([impl, options = std::move(options), done = std::move(done)] {
    auto result = write_backup(impl->store, impl->data_dir, options);
    // Free before answering: a client that sends its next backup the moment
    // it reads this answer must not be told one is still under way.
    {
      std::lock_guard inner(impl->mutex);
      impl->running = false;
    }
    done(std::move(result));
  });
}

}  // namespace tanggap::server
