// Reads the catalog files and writes the public catalog document.
// The reader is one `read(json, where, out)` overload per catalog type, each
// returning Result<void>: `where` carries the file and the field path, so every
// error can say exactly what to fix. Type checks come before every access, so
// no nlohmann call here throws on bad input. Parsing, paths, messages and file
// reading are events/strict_json.h's, shared with the calendar reader.
#include "events/catalog_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <map>

namespace tanggap::events {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

using strict_json::bad;
using strict_json::expect_object;
using strict_json::printable;
using strict_json::Where;
using strict_json::wrong_type;

constexpr strict_json::Limits limits{max_catalog_file_bytes, max_catalog_depth};

// The readers, declared before field() and read(vector) call them: their
// calls are found by ordinary lookup only, because Where lives in strict_json
// and so argument-dependent lookup no longer looks in this namespace.
Result<void> read(const json& j, const Where& w, std::string& out);
Result<void> read(const json& j, const Where& w, bool& out);
Result<void> read(const json& j, const Where& w, std::uint32_t& out);
Result<void> read(const json& j, const Where& w, domain::ClockUnit& out);
Result<void> read(const json& j, const Where& w, domain::Privacy& out);
Result<void> read(const json& j, const Where& w, domain::Duration& out);
Result<void> read(const json& j, const Where& w, domain::Target& out);
Result<void> read(const json& j, const Where& w, domain::ProcedureStep& out);
Result<void> read(const json& j, const Where& w, domain::Service& out);
Result<void> read(const json& j, const Where& w, domain::ComplaintChannel& out);
Result<void> read(const json& j, const Where& w, domain::Office& out);
Result<void> read(const json& j, const Where& w, domain::ServiceType& out);
template <class T>
Result<void> read(const json& j, const Where& w, std::vector<T>& out);

constexpr bool optional = false;

// Reads member `key` of `obj` into `out`. An absent optional member leaves
// `out` at its default.
template <class T>
Result<void> field(const json& obj, const Where& w, std::string_view key, T& out,
                   bool required = true) {
  const auto it = obj.find(std::string(key));
  if (it == obj.end()) {
    if (required) return bad(w.at(key), "missing");
    return {};
  }
  return read(*it, w.at(key), out);
}

template <class T>
Result<void> read(const json& j, const Where& w, std::vector<T>& out) {
  if (auto r = strict_json::expect_array(j, w); !r) return r;
  out.resize(j.size());
  for (std::size_t i = 0; i < j.size(); ++i)
    if (auto r = read(j[i], w.at(i), out[i]); !r) return r;
  return {};
}

Result<void> read(const json& j, const Where& w, std::string& out) {
  return strict_json::read_string(j, w, out);
}

Result<void> read(const json& j, const Where& w, bool& out) {
  return strict_json::read_bool(j, w, out);
}

Result<void> read(const json& j, const Where& w, std::uint32_t& out) {
  // nlohmann keeps non-negative integers as unsigned; negatives and fractions
  // land in the other number kinds, and integers beyond 2^64 become floats.
  if (!j.is_number_unsigned())
    return j.is_number()
               ? bad(w, fmt::format("must be a whole number greater than 0, not {}",
                                    printable(j.dump())))
               : wrong_type(j, w, "a number");
  const auto value = j.get<std::uint64_t>();
  if (value > std::numeric_limits<std::uint32_t>::max())
    return bad(w, fmt::format("{} is too large", value));
  out = static_cast<std::uint32_t>(value);
  return {};
}

// An enum from its wire name, e.g. "working_days"; the message lists the names.
template <class Enum, std::size_t N>
Result<void> read_enum(const json& j, const Where& w, Enum& out, std::string_view what,
                       const std::array<Enum, N>& all, std::string_view (*name)(Enum) noexcept) {
  std::string text;
  if (auto r = read(j, w, text); !r) return r;
  for (const Enum e : all)
    if (name(e) == text) {
      out = e;
      return {};
    }
  std::string expected;
  for (const Enum e : all) expected += fmt::format("{}{}", expected.empty() ? "" : ", ", name(e));
  return bad(w, fmt::format("unknown {} '{}' (expected one of {})", what, printable(text),
                            expected));
}

Result<void> read(const json& j, const Where& w, domain::ClockUnit& out) {
  using U = domain::ClockUnit;
  constexpr std::array all{U::working_minutes, U::working_hours, U::working_days,
                           U::calendar_days, U::calendar_hours};
  return read_enum(j, w, out, "unit", all, &domain::unit_name);
}

Result<void> read(const json& j, const Where& w, domain::Privacy& out) {
  using P = domain::Privacy;
  constexpr std::array all{P::public_, P::confidential, P::anonymous};
  return read_enum(j, w, out, "privacy", all, &domain::privacy_name);
}

Result<void> read(const json& j, const Where& w, domain::Duration& out) {
  auto r = expect_object(j, w, {"amount", "unit"});
  if (r) r = field(j, w, "amount", out.amount);
  if (r) r = field(j, w, "unit", out.unit);
  return r;
}

Result<void> read(const json& j, const Where& w, domain::Target& out) {
  auto r = expect_object(j, w, {"target", "limit", "source_text"});
  if (r) r = field(j, w, "target", out.target);
  if (r) r = field(j, w, "limit", out.limit);
  if (r) r = field(j, w, "source_text", out.source_text, optional);
  return r;
}

Result<void> read(const json& j, const Where& w, domain::ProcedureStep& out) {
  auto r = expect_object(j, w, {"name", "details", "external"});
  if (r) r = field(j, w, "name", out.name);
  if (r) r = field(j, w, "details", out.details, optional);
  if (r) r = field(j, w, "external", out.external, optional);
  return r;
}

// The office comes from the file the service is in (read_office_file).
Result<void> read(const json& j, const Where& w, domain::Service& out) {
  auto r = expect_object(j, w, {"type", "name_id", "name_en", "sk_number", "requirements", "steps",
                                "first_response", "resolution", "cost", "product", "notes"});
  if (r) r = field(j, w, "type", out.type);
  if (r) r = field(j, w, "name_id", out.name_id);
  if (r) r = field(j, w, "name_en", out.name_en);
  if (r) r = field(j, w, "sk_number", out.sk_number, optional);
  if (r) r = field(j, w, "requirements", out.requirements);
  if (r) r = field(j, w, "steps", out.steps);
  if (r) r = field(j, w, "first_response", out.first_response);
  if (r) r = field(j, w, "resolution", out.resolution);
  if (r) r = field(j, w, "cost", out.cost);
  if (r) r = field(j, w, "product", out.product);
  if (r) r = field(j, w, "notes", out.notes, optional);
  return r;
}

Result<void> read(const json& j, const Where& w, domain::ComplaintChannel& out) {
  auto r = expect_object(j, w, {"kind", "value", "note"});
  if (r) r = field(j, w, "kind", out.kind);
  if (r) r = field(j, w, "value", out.value);
  if (r) r = field(j, w, "note", out.note, optional);
  return r;
}

Result<void> read(const json& j, const Where& w, domain::Office& out) {
  auto r = expect_object(j, w, {"id", "name", "address", "phone", "website", "time_zone",
                                "calendar", "complaint_channels", "escalation_chain"});
  if (r) r = field(j, w, "id", out.id);
  if (r) r = field(j, w, "name", out.name);
  if (r) r = field(j, w, "address", out.address);
  if (r) r = field(j, w, "phone", out.phone, optional);
  if (r) r = field(j, w, "website", out.website, optional);
  if (r) r = field(j, w, "time_zone", out.time_zone);
  if (r) r = field(j, w, "calendar", out.calendar);
  if (r) r = field(j, w, "complaint_channels", out.complaint_channels);
  if (r) r = field(j, w, "escalation_chain", out.escalation_chain);
  return r;
}

Result<void> read(const json& j, const Where& w, domain::ServiceType& out) {
  auto r = expect_object(j, w, {"id", "prefix", "name_id", "name_en", "default_privacy",
                                "information_request", "objection", "allows_anonymous"});
  if (r) r = field(j, w, "id", out.id);
  if (r) r = field(j, w, "prefix", out.prefix);
  if (r) r = field(j, w, "name_id", out.name_id);
  if (r) r = field(j, w, "name_en", out.name_en);
  if (r) r = field(j, w, "default_privacy", out.default_privacy);
  if (r) r = field(j, w, "information_request", out.information_request);
  if (r) r = field(j, w, "objection", out.objection);
  if (r) r = field(j, w, "allows_anonymous", out.allows_anonymous);
  return r;
}

Result<void> read_types_file(const CatalogFile& file, domain::Catalog& catalog) {
  json doc;
  const Where top{file.name, {}};
  auto r = strict_json::parse_text(file, limits, doc);
  if (r) r = expect_object(doc, top, {"service_types"});
  if (r) r = field(doc, top, "service_types", catalog.types);
  return r;
}

Result<void> read_office_file(const CatalogFile& file, domain::Catalog& catalog) {
  json doc;
  const Where top{file.name, {}};
  domain::Office office;
  std::vector<domain::Service> services;
  auto r = strict_json::parse_text(file, limits, doc);
  if (r) r = expect_object(doc, top, {"office", "services"});
  if (r) r = field(doc, top, "office", office);
  if (r) r = field(doc, top, "services", services);
  if (r) r = strict_json::check_stem(file, top.at("office").at("id"), office.id);
  if (!r) return r;
  for (auto& s : services) {
    s.office = office.id;
    catalog.services.push_back(std::move(s));
  }
  catalog.offices.push_back(std::move(office));
  return {};
}

// domain::validate names entries ("services[kab-madiun/usulan-dtsen]"), not
// files; this finds the file that holds the entry so the message can say so.
std::string file_of(const Error& e, const std::string& types_file,
                    const std::map<std::string, std::string, std::less<>>& office_files) {
  const std::string_view f = e.field;
  if (f.starts_with("types")) return types_file;
  for (const std::string_view head : {std::string_view("offices["), std::string_view("services[")})
    if (f.starts_with(head)) {
      const std::string_view rest = f.substr(head.size());
      const auto it = office_files.find(rest.substr(0, rest.find_first_of("/]")));
      if (it != office_files.end()) return it->second;
    }
  return "catalog";
}

Result<domain::Catalog> parse_files(const CatalogFile& types_file,
                                    const std::vector<CatalogFile>& office_files) {
  domain::Catalog catalog;
  if (auto r = read_types_file(types_file, catalog); !r) return r.error();
  std::map<std::string, std::string, std::less<>> file_by_office;
  for (const CatalogFile& f : office_files) {
    if (auto r = read_office_file(f, catalog); !r) return r.error();
    file_by_office.emplace(catalog.offices.back().id, f.name);
  }
  if (auto r = domain::validate(catalog); !r) {
    Error e = r.error();
    e.message = fmt::format("{}: {}", file_of(e, types_file.name, file_by_office), e.message);
    return e;
  }
  return catalog;
}

// ---- the public document (GET /api/v1/services) ------------------------------
json to_json(const domain::Duration& d) {
  return {{"amount", d.amount}, {"unit", std::string(domain::unit_name(d.unit))}};
}

json to_json(const domain::Target& t) {
  return {{"target", to_json(t.target)}, {"limit", to_json(t.limit)},
          {"source_text", t.source_text}};
}

json to_json(const domain::Service& s, const domain::ServiceType* type) {
  json steps = json::array();
  for (std::size_t i = 0; i < s.steps.size(); ++i)
    steps.push_back({{"index", i + 1}, {"name", s.steps[i].name},
                     {"details", s.steps[i].details}, {"external", s.steps[i].external}});
  json out = {{"id", s.type}, {"name_id", s.name_id}, {"name_en", s.name_en},
              {"sk_number", s.sk_number}, {"requirements", s.requirements},
              {"steps", std::move(steps)}, {"first_response", to_json(s.first_response)},
              {"resolution", to_json(s.resolution)}, {"cost", s.cost},
              {"product", s.product}, {"notes", s.notes}};
  // A validated catalog always has the type; the guard is for hand-built ones.
  if (type != nullptr) {
    out["prefix"] = type->prefix;
    out["default_privacy"] = std::string(domain::privacy_name(type->default_privacy));
    out["allows_anonymous"] = type->allows_anonymous;
  }
  return out;
}

}  // namespace

