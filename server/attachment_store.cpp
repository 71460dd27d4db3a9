// server/attachment_store.cpp — see attachment_store.h.
#include "server/attachment_store.h"

#include "events/sha256.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tanggap::server {

namespace fs = std::filesystem;

std::optional<std::string_view> sniff_media_type(std::string_view b) noexcept {
  const auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
  };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts("\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts("RIFF") && starts("WEBP", 8)) return "image/webp";
  // PDF readers accept the header anywhere in the first KB, but a file that
  // hides it behind something else is not one we want to hand an officer.
  if (starts("%PDF-")) return "application/pdf";
  return std::nullopt;
}

std::string clean_file_name(std::string_view name) {
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) continue;
    out.push_back(c);
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
  if (out.size() > 200) {
    std::size_t cut = 200;
    // Back up to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out.empty() ? std::string("lampiran") : out;
}

namespace {

// The operator reads the path and the reason in the log; the answer (which a
// citizen may see) says only that the office could not keep the file.
Error disk_error(std::string_view what, const fs::path& path, int err) {
  spdlog::error("attachment store: {} {}: {}", what, path.string(), std::strerror(err));
  return fail(Errc::storage_failed, "the attachment could not be stored; please try again later");
}

// Opens and fsyncs a directory, so that a rename or a new entry in it survives a crash.
Result<void> sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return disk_error("cannot open", dir, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return disk_error("cannot sync", dir, err);
  return {};
}

Result<void> ensure_directory(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return {};
  fs::create_directories(dir, ec);
  if (ec) return disk_error("cannot create", dir, ec.value());
  // The new entry must reach the disk in its parent too.
  return sync_directory(dir.parent_path());
}

Result<void> write_synced(const fs::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return disk_error("cannot create", path, errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      return disk_error("cannot write", path, err);
    }
    done += static_cast<std::size_t>(n);
  }
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return disk_error("cannot sync", path, err);
  return {};
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (const char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

fs::path AttachmentStore::path_of(std::string_view sha256) const {
  return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

Result<StoredFile> AttachmentStore::put(std::string_view bytes, std::string_view display_name) const {
  if (bytes.empty())
    return fail(Errc::invalid_field, fmt::format("attachment {} is empty", clean_file_name(display_name)), "attachments");
  const auto type = sniff_media_type(bytes);
  if (!type)
    return fail(Errc::invalid_field,
                fmt::format("attachment {} is not a photo (JPEG, PNG, WebP) or a PDF", clean_file_name(display_name)),
                "attachments");
  StoredFile stored{events::sha256_hex(bytes), std::string(*type), bytes.size()};
  const fs::path target = path_of(stored.sha256);
  std::error_code ec;
  // Content-addressed: a file already there holds these very bytes (only a
  // torn write could differ, and renames are atomic, so none is ever seen).
  if (fs::exists(target, ec) && fs::file_size(target, ec) == bytes.size()) return stored;

  const fs::path tmp_dir = root_ / "tmp";
  if (auto r = ensure_directory(tmp_dir); !r) return r.error();
  if (auto r = ensure_directory(target.parent_path()); !r) return r.error();
  const fs::path tmp = tmp_dir / (stored.sha256 + "." + events::to_hex(events::sha256(events::random_bytes(16))).substr(0, 16));
  if (auto r = write_synced(tmp, bytes); !r) {
    fs::remove(tmp, ec);
    return r.error();
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    const int err = ec.value();
    fs::remove(tmp, ec);
    return disk_error("cannot move into place", target, err);
  }
  if (auto r = sync_directory(target.parent_path()); !r) return r.error();
  return stored;
}

Result<std::string> AttachmentStore::read(std::string_view sha256) const {
  if (!is_sha256_hex(sha256)) return fail(Errc::not_found, "no such attachment");
  const fs::path path = path_of(sha256);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return fail(Errc::not_found, "no such attachment");
    return disk_error("cannot open", path, errno);
  }
  std::string bytes;
  char buffer[65536];
  for (;;) {
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return disk_error("cannot read", path, err);
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return bytes;
}

}  // namespace tanggap::server
