#include "server/idempotency.h"

#include "events/bytes.h"
#include "events/sha256.h"
#include "server/http_errors.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace tanggap::server {

namespace {

// Answers with a kept record: the first answer whole, or 422 when the key came
// with another request.
void replay(const std::shared_ptr<ApiCall>& call, const IdempotencyScope& scope, std::string_view record,
            const std::function<void(const Error&)>& refuse) {
  const auto refuse_with = [&](Error e) {
    if (refuse) return refuse(e);
    call->respond(error_response(std::move(e)));
  };
  // record := str(request_hash) status:u32 str(body) [count:u32 (str(name) str(value))*]
  // (records kept before the headers were added end after the body)
  events::ByteReader r(record);
  std::string hash, body;
  std::uint32_t status = 0;
  Fields headers;
  bool intact = r.str(hash) && r.u32(status) && r.str(body);
  if (intact && r.remaining() > 0) {
    std::uint32_t count = 0;
    intact = r.u32(count);
    for (std::uint32_t i = 0; intact && i < count; ++i) {
      std::string name, value;
      intact = r.str(name) && r.str(value);
      headers.emplace_back(std::move(name), std::move(value));
    }
  }
  if (!intact) {
    refuse_with(fail(Errc::storage_failed, "an idempotency record is damaged"));
  } else if (hash != scope.request_hash) {
    refuse_with(fail(Errc::invalid_field, "this Idempotency-Key was used with a different request", "Idempotency-Key"));
  } else {
    HttpResponse first = json_response(status, std::move(body));
    // Location of a created case, the content type of a page: the first answer whole.
    for (auto& [name, value] : headers) {
      if (name == "Content-Type") first.content_type = std::move(value);
      else first.headers.emplace_back(std::move(name), std::move(value));
    }
    call->respond(std::move(first));
  }
}

}  // namespace

std::optional<IdempotencyScope> check_idempotency(const std::shared_ptr<ApiCall>& call, bool& answered,
                                                  std::optional<std::string_view> form_key,
                                                  std::optional<std::string_view> canonical_request,
                                                  const std::function<void(const Error&)>& refuse) {
  answered = false;
  const auto key = form_key ? form_key : call->request.header("idempotency-key");
  if (!key) return std::nullopt;
  if (key->empty() || key->size() > 200) {
    answered = true;
    const Error bad_key = fail(Errc::invalid_field, "Idempotency-Key must be 1 to 200 characters", "Idempotency-Key");
    if (refuse) refuse(bad_key);
    else call->respond(error_response(bad_key));
    return std::nullopt;
  }
  // Keys are per caller: two offices' clients choosing the same UUID must not collide.
  const std::string caller = call->staff ? "staff:" + call->staff->name : "public";
  IdempotencyScope scope;
  scope.view_key = "idem/" + events::sha256_hex(fmt::format("{}\n{}\n{}", caller, call->request.path, *key));
  scope.request_hash = events::sha256_hex(fmt::format("{}\n{}\n{}", call->request.method, call->request.path,
                                                      canonical_request.value_or(call->request.body)));
  auto stored = call->app.store().get_view(scope.view_key);
  if (!stored) {
    answered = true;
    if (refuse) refuse(stored.error());
    else call->respond(error_response(stored.error()));
    return std::nullopt;
  }
  if (*stored) {
    answered = true;
    replay(call, scope, **stored, refuse);
    return std::nullopt;
  }
  return scope;
}

void answer_repeat(const std::shared_ptr<ApiCall>& call, const std::optional<IdempotencyScope>& scope,
                   const Submitted& submitted, const std::function<void(const Error&)>& refuse) {
  if (scope) {
    if (auto stored = call->app.store().get_view(scope->view_key); stored && *stored) return replay(call, *scope, **stored, refuse);
  }
  spdlog::info("{} a repeated submission of {} answered 409", call->request.request_id, submitted.case_id);
  refuse(fail(Errc::duplicate, fmt::format("this submission was already received as {}; its answer is not ready yet, "
                                           "send the same request again in a moment",
                                           submitted.case_id)));
}

void remember_and_respond(const std::shared_ptr<ApiCall>& call, const std::optional<IdempotencyScope>& scope,
                          HttpResponse response) {
  if (scope && response.status < 300) {
    std::string record;
    events::ByteWriter w(record);
    w.str(scope->request_hash);
    w.u32(response.status);
    w.str(response.body);
    Fields headers = response.headers;
    if (response.content_type != json_response(200, "").content_type) headers.emplace_back("Content-Type", response.content_type);
    w.u32(static_cast<std::uint32_t>(headers.size()));
    for (const auto& [name, value] : headers) {
      w.str(name);
      w.str(value);
    }
    events::ViewBatch batch;
    batch.put(scope->view_key, record);
    // Not fatal when it fails: the seeded event ids still make a retry a repeat.
    if (auto r = call->app.store().commit(std::move(batch)); !r)
      spdlog::warn("{} idempotency record not kept: {}", call->request.request_id, r.error().message);
  }
  call->respond(std::move(response));
}

}  // namespace tanggap::server
