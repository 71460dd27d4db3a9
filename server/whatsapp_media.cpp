#include "server/whatsapp_media.h"

#include "adapters/json_depth.h"
#include "server/https_client.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tanggap::server {

namespace {

using json = nlohmann::json;

bool plain_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.'))
      return false;
  return true;
}

Result<OutboundResponse> get(const std::string& url, const WhatsAppConfig& config) {
  OutboundRequest request;
  request.method = "GET";
  request.url = url;
  request.headers = {{"Authorization", "Bearer " + config.access_token}};
  return https_call(request);
}

}  // namespace

bool media_url_acceptable(std::string_view api_base, std::string_view url) {
  for (const std::string_view scheme : {"https://", "http://"})
    if (api_base.starts_with(scheme)) return url.starts_with(scheme) && url.size() > scheme.size();
  return false;
}

Result<std::string> fetch_whatsapp_media(const WhatsAppConfig& config, std::string_view media_id,
                                         std::size_t max_bytes) {
  // The id goes into a URL path: only the characters Meta's ids use.
  if (!plain_id(media_id)) return fail(Errc::invalid_field, "not a WhatsApp media id", "media_id");
  auto meta = get(fmt::format("{}/{}", config.api_base, media_id), config);
  if (!meta) return meta.error();
  if (meta->status == 400 || meta->status == 404) return fail(Errc::not_found, "WhatsApp no longer has this file");
  if (meta->status != 200) return fail(Errc::not_ready, fmt::format("WhatsApp answered HTTP {} for the file", meta->status));
  const json j = adapters::json_nested_deeper_than(meta->body, 8) ? json(json::value_t::discarded)
                                                                   : json::parse(meta->body, nullptr, false);
  if (!j.is_object()) return fail(Errc::not_ready, "WhatsApp's answer for the file is not JSON");
  const auto url = j.find("url");
  if (url == j.end() || !url->is_string()) return fail(Errc::not_ready, "WhatsApp's answer for the file has no url");
  if (!media_url_acceptable(config.api_base, url->get<std::string>()))
    return fail(Errc::not_ready, "WhatsApp's answer for the file names a URL the access token may not go to");
  if (const auto size = j.find("file_size"); size != j.end() && size->is_number_unsigned() &&
                                             size->get<std::uint64_t>() > max_bytes)
    return fail(Errc::invalid_field, fmt::format("the file is larger than {} MB", max_bytes / (1024 * 1024)), "media");
  auto bytes = get(url->get<std::string>(), config);
  if (!bytes) return bytes.error();
  if (bytes->status == 404) return fail(Errc::not_found, "WhatsApp no longer has this file");
  if (bytes->status != 200)
    return fail(Errc::not_ready, fmt::format("WhatsApp answered HTTP {} for the file's bytes", bytes->status));
  if (bytes->body.size() > max_bytes)
    return fail(Errc::invalid_field, fmt::format("the file is larger than {} MB", max_bytes / (1024 * 1024)), "media");
  return std::move(bytes->body);
}

}  // namespace tanggap::server
