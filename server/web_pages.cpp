// server/web_pages.cpp — see web_pages.h.
#include "server/web_pages.h"

#include "events/domain/case_types.h"
#include "events/domain/nik.h"
#include "events/domain/phone.h"
#include "server/id_format.h"

#include <fmt/format.h>

namespace tanggap::server {

using nlohmann::json;
namespace d = tanggap::domain;

namespace {

// Mustache reads a dot as a path: "reporter.name" is kept as "reporter_name".
std::string key_of(std::string_view field) {
  std::string key(field);
  for (auto& c : key)
    if (c == '.') c = '_';
  return key;
}

std::string_view value_of(const TypedValues& typed, std::string_view field) {
  const auto it = typed.find(field);
  return it == typed.end() ? std::string_view{} : std::string_view(it->second);
}

std::string duration_text(const d::Duration& x) {
  std::string_view unit;
  switch (x.unit) {
    case d::ClockUnit::working_minutes: unit = "menit kerja"; break;
    case d::ClockUnit::working_hours: unit = "jam kerja"; break;
    case d::ClockUnit::working_days: unit = "hari kerja"; break;
    case d::ClockUnit::calendar_days: unit = "hari"; break;
    case d::ClockUnit::calendar_hours: unit = "jam"; break;
  }
  return fmt::format("{} {}", x.amount, unit);
}

// The order the form shows its fields in, for the list of mistakes on top.
constexpr std::string_view form_fields[] = {"layanan",        "title",          "body",         "occurred_on",
                                            "location.text",  "privacy",        "reporter.name", "reporter.phone",
                                            "reporter.email", "reporter.nik",   "attachments"};

std::string_view field_label(std::string_view field) {
  if (field == "layanan") return "Layanan";
  if (field == "title") return "Judul laporan";
  if (field == "body") return "Isi laporan";
  if (field == "occurred_on") return "Tanggal kejadian";
  if (field == "location.text") return "Lokasi";
  if (field == "privacy") return "Kerahasiaan";
  if (field == "reporter.name") return "Nama";
  if (field == "reporter.phone") return "Nomor telepon/WhatsApp";
  if (field == "reporter.email") return "Email";
  if (field == "reporter.nik") return "NIK";
  if (field == "attachments") return "Lampiran";
  return field;
}

json service_json(const d::Catalog& catalog, const d::Service& s) {
  const auto* type = catalog.type(s.type);
  const auto* office = catalog.office(s.office);
  json steps = json::array();
  for (std::size_t i = 0; i < s.steps.size(); ++i) steps.push_back({{"n", i + 1}, {"name", s.steps[i].name}});
  return {{"value", service_choice(s.office, s.type)},
          {"name", s.name_id},
          {"office_name", office ? office->name : s.office},
          {"requirements", s.requirements},
          {"steps", std::move(steps)},
          {"first_response", duration_text(s.first_response.target)},
          {"resolution", duration_text(s.resolution.target)},
          {"resolution_limit", duration_text(s.resolution.limit)},
          {"cost", s.cost.empty() ? "Tidak dipungut biaya" : s.cost},
          {"product", s.product},
          {"notes", s.notes},
          {"anonymous_allowed", type ? type->allows_anonymous : true}};
}

}  // namespace

std::string service_choice(std::string_view office, std::string_view service) {
  return fmt::format("{}/{}", office, service);
}

json lapor_page_data(const d::Catalog& catalog, const TypedValues& typed, const FieldErrors& errors,
                     const std::string& form_key, const std::string& page_error) {
  const std::string_view chosen = value_of(typed, "layanan");
  json offices = json::array();
  json services = json::array();
  for (const auto& office : catalog.offices) {
    json options = json::array();
    for (const auto& s : catalog.services) {
      if (s.office != office.id) continue;
      const std::string value = service_choice(s.office, s.type);
      options.push_back({{"value", value}, {"name", s.name_id}, {"selected", value == chosen}});
      json info = service_json(catalog, s);
      info["chosen"] = value == chosen;
      services.push_back(std::move(info));
    }
    if (!options.empty()) offices.push_back({{"name", office.name}, {"services", std::move(options)}});
  }
  json values = json::object();
  for (const auto field : form_fields) values[key_of(field)] = std::string(value_of(typed, field));
  std::string privacy(value_of(typed, "privacy"));
  if (privacy.empty()) privacy = "public";
  json err = json::object();
  json list = json::array();
  for (const auto field : form_fields) {
    const auto it = errors.find(field);
    if (it == errors.end()) continue;
    err[key_of(field)] = it->second;
    list.push_back({{"id", "f-" + key_of(field)}, {"label", field_label(field)}, {"message", it->second}});
  }
  return {{"page_title", "Sampaikan Laporan"},
          {"offices", std::move(offices)},
          {"services", std::move(services)},
          {"v", std::move(values)},
          {"privacy_public", privacy == "public"},
          {"privacy_confidential", privacy == "confidential"},
          {"privacy_anonymous", privacy == "anonymous"},
          {"err", std::move(err)},
          {"errors", std::move(list)},
          {"has_errors", !errors.empty()},
          {"page_error", page_error.empty() ? json(nullptr) : json(page_error)},
          {"form_key", form_key},
          {"max_files", d::max_attachments_per_case}};
}

json lapor_sent_data(const json& submitted, const d::Catalog& catalog, std::string_view service, std::string_view office) {
  const auto* s = catalog.service(service, office);
  const std::string id = submitted.value("id", "");
  // null for a submission the log took for a repeat: never throw on it.
  const auto code_it = submitted.find("tracking_code");
  const std::string code = code_it != submitted.end() && code_it->is_string() ? code_it->get<std::string>() : "";
  const auto due = [&](const char* key) {
    const auto it = submitted.find(key);
    return it != submitted.end() && it->is_string() ? json(tanggal_waktu(it->get<std::string>())) : json(nullptr);
  };
  return {{"page_title", "Laporan Terkirim"},
          {"id", id},
          {"tracking_code", code},
          {"service_name", s ? s->name_id : std::string(service)},
          {"first_response_due", due("first_response_due")},
          {"resolution_due", due("resolution_due")},
          {"track_href", fmt::format("/lacak?id={}&code={}", id, code)}};
}

json lacak_page_data(const d::Catalog& catalog, std::string_view id, std::string_view code, const json* view,
                     bool not_found) {
  json data = {{"page_title", "Lacak Laporan"}, {"id", id}, {"code", code}, {"not_found", not_found}, {"case", nullptr}};
  if (!view) return data;
  const json& v = *view;
  const std::string status = v.value("status", "");
  const std::string service_id = v.value("service", "");
  const std::string office_id = v.value("office", "");
  const auto* service = catalog.service(service_id, office_id);
  const auto* office = catalog.office(office_id);
  const json& step = v.contains("step") ? v["step"] : json::object();
  const std::size_t total = step.value("total", 0u);
  // Receipt is the first step of every procedure: before an officer moves the
  // case on, it stands at step 1.
  const std::size_t index = std::max<std::size_t>(1, step.value("index", 0u));
  json steps = json::array();
  if (service)
    for (std::size_t i = 0; i < service->steps.size(); ++i)
      steps.push_back({{"n", i + 1}, {"name", service->steps[i].name}, {"done", i + 1 < index}, {"current", i + 1 == index}});
  std::string step_name = step.value("name", "");
  if (step_name.empty() && service && index <= service->steps.size()) step_name = service->steps[index - 1].name;
  json timeline = json::array();
  if (v.contains("timeline") && v["timeline"].is_array()) {
    for (const auto& e : v["timeline"]) {
      const std::string kind = e.value("kind", "");
      std::string title;
      if (kind == "reply") title = "Tanggapan petugas";
      else if (kind == "extended") title = "Batas waktu diperpanjang 7 hari kerja";
      else if (kind == "step")
        title = fmt::format("Langkah {} dari {}: {}", e["step"].value("index", 0u), e["step"].value("total", 0u),
                            e["step"].value("name", ""));
      else title = std::string(status_label(e.value("status", "")));
      timeline.insert(timeline.begin(), json{{"when", tanggal_waktu(e.value("at", ""))},
                                             {"title", title},
                                             {"text", e.value("text", "")},
                                             {"reply", kind == "reply"}});
    }
  }
  const bool open = status == "received" || status == "in_progress" || status == "waiting_for_citizen";
  const auto due = [&](const char* key) {
    return open && v.contains(key) && v[key].is_string() ? json(tanggal_waktu(v[key].get<std::string>())) : json(nullptr);
  };
  data["case"] = {{"id", v.value("id", "")},
                  {"service_name", v.value("service_name", service_id)},
                  {"office_name", office ? office->name : office_id},
                  {"status", status},
                  {"status_label", status_label(status)},
                  {"status_explained", status_explained(status)},
                  {"step_text", total > 0 ? json(fmt::format("Langkah {} dari {}: {}", std::min(index, total), total, step_name))
                                          : json(nullptr)},
                  {"steps", std::move(steps)},
                  {"submitted_at", tanggal_waktu(v.value("submitted_at", ""))},
                  {"updated_at", tanggal_waktu(v.value("updated_at", ""))},
                  {"first_response_due", due("first_response_due")},
                  {"resolution_due", due("resolution_due")},
                  {"timeline", std::move(timeline)}};
  return data;
}

FieldErrors precheck_form(const TypedValues& typed, const d::Catalog& catalog) {
  FieldErrors errors;
  const auto given = [&](std::string_view field) {
    const auto v = value_of(typed, field);
    return v.find_first_not_of(" \t\r\n") != std::string_view::npos;
  };
  const auto choice = value_of(typed, "layanan");
  const auto slash = choice.find('/');
  const d::Service* service =
      slash == std::string_view::npos ? nullptr : catalog.service(choice.substr(slash + 1), choice.substr(0, slash));
  if (!service) errors["layanan"] = "Pilih layanan yang sesuai dengan laporan Anda.";
  if (!given("title")) errors["title"] = "Tulis judul laporan Anda.";
  if (!given("body")) errors["body"] = "Ceritakan apa yang terjadi.";
  const auto privacy = value_of(typed, "privacy");
  if (!privacy.empty() && !d::parse_privacy(privacy)) errors["privacy"] = "Pilih salah satu: terbuka, rahasia atau anonim.";
  const bool anonymous = privacy == "anonymous";
  if (anonymous && service) {
    const auto* type = catalog.type(service->type);
    if (type && !type->allows_anonymous)
      errors["privacy"] = "Layanan ini tidak dapat diajukan tanpa nama: undang-undang mewajibkan nama dan alamat pemohon.";
  }
  if (!anonymous && !given("reporter.name"))
    errors["reporter.name"] = "Tulis nama Anda, atau pilih \"Anonim\" bila tidak ingin menyebut nama.";
  if (given("reporter.phone") && !d::normalize_phone(value_of(typed, "reporter.phone")))
    errors["reporter.phone"] = pesan_kesalahan(Error{Errc::invalid_field, "", "reporter.phone"});
  if (given("reporter.nik") && !anonymous && !d::check_nik(value_of(typed, "reporter.nik")))
    errors["reporter.nik"] = pesan_kesalahan(Error{Errc::invalid_field, "", "reporter.nik"});
  const auto email = value_of(typed, "reporter.email");
  if (given("reporter.email") && (email.find('@') == std::string_view::npos || email.find(' ') != std::string_view::npos))
    errors["reporter.email"] = pesan_kesalahan(Error{Errc::invalid_field, "", "reporter.email"});
  return errors;
}

}  // namespace tanggap::server
