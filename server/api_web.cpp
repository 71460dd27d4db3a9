// server/api_web.cpp — the citizen's web pages: /lapor (the form, working
// without JavaScript: a plain POST answered with a page), /lacak (tracking),
// and the pages' static files. The form goes through the same pipeline as
// POST /api/v1/cases: decode, rate limit, read, store files, append.
#include "events/sha256.h"
#include "server/api.h"
#include "server/case_intake.h"
#include "server/form_decoder.h"
#include "server/form_submission.h"
#include "server/http_errors.h"
#include "server/id_format.h"
#include "server/idempotency.h"
#include "server/submission_json.h"
#include "server/web_assets.h"
#include "server/web_pages.h"
#include "server/web_render.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

namespace {

std::string new_form_key() { return events::to_hex(events::sha256(events::random_bytes(32))).substr(0, 32); }

TypedValues typed_values(const FormData& form) {
  TypedValues typed;
  for (const auto& [name, value] : form.fields) typed.emplace(name, value);  // the first of a repeated name
  return typed;
}

// The form's own field names to the API's: one select "layanan" holds
// "<office>/<service>"; an anonymous report sends no name and no NIK even
// when the browser kept what was typed before the choice.
FormData api_form(const FormData& form, const TypedValues& typed) {
  FormData out;
  const bool anonymous = typed.contains("privacy") && typed.at("privacy") == "anonymous";
  for (const auto& [name, value] : form.fields) {
    if (name == "form_key") continue;
    if (anonymous && (name == "reporter.name" || name == "reporter.nik")) continue;
    if (name == "layanan") {
      const auto slash = value.find('/');
      out.fields.emplace_back("office", value.substr(0, slash));
      out.fields.emplace_back("service", slash == std::string::npos ? "" : value.substr(slash + 1));
      continue;
    }
    out.fields.emplace_back(name, value);
  }
  out.files = form.files;
  return out;
}

// What a form says, whatever its bytes: a browser sending one form again picks
// a new multipart boundary, so the idempotency check hashes this instead.
// Length-prefixed, so no value can pass for a field separator.
std::string canonical_form(const FormData& form) {
  std::string out;
  const auto add = [&out](std::string_view text) { out += fmt::format("{}:{};", text.size(), text); };
  for (const auto& [name, value] : form.fields) {
    add(name);
    add(value);
  }
  for (const auto& file : form.files) {
    add(file.field);
    add(file.filename);
    add(file.declared_type);
    add(events::sha256_hex(file.bytes));
  }
  return out;
}

// The form again, with what was typed and the messages next to the fields.
void answer_form(const std::shared_ptr<ApiCall>& call, unsigned status, const TypedValues& typed, const FieldErrors& errors,
                 const std::string& page_error, Fields extra_headers = {}) {
  const auto key_it = typed.find("form_key");
  const std::string key = key_it != typed.end() && !key_it->second.empty() ? key_it->second : new_form_key();
  HttpResponse r = html_response(status, render_page("lapor", lapor_page_data(call->app.catalog(), typed, errors, key, page_error)));
  for (auto& h : extra_headers) r.headers.push_back(std::move(h));
  call->respond(std::move(r));
}

// An error from the pipeline, shown at its field (or above the form).
void answer_error(const std::shared_ptr<ApiCall>& call, const TypedValues& typed, const Error& error) {
  FieldErrors errors;
  std::string field = error.field;
  if (field == "service" || field == "office") field = "layanan";
  if (field.empty() || field == "Idempotency-Key") {
    const std::string message = field == "Idempotency-Key"
                                    ? "Formulir ini sudah pernah dikirim dengan isi yang lain. Muat ulang halaman untuk laporan baru."
                                    : pesan_kesalahan(error);
    return answer_form(call, http_status(error.code), typed, errors, message);
  }
  errors[field] = pesan_kesalahan(error);
  answer_form(call, http_status(error.code), typed, errors, "");
}

}  // namespace

void get_lapor(const std::shared_ptr<ApiCall>& call) {
  TypedValues typed;
  if (auto chosen = call->request.query_param("layanan")) typed.emplace("layanan", std::string(*chosen));
  answer_form(call, 200, typed, {}, "");
}