Result<domain::Catalog> parse_catalog_files(const CatalogFile& service_types,
                                            const std::vector<CatalogFile>& offices) {
  // The readers check types before every access, so nothing should throw;
  // this is the fence for what is left (allocation failure, a library bug).
  try {
    return parse_files(service_types, offices);
  } catch (const std::exception& e) {
    return fail(Errc::malformed, fmt::format("catalog: {}", printable(e.what())));
  }
}

Result<domain::Catalog> load_catalog(const fs::path& dir) {
  try {
    auto types_text = strict_json::read_file(dir / "service-types.json", max_catalog_file_bytes);
    if (!types_text) return types_text.error();
    const fs::path office_dir = dir / "offices";
    std::vector<fs::path> paths;
    std::error_code ec;
    for (fs::directory_iterator it(office_dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".json") paths.push_back(it->path());
    if (ec) return fail(Errc::not_found, fmt::format("{}: {}", office_dir.string(), ec.message()));
    if (paths.empty())
      return fail(Errc::not_found, fmt::format("{}: no office file (*.json)", office_dir.string()));
    auto offices = strict_json::read_files(std::move(paths), max_catalog_file_bytes);
    if (!offices) return offices.error();
    return parse_catalog_files({(dir / "service-types.json").string(), std::move(*types_text)},
                               *offices);
  } catch (const std::exception& e) {
    return fail(Errc::not_found, fmt::format("{}: {}", dir.string(), printable(e.what())));
  }
}

std::string catalog_to_json(const domain::Catalog& catalog, std::string_view office_filter) {
  json offices = json::array();
  for (const domain::Office& o : catalog.offices) {
    if (!office_filter.empty() && o.id != office_filter) continue;
    json channels = json::array();
    for (const domain::ComplaintChannel& c : o.complaint_channels)
      channels.push_back({{"kind", c.kind}, {"value", c.value}, {"note", c.note}});
    json services = json::array();
    for (const domain::Service& s : catalog.services)
      if (s.office == o.id) services.push_back(to_json(s, catalog.type(s.type)));
    offices.push_back({{"id", o.id}, {"name", o.name}, {"address", o.address},
                       {"phone", o.phone}, {"website", o.website}, {"time_zone", o.time_zone},
                       {"complaint_channels", std::move(channels)},
                       {"services", std::move(services)}});
  }
  // `replace` turns invalid UTF-8 (possible only in a hand-built catalog) into
  // U+FFFD instead of throwing: this function has no error to return.
  return json{{"offices", std::move(offices)}}.dump(-1, ' ', false,
                                                    json::error_handler_t::replace);
}

}  // namespace tanggap::events
