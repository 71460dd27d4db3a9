#include "server/config.h"

#include "events/domain/time.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tanggap::server {

using nlohmann::json;

namespace {

// The defaults as a JSON document: it is also the schema. A key not in it is
// unknown; a value must have its default's kind.
json defaults_document() {
  const Config c;
  return json{
      {"listen", c.listen},
      {"data_dir", c.data_dir},
      {"time_zone", c.time_zone},
      {"catalog_dir", c.catalog_dir},
      {"calendar_dir", c.calendar_dir},
      {"durability", c.durability},
      {"whatsapp", {{"enabled", c.whatsapp.enabled}, {"verify_token", ""}, {"app_secret", ""}, {"access_token", ""},
                    {"phone_number_id", ""}, {"api_base", c.whatsapp.api_base},
                    {"status_template", c.whatsapp.status_template},
                    {"send_concurrency", c.whatsapp.send_concurrency}}},
      {"telegram", {{"enabled", c.telegram.enabled}, {"secret_token", ""}, {"bot_token", ""},
                    {"api_base", c.telegram.api_base}}},
      {"email", {{"enabled", c.email.enabled}, {"gateway_token", ""}, {"address", c.email.address},
                 {"smtp", {{"host", c.email.smtp.host}, {"port", c.email.smtp.port}, {"starttls", c.email.smtp.starttls}}}}},
      {"limits", {{"max_body_bytes", c.limits.max_body_bytes}, {"max_connections", c.limits.max_connections},
                  {"idle_timeout_s", c.limits.idle_timeout_s}, {"max_upload_bytes", c.limits.max_upload_bytes},
                  {"submissions_per_minute", c.limits.submissions_per_minute},
                  {"submission_burst", c.limits.submission_burst}}},
      {"sla", {{"monitor_interval_s", c.sla.monitor_interval_s}}},
      {"bot", {{"enabled", c.bot.enabled}, {"texts_dir", c.bot.texts_dir}, {"office", c.bot.office},
               {"confirmation_working_days", c.bot.confirmation_working_days}}},
      {"trusted_proxies", c.trusted_proxies},
  };
}

std::string kind_of(const json& j) {
  if (j.is_boolean()) return "true or false";
  if (j.is_number_unsigned() || j.is_number_integer()) return "a whole number";
  if (j.is_string()) return "a string";
  if (j.is_object()) return "an object";
  if (j.is_array()) return "a list of strings";
  return j.type_name();
}

bool same_kind(const json& want, const json& have) {
  if (want.is_number_unsigned() || want.is_number_integer()) return have.is_number_unsigned();
  if (want.is_array())
    return have.is_array() && std::all_of(have.begin(), have.end(), [](const json& e) { return e.is_string(); });
  return want.type() == have.type();
}

// Merges `overlay` into `base`, refusing what the schema does not know.
Result<void> merge(json& base, const json& overlay, const std::string& path, std::string_view origin) {
  for (auto it = overlay.begin(); it != overlay.end(); ++it) {
    const std::string key = path.empty() ? it.key() : path + "." + it.key();
    auto target = base.find(it.key());
    if (target == base.end()) return fail(Errc::invalid_field, fmt::format("{}: unknown key '{}'", origin, key), key);
    if (target->is_object()) {
      if (!it->is_object()) return fail(Errc::invalid_field, fmt::format("{}: '{}' must be an object", origin, key), key);
      auto r = merge(*target, *it, key, origin);
      if (!r) return r;
    } else {
      if (!same_kind(*target, *it))
        return fail(Errc::invalid_field, fmt::format("{}: '{}' must be {}", origin, key, kind_of(*target)), key);
      *target = *it;
    }
  }
  return {};
}

// TANGGAP_<PATH> with dots as underscores, upper case: whatsapp.app_secret → TANGGAP_WHATSAPP_APP_SECRET.
Result<void> apply_environment(json& node, const std::string& path, const Getenv& getenv) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = path.empty() ? it.key() : path + "." + it.key();
    if (it->is_object()) {
      auto r = apply_environment(*it, key, getenv);
      if (!r) return r;
      continue;
    }
    std::string name = "TANGGAP_";
    for (char c : key) name.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    const auto value = getenv(name);
    if (!value) continue;
    if (it->is_boolean()) {
      if (*value == "true" || *value == "1") *it = true;
      else if (*value == "false" || *value == "0") *it = false;
      else return fail(Errc::invalid_field, fmt::format("{} must be true or false", name), key);
    } else if (it->is_array()) {
      // A comma-separated list: TANGGAP_TRUSTED_PROXIES=10.0.0.2,10.0.0.3
      json list = json::array();
      std::string_view rest = *value;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string item(rest.substr(0, comma));
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty()) list.push_back(item);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
      *it = std::move(list);
    } else if (it->is_number()) {
      char* end = nullptr;
      errno = 0;
      const unsigned long long n = std::strtoull(value->c_str(), &end, 10);
      if (value->empty() || *end != '\0' || errno != 0 || (*value)[0] == '-')
        return fail(Errc::invalid_field, fmt::format("{} must be a whole number", name), key);
      *it = n;
    } else {
      *it = *value;
    }
  }
  return {};
}

