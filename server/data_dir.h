// server/data_dir.h — what lives in the data directory, and opening its store.
//   <data>/store/        the RocksDB (log, indexes, views, checkpoints)
//   <data>/admin.token   the first admin's token, mode 0600, written once
//   <data>/attachments/  the files citizens sent, by SHA-256 (attachment_store.h)
#pragma once

#include "events/event_store.h"

#include <filesystem>
#include <memory>
#include <string>

namespace tanggap::server {

std::filesystem::path store_path(const std::string& data_dir);
std::filesystem::path admin_token_path(const std::string& data_dir);
std::filesystem::path attachments_path(const std::string& data_dir);

// Opens <data>/store; a store locked by a running server is named as such.
Result<std::unique_ptr<events::EventStore>> open_store(const std::string& data_dir, events::Options options);

}  // namespace tanggap::server
