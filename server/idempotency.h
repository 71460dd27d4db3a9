// server/idempotency.h — the Idempotency-Key header on writes (CONTRACT §3).
// The same key with the same body returns the first answer and stores nothing
// new; the same key with another body is refused (422). Two layers:
//  - the key seeds the event ids (Trace::idempotency_seed), so a retry racing
//    the first request, or arriving after a crash that lost the record below,
//    still stores nothing: the log answers it as a repeat;
//  - the first answer is kept under "idem/<hash>" in the views area, written
//    before the answer is sent, and replayed to later retries.
#pragma once

#include "server/api.h"

#include <optional>
#include <string>

namespace tanggap::server {

struct IdempotencyScope {
  std::string view_key;      // "idem/<sha256 of scope and key>"
  std::string request_hash;  // of method, path and body
};

// Without the header: empty scope, go on. With it: when a record exists,
// answers the call (the first answer, or 422 for another body) and returns
// nullopt with `answered` set.
// `form_key`: the key as a web form carries it (a hidden field), in place of the header.
std::optional<IdempotencyScope> check_idempotency(const std::shared_ptr<ApiCall>& call, bool& answered,
                                                  std::optional<std::string_view> form_key = std::nullopt);

// Keeps the answer for later retries, then sends it.
void remember_and_respond(const std::shared_ptr<ApiCall>& call, const std::optional<IdempotencyScope>& scope,
                          HttpResponse response);

}  // namespace tanggap::server
