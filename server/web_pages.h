// server/web_pages.h — what the citizen's pages show, as template data:
// /lapor (the form, its errors, the answer) and /lacak (a case's public
// view). Pure: catalog and values in, JSON for web_render out.
#pragma once

#include "events/domain/catalog.h"
#include "events/domain/error.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace tanggap::server {

// What the citizen typed, by form field name ("reporter.name"), to show again.
using TypedValues = std::map<std::string, std::string, std::less<>>;
// Messages for the fields, by form field name, in Indonesian.
using FieldErrors = std::map<std::string, std::string, std::less<>>;

// The form's service choice "<office>/<service>" (one select for both).
std::string service_choice(std::string_view office, std::string_view service);

// The form page. `page_error` stands above the form (rate limit, a broken upload).
nlohmann::json lapor_page_data(const domain::Catalog& catalog, const TypedValues& typed, const FieldErrors& errors,
                               const std::string& form_key, const std::string& page_error = "");

// The answer page after a submission: the case id, the tracking code and how to follow it.
nlohmann::json lapor_sent_data(const nlohmann::json& submitted, const domain::Catalog& catalog, std::string_view service,
                               std::string_view office);

// The tracking page: empty (the two inputs), not found, or the public view
// (`view` as GET /api/v1/track/{id} answers it).
nlohmann::json lacak_page_data(const domain::Catalog& catalog, std::string_view id, std::string_view code,
                               const nlohmann::json* view, bool not_found);

// Checks what can be checked field by field, so the form shows every mistake
// at once rather than the first; the decider still has the last word.
FieldErrors precheck_form(const TypedValues& typed, const domain::Catalog& catalog);

}  // namespace tanggap::server
