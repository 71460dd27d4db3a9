// server/attachment_store.h — the files citizens send with a case (photos,
// PDFs), for every channel: the web form now, WhatsApp and e-mail later.
//
// Content-addressed: a file is named by the SHA-256 of its bytes, under
// <data>/attachments/<first two hex digits>/<all 64>. A file is written to a
// temporary name, fsynced, renamed into place and its directory fsynced before
// put() returns, so an event that references it (appended afterwards) never
// points at nothing, even after a power cut. Files are never changed or
// deleted by the server; the same bytes sent twice are stored once.
//
// The type is decided by the bytes (magic numbers), never by the name or the
// sender's Content-Type: only the allow-list below is taken.
#pragma once

#include "events/domain/error.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tanggap::server {

// image/jpeg, image/png, image/webp or application/pdf; nullopt for anything else.
std::optional<std::string_view> sniff_media_type(std::string_view bytes) noexcept;

struct StoredFile {
  std::string sha256;  // lower-case hex
  std::string media_type;
  std::uint64_t size = 0;
};

class AttachmentStore {
 public:
  explicit AttachmentStore(std::filesystem::path root) : root_(std::move(root)) {}

  // Blocking (it fsyncs): call it off the I/O threads. Errors: invalid_field
  // for a type outside the allow-list or an empty file (field "attachments"),
  // storage_failed when the disk refuses.
  Result<StoredFile> put(std::string_view bytes, std::string_view display_name) const;
  // The bytes of a stored file; not_found when there is none by that hash.
  Result<std::string> read(std::string_view sha256) const;
  std::filesystem::path path_of(std::string_view sha256) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// "foto jalan.jpg" from "C:\\fakepath\\foto jalan.jpg" or "../x/foto jalan.jpg";
// control characters dropped, at most 200 bytes (cut on a UTF-8 boundary);
// "lampiran" when nothing is left.
std::string clean_file_name(std::string_view name);

}  // namespace tanggap::server
