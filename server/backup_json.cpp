// server/backup_json.cpp — the JSON of backup.h: POST /api/v1/admin/backup's
// answer, read back by `tanggap backup` when it went through the server, and
// the attachment references in an event's data.
#include "server/backup.h"

#include "server/json_body.h"

#include <nlohmann/json.hpp>

namespace tanggap::server {

using nlohmann::json;

std::string backup_summary_json(const BackupSummary& s) {
  return dump({{"backup_id", s.backup_id},
               {"backups_kept", s.backups_kept},
               {"head", s.head},
               {"store_bytes", s.store_bytes},
               {"store_files", s.store_files},
               {"bytes_written", s.bytes_written},
               {"attachments", s.attachments},
               {"attachments_copied", s.attachments_copied},
               {"attachment_bytes_copied", s.attachment_bytes_copied},
               {"damaged_attachments", s.damaged},
               {"seconds", s.seconds}});
}

Result<BackupSummary> parse_backup_summary(std::string_view text) {
  const auto j = json::parse(text, nullptr, false);
  if (!j.is_object()) return fail(Errc::malformed, "the backup summary is not a JSON object");
  BackupSummary s;
  // The server wrote it with backup_summary_json: a missing or odd member is a
  // version mismatch, reported rather than guessed.
  const auto number = [&](const char* key, auto& out) -> bool {
    if (!j.contains(key) || !j[key].is_number()) return false;
    out = j[key].get<std::remove_reference_t<decltype(out)>>();
    return true;
  };
  const bool ok = number("backup_id", s.backup_id) && number("backups_kept", s.backups_kept) && number("head", s.head) &&
                  number("store_bytes", s.store_bytes) && number("store_files", s.store_files) &&
                  number("bytes_written", s.bytes_written) && number("attachments", s.attachments) &&
                  number("attachments_copied", s.attachments_copied) &&
                  number("attachment_bytes_copied", s.attachment_bytes_copied) && number("seconds", s.seconds);
  if (!ok) return fail(Errc::malformed, "the backup summary lacks a member: is the server another version?");
  if (j.contains("damaged_attachments") && j["damaged_attachments"].is_array())
    for (const auto& name : j["damaged_attachments"])
      if (name.is_string()) s.damaged.push_back(name.get<std::string>());
  return s;
}

std::vector<std::string> attachment_hashes(std::string_view event_data) {
  std::vector<std::string> out;
  const auto j = json::parse(event_data, nullptr, false);
  if (!j.is_object() || !j.contains("attachments") || !j["attachments"].is_array()) return out;
  for (const auto& a : j["attachments"])
    if (a.is_object() && a.contains("sha256") && a["sha256"].is_string()) out.push_back(a["sha256"].get<std::string>());
  return out;
}

}  // namespace tanggap::server
