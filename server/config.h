// server/config.h — the configuration of CONTRACT.md §2.
// Built-in defaults, then the JSON file (unknown keys are an error naming the
// key, a value of the wrong kind too), then TANGGAP_<SECTION>_<KEY>
// environment variables (secrets belong there, not in the file).
// A Config is immutable after loading: share it as shared_ptr<const Config>.
#pragma once

#include "events/domain/error.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tanggap::server {

struct WhatsAppConfig {
  bool enabled = false;
  std::string verify_token, app_secret, access_token, phone_number_id;
  std::string api_base = "https://graph.facebook.com/v21.0";
  std::string status_template = "case_status_update";
  std::uint32_t send_concurrency = 16;  // requests to the Graph API in flight at once
};
struct TelegramConfig {
  bool enabled = false;
  std::string secret_token, bot_token;
  std::string api_base = "https://api.telegram.org";
};
struct SmtpConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 25;
  bool starttls = false;
};
struct EmailConfig {
  bool enabled = false;
  std::string gateway_token;
  std::string address = "pengaduan@example.go.id";
  SmtpConfig smtp;
};
struct Limits {
  std::uint64_t max_body_bytes = 1048576;
  std::uint32_t max_connections = 10000;
  std::uint32_t idle_timeout_s = 30;
  // A citizen's multipart submission with photos (POST /api/v1/cases, POST /lapor).
  std::uint64_t max_upload_bytes = 12 * 1024 * 1024;
  // Public submissions per client address: a token bucket refilled at this
  // rate, holding at most `submission_burst`. 0 per minute turns it off.
  std::uint32_t submissions_per_minute = 6;
  std::uint32_t submission_burst = 10;
};

struct SlaConfig {
  // How often the SLA monitor looks for warnings and breaches that came due.
  std::uint32_t monitor_interval_s = 30;
};

// The citizen bot on the chat channels (bots/).
struct BotConfig {
  // With whatsapp.enabled: answer citizens (false: officers' replies and
  // notices only, for an office that answers every message by hand).
  bool enabled = true;
  std::string texts_dir = "ops/texts";  // id.json and en.json: every word the bot says
  // The office whose services the bot offers (one WhatsApp number serves one
  // office); empty: the catalog's only office, or its first with a warning.
  std::string office;
  // After an officer resolves a case the bot asks the citizen to confirm;
  // without an answer for this many working days the case is closed
  // (LAPOR!'s rule, DOMAIN.md: 10 working days).
  std::uint32_t confirmation_working_days = 10;
};

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./var/tanggap";
  std::string time_zone = "Asia/Jakarta";
  std::string catalog_dir = "ops/catalog";
  std::string calendar_dir = "ops/calendar";  // office hours and holidays (ops/calendar/README.md)
  std::string durability = "sync";  // "sync" or "async"
  WhatsAppConfig whatsapp;
  TelegramConfig telegram;
  EmailConfig email;
  Limits limits;
  SlaConfig sla;
  BotConfig bot;
  // Peers whose X-Forwarded-For is believed (the TLS-terminating proxy): the
  // rate limit then counts the citizen's address, not the proxy's.
  std::vector<std::string> trusted_proxies = {"127.0.0.1", "::1"};
};

// HOST:PORT with a numeric port (0 picks a free one), so nothing later has to doubt it.
Result<void> check_listen(std::string_view listen);

// Reads an environment variable; injectable so tests need not touch the process's.
using Getenv = std::function<std::optional<std::string>(const std::string& name)>;
Getenv process_environment();

// `file` empty: defaults and environment only. Errors name the file and key.
Result<Config> load_config(const std::optional<std::string>& file, const Getenv& getenv);
// The same from JSON text (tests, fuzzing); `origin` names it in errors.
Result<Config> parse_config(std::string_view json_text, std::string_view origin, const Getenv& getenv);

}  // namespace tanggap::server
