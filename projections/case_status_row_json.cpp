// projections/case_status_row_json.cpp — the case status row as stored JSON.
// Short keys: a row is rewritten on every event of its case, and a year of a
// busy office holds a million of them.
#include "projections/case_status_view.h"

#include <nlohmann/json.hpp>

namespace tanggap::projections {

using nlohmann::json;
using domain::Instant;

namespace {

json instant(const std::optional<Instant>& t) {
  if (!t) return nullptr;
  return t->time_since_epoch().count();
}

std::optional<Instant> read_instant(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return Instant{std::chrono::milliseconds{it->get<std::int64_t>()}};
}

template <class T>
T read(const json& j, const char* key, T fallback) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

}  // namespace

std::string encode_row(const CaseStatusRow& row) {
  const auto& s = row.state;
  json j = {
      {"st", domain::status_name(s.status)},
      {"id", s.case_id},
      {"sv", s.service},
      {"of", s.office},
      {"ch", domain::channel_name(s.channel)},
      {"pv", domain::privacy_name(s.privacy)},
      {"ir", s.information_request},
      {"sp", s.step},
      {"sn", s.step_total},
      {"un", s.unit},
      {"ao", s.officer},
      {"el", s.escalation_level},
      {"ro", s.reopen_count},
      {"ex", s.extended},
      {"ob", s.objection_filed},
      {"oc", s.outcome ? json(domain::outcome_name(*s.outcome)) : json(nullptr)},
      {"sa", instant(s.submitted_at)},
      {"fr", instant(s.first_response_at)},
      {"ra", instant(s.resolved_at)},
      {"ua", instant(s.updated_at)},
      {"ev", s.events},
      {"ti", row.title},
      {"stn", row.step_name},
      {"tc", row.tracking_code_hash},
      {"v", row.version},
      {"p", row.position},
  };
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<CaseStatusRow> decode_row(std::string_view bytes) {
  const json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(Errc::storage_failed, "a case status row is not JSON");
  try {
    CaseStatusRow row;
    auto& s = row.state;
    s.status = domain::parse_status(read<std::string>(j, "st", "none")).value_or(domain::CaseStatus::none);
    s.case_id = read<std::string>(j, "id", "");
    s.service = read<std::string>(j, "sv", "");
    s.office = read<std::string>(j, "of", "");
    s.channel = domain::parse_channel(read<std::string>(j, "ch", "web")).value_or(domain::Channel::web);
    s.privacy = domain::parse_privacy(read<std::string>(j, "pv", "public")).value_or(domain::Privacy::public_);
    s.information_request = read<bool>(j, "ir", false);
    s.step = read<std::uint32_t>(j, "sp", 0);
    s.step_total = read<std::uint32_t>(j, "sn", 0);
    s.unit = read<std::string>(j, "un", "");
    s.officer = read<std::string>(j, "ao", "");
    s.escalation_level = read<std::uint32_t>(j, "el", 0);
    s.reopen_count = read<std::uint32_t>(j, "ro", 0);
    s.extended = read<bool>(j, "ex", false);
    s.objection_filed = read<bool>(j, "ob", false);
    if (auto it = j.find("oc"); it != j.end() && it->is_string()) s.outcome = domain::parse_outcome(it->get<std::string>());
    s.submitted_at = read_instant(j, "sa");
    s.first_response_at = read_instant(j, "fr");
    s.resolved_at = read_instant(j, "ra");
    s.updated_at = read_instant(j, "ua");
    s.events = read<std::uint64_t>(j, "ev", 0);
    row.title = read<std::string>(j, "ti", "");
    row.step_name = read<std::string>(j, "stn", "");
    row.tracking_code_hash = read<std::string>(j, "tc", "");
    row.version = read<std::uint64_t>(j, "v", 0);
    row.position = read<std::uint64_t>(j, "p", 0);
    return row;
  } catch (const json::exception& e) {
    // Rows are ours, so this is damage on disk; a rebuild rewrites them.
    return fail(Errc::storage_failed, std::string("a case status row is damaged: ") + e.what());
  }
}

}  // namespace tanggap::projections
