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

#include <functional>
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
// `canonical_request`: what the request says, in place of its raw body, when the
// same request can come as other bytes: a browser sends one form again with a new
// multipart boundary, so forms hash their decoded fields and files' digests.
// `refuse`: how to answer a refusal (a bad key, another request under the key)
// when not with the API's JSON error: the web form shows it on the page.
std::optional<IdempotencyScope> check_idempotency(const std::shared_ptr<ApiCall>& call, bool& answered,
                                                  std::optional<std::string_view> form_key = std::nullopt,
                                                  std::optional<std::string_view> canonical_request = std::nullopt,
                                                  const std::function<void(const Error&)>& refuse = {});

// A submission the log took for a repeat (its seeded event ids were stored):
// two identical requests at once, a reload while the first is being stored, a
// retry after a crash lost the first answer's record. Its tracking code is
// unknown here (only the hash is stored), so it must not be answered as a new
// case, nor its answer recorded over the first one. Replays the first answer
// when its record exists by now; otherwise answers 409 "already received,
// retry" naming the case, with Retry-After, through `refuse`.
void answer_repeat(const std::shared_ptr<ApiCall>& call, const std::optional<IdempotencyScope>& scope,
                   const Submitted& submitted, const std::function<void(const Error&)>& refuse);

// Keeps the answer for later retries, then sends it.
void remember_and_respond(const std::shared_ptr<ApiCall>& call, const std::optional<IdempotencyScope>& scope,
                          HttpResponse response);

}  // namespace tanggap::server
