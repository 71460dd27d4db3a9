// The catalog's look-ups and its validation. Pure (std, fmt): the JSON reader
// in events/catalog_json.cpp checks shapes and types; this file checks what
// holds across entries (uniqueness, references, target <= limit), so that a
// catalog built in code by a test gets the same checks as one read from disk.
// The enum names (unit_name, parse_privacy, ...) live in catalog_names.cpp.
#include "events/domain/catalog.h"

#include "events/domain/time.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

namespace tanggap::domain {

const ServiceType* Catalog::type(std::string_view id) const noexcept {
  for (const ServiceType& t : types)
    if (t.id == id) return &t;
  return nullptr;
}

const ServiceType* Catalog::type_by_prefix(std::string_view prefix) const noexcept {
  for (const ServiceType& t : types)
    if (t.prefix == prefix) return &t;
  return nullptr;
}

const Office* Catalog::office(std::string_view id) const noexcept {
  for (const Office& o : offices)
    if (o.id == id) return &o;
  return nullptr;
}

const Service* Catalog::service(std::string_view type_id,
                                std::string_view office_id) const noexcept {
  if (!office_id.empty()) {
    for (const Service& s : services)
      if (s.type == type_id && s.office == office_id) return &s;
    return nullptr;
  }
  // No office given: only unambiguous when a single office offers the type.
  const Service* found = nullptr;
  for (const Service& s : services) {
    if (s.type != type_id) continue;
    if (found != nullptr) return nullptr;
    found = &s;
  }
  return found;
}

namespace {

Error invalid(std::string field, std::string_view what) {
  std::string message = fmt::format("{}: {}", field, what);
  return fail(Errc::invalid_field, std::move(message), std::move(field));
}

// Ids appear in URLs (?office=), field paths and file names: keep them plain.
bool is_plain_id(std::string_view id) noexcept {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_prefix(std::string_view p) noexcept {
  return p.size() == 3 &&
         std::all_of(p.begin(), p.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

Result<void> check_type(const ServiceType& t, std::string_view path, std::set<std::string>& ids,
                        std::set<std::string>& prefixes) {
  if (!is_plain_id(t.id))
    return invalid(fmt::format("{}.id", path), "must be lower-case letters, digits and '-'");
  if (!ids.insert(t.id).second)
    return invalid(fmt::format("{}.id", path), fmt::format("type '{}' is defined twice", t.id));
  if (!is_prefix(t.prefix))
    return invalid(fmt::format("{}.prefix", path),
                   fmt::format("'{}' is not three letters A-Z", t.prefix));
  if (!prefixes.insert(t.prefix).second)
    return invalid(fmt::format("{}.prefix", path),
                   fmt::format("prefix '{}' is already used by another type", t.prefix));
  if (t.name_id.empty()) return invalid(fmt::format("{}.name_id", path), "must not be empty");
  if (t.name_en.empty()) return invalid(fmt::format("{}.name_en", path), "must not be empty");
  return {};
}

Result<void> check_office(const Office& o, std::string_view path, std::set<std::string>& ids) {
  if (!is_plain_id(o.id))
    return invalid(fmt::format("{}.id", path), "must be lower-case letters, digits and '-'");
  if (!ids.insert(o.id).second)
    return invalid(fmt::format("{}.id", path), fmt::format("office '{}' is defined twice", o.id));
  if (o.name.empty()) return invalid(fmt::format("{}.name", path), "must not be empty");
  if (!utc_offset_minutes(o.time_zone))
    return invalid(fmt::format("{}.time_zone", path),
                   fmt::format("unknown time zone '{}' (expected Asia/Jakarta, Asia/Pontianak, "
                               "Asia/Makassar, Asia/Jayapura or UTC)",
                               o.time_zone));
  if (o.calendar.empty()) return invalid(fmt::format("{}.calendar", path), "must not be empty");
  // Escalation walks officer -> head of division -> head of office (case_types.h).
  if (o.escalation_chain.size() != 3)
    return invalid(fmt::format("{}.escalation_chain", path),
                   fmt::format("must have exactly 3 levels, not {}", o.escalation_chain.size()));
  for (std::size_t i = 0; i < o.escalation_chain.size(); ++i)
    if (o.escalation_chain[i].empty())
      return invalid(fmt::format("{}.escalation_chain[{}]", path, i), "must not be empty");
  for (std::size_t i = 0; i < o.complaint_channels.size(); ++i) {
    const ComplaintChannel& c = o.complaint_channels[i];
    if (c.kind.empty())
      return invalid(fmt::format("{}.complaint_channels[{}].kind", path, i), "must not be empty");
    if (c.value.empty())
      return invalid(fmt::format("{}.complaint_channels[{}].value", path, i), "must not be empty");
  }
  return {};
}

Result<void> check_target(const Target& t, const std::string& path) {
  if (t.target.amount == 0) return invalid(path + ".target.amount", "must be greater than 0");
  if (t.limit.amount == 0) return invalid(path + ".limit.amount", "must be greater than 0");
  // Across units (working days vs calendar days) the order depends on the
  // calendar, so it is only checked where the units agree.
  if (t.target.unit == t.limit.unit && t.target.amount > t.limit.amount)
    return invalid(path + ".target",
                   fmt::format("target {} {} is beyond the limit {} {}", t.target.amount,
                               unit_name(t.target.unit), t.limit.amount, unit_name(t.limit.unit)));
  return {};
}

Result<void> check_service(const Catalog& catalog, const Service& s, const std::string& path) {
  if (catalog.type(s.type) == nullptr)
    return invalid(path + ".type", fmt::format("unknown service type '{}'", s.type));
  if (catalog.office(s.office) == nullptr)
    return invalid(path + ".office", fmt::format("unknown office '{}'", s.office));
  if (s.name_id.empty()) return invalid(path + ".name_id", "must not be empty");
  if (s.name_en.empty()) return invalid(path + ".name_en", "must not be empty");
  if (s.steps.empty()) return invalid(path + ".steps", "a service needs at least one step");
  for (std::size_t i = 0; i < s.steps.size(); ++i)
    if (s.steps[i].name.empty())
      return invalid(fmt::format("{}.steps[{}].name", path, i), "must not be empty");
  if (auto r = check_target(s.first_response, path + ".first_response"); !r) return r;
  if (auto r = check_target(s.resolution, path + ".resolution"); !r) return r;
  // UU 14/2008 Pasal 22(8) extends an information request once by 7 working
  // days; adding those to a limit counted in another unit has no meaning.
  const ServiceType* type = catalog.type(s.type);
  if (type->information_request && s.resolution.limit.unit != ClockUnit::working_days)
    return invalid(path + ".resolution.limit.unit",
                   fmt::format("an information request's limit must be in working_days (the UU "
                               "14/2008 extension adds 7 working days to it), not {}",
                               unit_name(s.resolution.limit.unit)));
  return {};
}

}  // namespace

Result<void> validate(const Catalog& catalog) {
  std::set<std::string> type_ids, prefixes, office_ids;
  for (std::size_t i = 0; i < catalog.types.size(); ++i) {
    const ServiceType& t = catalog.types[i];
    const std::string path = t.id.empty() ? fmt::format("types[{}]", i)
                                          : fmt::format("types[{}]", t.id);
    if (auto r = check_type(t, path, type_ids, prefixes); !r) return r;
  }
  if (catalog.offices.empty()) return invalid("offices", "the catalog has no office");
  for (std::size_t i = 0; i < catalog.offices.size(); ++i) {
    const Office& o = catalog.offices[i];
    const std::string path = o.id.empty() ? fmt::format("offices[{}]", i)
                                          : fmt::format("offices[{}]", o.id);
    if (auto r = check_office(o, path, office_ids); !r) return r;
  }
  std::set<std::pair<std::string, std::string>> offered;
  for (const Service& s : catalog.services) {
    const std::string path = fmt::format("services[{}/{}]", s.office, s.type);
    if (auto r = check_service(catalog, s, path); !r) return r;
    if (!offered.emplace(s.office, s.type).second)
      return invalid(path, fmt::format("office '{}' offers service type '{}' twice", s.office,
                                       s.type));
  }
  return {};
}

}  // namespace tanggap::domain
