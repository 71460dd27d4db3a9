// events/domain/catalog.h — the service catalog as plain values.
// The catalog is data (ops/catalog/*.json, read by events/catalog_json.cpp);
// this header is its shape and the look-ups the deciders need. Offices and
// service types are two levels: each office keeps its own version of a
// service, because the seed offices promise different things for the same
// kind of service (DOMAIN.md §2). Immutable once loaded: share it as
// shared_ptr<const Catalog> and read it from any thread.
#pragma once

#include "events/domain/error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tanggap::domain {

// How a duration is counted (DOMAIN.md §2, "Clock kinds").
enum class ClockUnit : std::uint8_t {
  working_minutes,  // inside office hours on working days only
  working_hours,
  working_days,     // deadline = close of office on the N-th working day
  calendar_days,    // 23:59 local on day N
  calendar_hours,   // elapsed time, 24/7
};
std::string_view unit_name(ClockUnit unit) noexcept;
std::optional<ClockUnit> parse_unit(std::string_view name) noexcept;

// One duration with its unit: "22 hari kerja" is {22, working_days}.
struct Duration {
  std::uint32_t amount = 0;
  ClockUnit unit = ClockUnit::working_days;
};

// A promise: `target` is the internal aim (amber after it), `limit` the legal
// or SOP maximum (a breach after it). Either may use its own unit.
struct Target {
  Duration target;
  Duration limit;
  std::string source_text;  // the SOP's words, verbatim ("paling lama 7-15 hari kerja")
};

enum class Privacy : std::uint8_t { public_, confidential, anonymous };
std::string_view privacy_name(Privacy p) noexcept;
std::optional<Privacy> parse_privacy(std::string_view name) noexcept;

struct ProcedureStep {
  std::string name;                  // Bahasa Indonesia, as the office writes it
  std::vector<std::string> details;  // sub-items the seed flattened into steps
  bool external = false;             // done by another agency (Kemensos, Dinkes)
};

struct ServiceType {
  std::string id;       // "pengaduan"
  std::string prefix;   // "ADU": three letters A-Z, unique, never reused
  std::string name_id;  // Bahasa Indonesia
  std::string name_en;
  Privacy default_privacy = Privacy::public_;
  bool information_request = false;  // the UU 14/2008 rules apply (extend, outcome, object)
  bool objection = false;            // a KBR objection to the PPID's superior
  bool allows_anonymous = true;      // INF and KBR: the law wants name and address
};

struct Service {
  std::string type;  // ServiceType::id
  std::string office;
  std::string name_id;
  std::string name_en;
  std::string sk_number;  // the decree fixing the standard; may be empty
  std::vector<std::string> requirements;
  std::vector<ProcedureStep> steps;
  Target first_response;
  Target resolution;
  std::string cost;     // "Tidak dipungut biaya"
  std::string product;
  std::vector<std::string> notes;  // shown to citizens (e.g. "usulan tidak otomatis menjadi penerima")
};

struct ComplaintChannel {
  std::string kind;   // "whatsapp", "website", "lapor", "email", "phone", "in_person", ...
  std::string value;  // address, number or URL, as published
  std::string note;   // e.g. "nomor tidak valid di sumber"
};

struct Office {
  std::string id;  // "kab-lumajang"
  std::string name;
  std::string address;
  std::string phone;
  std::string website;
  std::string time_zone;  // IANA name: Asia/Jakarta, Asia/Makassar, Asia/Jayapura
  std::string calendar;   // calendar id under ops/calendar/ (SLA issue)
  std::vector<ComplaintChannel> complaint_channels;
  std::vector<std::string> escalation_chain;  // level 0, 1, 2: officer, head of division, head of office
};

struct Catalog {
  std::vector<ServiceType> types;
  std::vector<Office> offices;
  std::vector<Service> services;

  const ServiceType* type(std::string_view id) const noexcept;
  const ServiceType* type_by_prefix(std::string_view prefix) const noexcept;
  const Office* office(std::string_view id) const noexcept;
  // The office's version of a service type. When `office` is empty and exactly
  // one office offers the type, that one; otherwise nullptr.
  const Service* service(std::string_view type_id, std::string_view office_id) const noexcept;
};

// Checks what the JSON reader cannot: unique ids and prefixes, known units,
// target <= limit where the units agree, every service's type and office
// known, steps present. The error's `field` names the offending path,
// e.g. "services[kab-lumajang/usulan-dtsen].resolution.limit".
Result<void> validate(const Catalog& catalog);

}  // namespace tanggap::domain