void post_lapor(const std::shared_ptr<ApiCall>& call) {
  const auto content_type = call->request.header("content-type").value_or("");
  if (!is_form_content_type(content_type))
    return answer_form(call, 415, {}, {}, "Formulir harus dikirim dari halaman ini. Silakan isi kembali.");
  auto form = decode_form(content_type, call->request.body, FormLimits{});
  if (!form) return answer_error(call, {}, form.error());
  const TypedValues typed = typed_values(*form);
  if (auto refused = refuse_if_rate_limited(call)) {
    Fields headers;
    for (auto& h : refused->headers)
      if (h.first == "Retry-After") headers.push_back(h);
    return answer_form(call, 429, typed, {},
                       "Terlalu banyak laporan dari alamat ini dalam waktu singkat. Silakan coba lagi beberapa menit lagi; "
                       "isian Anda tetap tersimpan di halaman ini.",
                       std::move(headers));
  }
  if (auto errors = precheck_form(typed, call->app.catalog()); !errors.empty())
    return answer_form(call, 422, typed, errors, "");

  // The hidden form_key makes a double click or a reload one case, not two.
  bool answered = false;
  std::optional<std::string_view> form_key;
  if (auto k = typed.find("form_key"); k != typed.end() && !k->second.empty()) form_key = k->second;
  auto idem = check_idempotency(call, answered, form_key, canonical_form(*form),
                                [call, typed](const Error& e) { answer_error(call, typed, e); });
  if (answered) return;

  auto body = submission_from_form(api_form(*form, typed));
  if (!body) return answer_error(call, typed, body.error());
  auto submission = read_submission(body->body, false);
  if (!submission) return answer_error(call, typed, submission.error());
  const std::string service = submission->service;
  const std::string office = submission->office;
  Trace trace{call->request.request_id, "", idem ? idem->view_key + idem->request_hash : ""};
  intake_case(call->app, std::move(*submission), std::move(body->files), d::Actor{"citizen", "web"}, trace,
              [call, idem, typed, service, office](Result<Submitted> r) {
                if (!r) return answer_error(call, typed, r.error());
                if (r->appended.repeated) {
                  return answer_repeat(call, idem, *r, [call, typed](const Error&) {
                    answer_form(call, 409, typed, {}, "Laporan ini sudah kami terima dan sedang dicatat. Kirim ulang "
                                "formulir ini sebentar lagi untuk melihat nomor laporan dan kode lacaknya.",
                                {{"Retry-After", "1"}});
                  });
                }
                const json sent = lapor_sent_data(submitted_json(*call, *r), call->app.catalog(), service, office);
                remember_and_respond(call, idem, html_response(200, render_page("lapor_terkirim", sent)));
              });
}

void get_lacak(const std::shared_ptr<ApiCall>& call) {
  const std::string id(call->request.query_param("id").value_or(""));
  // Codes are written in capitals; people type them as they come.
  std::string code(call->request.query_param("code").value_or(""));
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string upper_id = id;
  for (auto& c : upper_id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto& catalog = call->app.catalog();
  if (id.empty() && code.empty())
    return call->respond(html_response(200, render_page("lacak", lacak_page_data(catalog, "", "", nullptr, false))));
  auto view = public_view_text(call, upper_id, code);
  if (!view) {
    if (view.error().code != Errc::not_found) return call->respond(error_response(view.error()));
    return call->respond(html_response(404, render_page("lacak", lacak_page_data(catalog, id, code, nullptr, true))));
  }
  const json parsed = json::parse(*view, nullptr, false);
  call->respond(html_response(200, render_page("lacak", lacak_page_data(catalog, upper_id, code, &parsed, false))));
}

void get_static(const std::shared_ptr<ApiCall>& call) {
  const auto* asset = find_static_asset(call->params.at("name"));
  if (!asset) return call->respond(error_response(fail(Errc::not_found, "no such file")));
  HttpResponse r;
  r.content_type = asset->content_type;
  // A URL with the current version never changes; without it, a short while.
  const bool versioned = call->request.query_param("v") == std::optional<std::string_view>(asset->version);
  r.headers = {{"ETag", asset->etag},
               {"Cache-Control", versioned ? "public, max-age=31536000, immutable" : "public, max-age=300"},
               {"X-Content-Type-Options", "nosniff"}};
  if (call->request.header("if-none-match") == std::optional<std::string_view>(asset->etag)) {
    r.status = 304;
    return call->respond(std::move(r));
  }
  r.status = 200;
  r.body = std::string(asset->bytes);
  call->respond(std::move(r));
}

}  // namespace tanggap::server
