// server/whatsapp_media.h — fetching a file a citizen sent on WhatsApp
// (PROTOCOLS.md §1.6): GET {api_base}/{media-id} with the access token answers
// a short-lived URL, and GET of that URL with the same token the bytes. Media
// ids expire (Meta keeps them about 7 days), so the bot fetches them when the
// case or note is stored, not later. Blocking: the bot's worker thread calls
// it, never an I/O thread.
#pragma once

#include "events/domain/error.h"
#include "server/config.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace tanggap::server {

// A citizen's photo or PDF; larger files are refused before they are read whole.
inline constexpr std::size_t max_media_bytes = 5 * 1024 * 1024;

// Whether the access token may go to `url`, the file's address in Meta's
// answer: only over the scheme `api_base` uses (https in production; the
// tests' fake is http), so a forged or garbled answer cannot have the token
// sent in clear text or to a non-HTTP URL.
bool media_url_acceptable(std::string_view api_base, std::string_view url);

// The bytes, or: not_found when Meta no longer knows the id, invalid_field
// when the file is larger than `max_bytes`, not_ready when Meta cannot be
// reached or answers oddly (worth retrying).
Result<std::string> fetch_whatsapp_media(const WhatsAppConfig& config, std::string_view media_id,
                                         std::size_t max_bytes = max_media_bytes);

}  // namespace tanggap::server
