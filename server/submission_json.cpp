// server/submission_json.cpp — see submission_json.h.
#include "server/submission_json.h"

#include "events/domain/nik.h"
#include "events/domain/phone.h"
#include "server/json_body.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

namespace {

Result<void> only_keys(const json& object, std::initializer_list<std::string_view> keys, std::string_view prefix) {
  return only_known_keys(object, keys, prefix, "a case");
}

}  // namespace

Result<d::Submit> read_submission(const json& body, bool staff) {
  auto keys = only_keys(body, {"service", "office", "title", "body", "reporter", "privacy", "location", "occurred_on", "channel"}, "");
  if (!keys) return keys.error();
  d::Submit s;
  auto str = [&](const json& o, const char* key, const std::string& path, std::string& out) -> Result<void> {
    auto v = string_field(o, key, path);
    if (!v) return v.error();
    out = std::move(*v);
    return {};
  };
  for (auto [key, out] : {std::pair{"service", &s.service}, {"office", &s.office}, {"title", &s.title},
                          {"body", &s.body}, {"occurred_on", &s.occurred_on}}) {
    auto r = str(body, key, key, *out);
    if (!r) return r.error();
  }
  if (s.service.empty()) return fail(Errc::invalid_field, "service is required: an id from GET /api/v1/services", "service");

  std::string privacy;
  if (auto r = str(body, "privacy", "privacy", privacy); !r) return r.error();
  if (!privacy.empty()) {
    auto p = d::parse_privacy(privacy);
    if (!p) return fail(Errc::invalid_field, "privacy must be public, confidential or anonymous", "privacy");
    s.privacy = *p;
    s.privacy_given = true;
  }

  std::string channel;
  if (auto r = str(body, "channel", "channel", channel); !r) return r.error();
  if (staff) {
    // Staff take cases in person or by phone; other channels arrive by their own routes.
    s.channel = channel == "phone" ? d::Channel::phone : d::Channel::walk_in;
    if (!channel.empty() && channel != "phone" && channel != "walk_in")
      return fail(Errc::invalid_field, "channel must be walk_in or phone", "channel");
  } else {
    if (!channel.empty() && channel != "web")
      return fail(Errc::invalid_field, "a citizen submits on the web channel", "channel");
    s.channel = d::Channel::web;
  }

  auto reporter = object_field(body, "reporter", "reporter");
  if (!reporter) return reporter.error();
  if (*reporter) {
    const json& r = **reporter;
    if (auto k = only_keys(r, {"name", "phone", "email", "nik"}, "reporter"); !k) return k.error();
    std::string phone, nik;
    for (auto [key, out] : {std::pair{"name", &s.reporter.name}, {"email", &s.reporter.email}, {"phone", &phone}, {"nik", &nik}}) {
      auto got = str(r, key, std::string("reporter.") + key, *out);
      if (!got) return got.error();
    }
    if (!phone.empty()) {
      auto normal = d::normalize_phone(phone);
      if (!normal) return normal.error();
      s.reporter.phone = normal->e164;
    }
    if (!nik.empty()) {
      auto checked = d::check_nik(nik);
      if (!checked) return checked.error();
      s.reporter.nik = checked->digits;
    }
    if (!s.reporter.email.empty() && (s.reporter.email.size() > 254 || s.reporter.email.find('@') == std::string::npos ||
                                      s.reporter.email.find_first_of(" \t\r\n<>") != std::string::npos))
      return fail(Errc::invalid_field, "reporter.email is not an e-mail address", "reporter.email");
  }
  auto location = object_field(body, "location", "location");
  if (!location) return location.error();
  if (*location) {
    const json& l = **location;
    if (auto k = only_keys(l, {"text", "lat", "lon"}, "location"); !k) return k.error();
    if (auto r = str(l, "text", "location.text", s.location.text); !r) return r.error();
    auto lat = number_field(l, "lat", "location.lat");
    if (!lat) return lat.error();
    auto lon = number_field(l, "lon", "location.lon");
    if (!lon) return lon.error();
    if ((*lat && !std::isfinite(**lat)) || (*lon && !std::isfinite(**lon)))
      return fail(Errc::invalid_field, "location must be finite coordinates", "location");
    s.location.lat = *lat;
    s.location.lon = *lon;
  }
  return s;
}


}  // namespace tanggap::server
