// server/api_backup.cpp — POST /api/v1/admin/backup: what `tanggap backup`
// calls while the server holds the store. The server writes the backup itself
// (the RocksDB lock is its), on BackupWorker's thread, and answers when it is
// on disk; the session waits without a deadline meanwhile (http_session.cpp).
#include "server/api.h"
#include "server/http_errors.h"
#include "server/json_body.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace tanggap::server {

void post_backup(const std::shared_ptr<ApiCall>& call) {
  auto body = parse_json_object(call->request);
  if (!body) return call->respond(error_response(body.error()));
  if (auto known = only_known_keys(*body, {"dest", "keep"}, "", "a backup"); !known)
    return call->respond(error_response(known.error()));
  auto dest = string_field(*body, "dest", "dest");
  if (!dest) return call->respond(error_response(dest.error()));
  // The server's working directory is nobody's business: a path is absolute.
  if (dest->empty() || dest->front() != '/')
    return call->respond(error_response(fail(Errc::invalid_field, "dest must be an absolute path on the server's machine", "dest")));
  auto keep = unsigned_field(*body, "keep", "keep");
  if (!keep) return call->respond(error_response(keep.error()));
  if (*keep && (**keep < 1 || **keep > 1000))
    return call->respond(error_response(fail(Errc::invalid_field, "keep must be a whole number from 1 to 1000", "keep")));

  BackupOptions options{*dest, keep->has_value() ? static_cast<std::uint32_t>(**keep) : default_backups_kept};
  call->app.backups().start(std::move(options), [call, dest = *dest](Result<BackupSummary> done) {
    if (!done) return call->respond(error_response(done.error()));
    spdlog::info("{} backup {} to {}: head {}, {} bytes new, {} attachments copied, {:.1f}s", call->request.request_id,
                 done->backup_id, dest, done->head, done->bytes_written, done->attachments_copied, done->seconds);
    call->respond(json_response(200, backup_summary_json(*done)));
  });
}

}  // namespace tanggap::server