template <class T>
Result<T> narrow(const json& j, std::string_view key, T max) {
  const auto v = j.get<std::uint64_t>();
  if (v > static_cast<std::uint64_t>(max)) return fail(Errc::invalid_field, fmt::format("{} is too large", key), std::string(key));
  return static_cast<T>(v);
}

Result<Config> to_config(const json& j) {
  Config c;
  c.listen = j["listen"].get<std::string>();
  c.data_dir = j["data_dir"].get<std::string>();
  c.time_zone = j["time_zone"].get<std::string>();
  c.catalog_dir = j["catalog_dir"].get<std::string>();
  c.calendar_dir = j["calendar_dir"].get<std::string>();
  c.durability = j["durability"].get<std::string>();
  if (auto listen = check_listen(c.listen); !listen) return listen.error();
  if (c.durability != "sync" && c.durability != "async")
    return fail(Errc::invalid_field, "durability must be \"sync\" or \"async\"", "durability");
  if (!domain::utc_offset_minutes(c.time_zone))
    return fail(Errc::invalid_field, fmt::format("time_zone '{}' is not an Indonesian zone (Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura)", c.time_zone), "time_zone");
  const auto& wa = j["whatsapp"];
  c.whatsapp = {wa["enabled"].get<bool>(), wa["verify_token"].get<std::string>(), wa["app_secret"].get<std::string>(),
                wa["access_token"].get<std::string>(), wa["phone_number_id"].get<std::string>(),
                wa["api_base"].get<std::string>(), wa["status_template"].get<std::string>()};
  auto concurrency = narrow<std::uint32_t>(wa["send_concurrency"], "whatsapp.send_concurrency", 256);
  if (!concurrency) return concurrency.error();
  if (*concurrency == 0)
    return fail(Errc::invalid_field, "whatsapp.send_concurrency must be at least 1", "whatsapp.send_concurrency");
  c.whatsapp.send_concurrency = *concurrency;
  const auto& tg = j["telegram"];
  c.telegram = {tg["enabled"].get<bool>(), tg["secret_token"].get<std::string>(), tg["bot_token"].get<std::string>(),
                tg["api_base"].get<std::string>()};
  const auto& em = j["email"];
  c.email.enabled = em["enabled"].get<bool>();
  c.email.gateway_token = em["gateway_token"].get<std::string>();
  c.email.address = em["address"].get<std::string>();
  c.email.smtp.host = em["smtp"]["host"].get<std::string>();
  auto port = narrow<std::uint16_t>(em["smtp"]["port"], "email.smtp.port", 65535);
  if (!port) return port.error();
  c.email.smtp.port = *port;
  c.email.smtp.starttls = em["smtp"]["starttls"].get<bool>();
  const auto& lim = j["limits"];
  c.limits.max_body_bytes = lim["max_body_bytes"].get<std::uint64_t>();
  auto conns = narrow<std::uint32_t>(lim["max_connections"], "limits.max_connections", 1'000'000);
  if (!conns) return conns.error();
  c.limits.max_connections = *conns;
  auto idle = narrow<std::uint32_t>(lim["idle_timeout_s"], "limits.idle_timeout_s", 86'400);
  if (!idle) return idle.error();
  c.limits.idle_timeout_s = *idle;
  c.limits.max_upload_bytes = lim["max_upload_bytes"].get<std::uint64_t>();
  auto per_minute = narrow<std::uint32_t>(lim["submissions_per_minute"], "limits.submissions_per_minute", 1'000'000);
  if (!per_minute) return per_minute.error();
  c.limits.submissions_per_minute = *per_minute;
  auto burst = narrow<std::uint32_t>(lim["submission_burst"], "limits.submission_burst", 1'000'000);
  if (!burst) return burst.error();
  c.limits.submission_burst = *burst;
  if (c.limits.max_body_bytes == 0 || c.limits.max_connections == 0 || c.limits.idle_timeout_s == 0 ||
      c.limits.max_upload_bytes == 0)
    return fail(Errc::invalid_field, "limits must be greater than 0", "limits");
  if (c.limits.submissions_per_minute > 0 && c.limits.submission_burst == 0)
    return fail(Errc::invalid_field, "limits.submission_burst must be at least 1 while the rate limit is on",
                "limits.submission_burst");
  c.trusted_proxies = j["trusted_proxies"].get<std::vector<std::string>>();
  for (const auto& proxy : c.trusted_proxies)
    if (proxy.empty() || proxy.size() > 45 || proxy.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
      return fail(Errc::invalid_field, fmt::format("trusted_proxies: '{}' is not an IP address", proxy), "trusted_proxies");
  auto interval = narrow<std::uint32_t>(j["sla"]["monitor_interval_s"], "sla.monitor_interval_s", 3'600);
  if (!interval) return interval.error();
  if (*interval == 0) return fail(Errc::invalid_field, "sla.monitor_interval_s must be greater than 0", "sla.monitor_interval_s");
  c.sla.monitor_interval_s = *interval;
  c.bot.enabled = j["bot"]["enabled"].get<bool>();
  c.bot.texts_dir = j["bot"]["texts_dir"].get<std::string>();
  c.bot.office = j["bot"]["office"].get<std::string>();
  auto confirm_days = narrow<std::uint32_t>(j["bot"]["confirmation_working_days"], "bot.confirmation_working_days", 365);
  if (!confirm_days) return confirm_days.error();
  if (*confirm_days == 0)
    return fail(Errc::invalid_field, "bot.confirmation_working_days must be at least 1", "bot.confirmation_working_days");
  c.bot.confirmation_working_days = *confirm_days;
  return c;
}

}  // namespace

Result<void> check_listen(std::string_view listen) {
  const auto colon = listen.rfind(':');
  const std::string port = colon == std::string_view::npos ? "" : std::string(listen.substr(colon + 1));
  if (colon == 0 || colon == std::string_view::npos || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535)
    return fail(Errc::invalid_field, fmt::format("listen '{}' must be HOST:PORT", listen), "listen");
  return {};
}

Getenv process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<Config> parse_config(std::string_view text, std::string_view origin, const Getenv& getenv) {
  json doc = defaults_document();
  if (!text.empty()) {
    const json overlay = json::parse(text, nullptr, false);
    if (overlay.is_discarded() || !overlay.is_object())
      return fail(Errc::malformed, fmt::format("{}: not a JSON object", origin));
    auto merged = merge(doc, overlay, "", origin);
    if (!merged) return merged.error();
  }
  auto env = apply_environment(doc, "", getenv);
  if (!env) return env.error();
  return to_config(doc);
}

Result<Config> load_config(const std::optional<std::string>& file, const Getenv& getenv) {
  if (!file) return parse_config({}, "defaults", getenv);
  std::ifstream in(*file, std::ios::binary);
  if (!in) return fail(Errc::not_found, fmt::format("cannot read the config file {}", *file));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), *file, getenv);
}

}  // namespace tanggap::server
