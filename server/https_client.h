// server/https_client.h — one blocking HTTP(S) request to an outside API (the
// WhatsApp Graph API now; Telegram later), for workers on their own threads
// (the outbox), never for I/O threads. `https://` is verified TLS (OpenSSL,
// the system's CA store, SNI, host name checked); `http://` is accepted so
// that tests point `api_base` at a fake on loopback (CONTRACT.md §2).
// Every step (resolve, connect, handshake, write, read) runs under one
// overall deadline, so a silent peer costs at most `timeout`.
// Thread safety: a free function; each call has its own io_context.
#pragma once

#include "events/domain/error.h"
#include "server/http_types.h"

#include <chrono>
#include <string>

namespace tanggap::server {

struct OutboundRequest {
  std::string method = "POST";
  std::string url;  // "https://graph.facebook.com/v21.0/PNID/messages"
  Fields headers;   // Content-Type, Authorization, ...
  std::string body;
};

struct OutboundResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

inline constexpr std::size_t max_response_bytes = 8 * 1024 * 1024;

// An answer of any HTTP status is a value; errors are only for no answer:
// Errc::malformed for a URL we cannot use, Errc::not_ready for DNS, connect,
// TLS, timeout or a broken response (the caller retries those).
Result<OutboundResponse> https_call(const OutboundRequest& request,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(15));

// False when this build was made without TANGGAP_WITH_TLS_CLIENT: https:// URLs are refused.
bool tls_client_available() noexcept;

}  // namespace tanggap::server
