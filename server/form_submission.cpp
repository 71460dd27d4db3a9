// server/form_submission.cpp — see form_submission.h.
#include "server/form_submission.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tanggap::server {

using nlohmann::json;

namespace {

Result<double> coordinate(std::string_view text, const std::string& field) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
    return fail(Errc::invalid_field, fmt::format("{} must be a decimal number", field), field);
  return value;
}

}  // namespace

Result<FormSubmission> submission_from_form(FormData form, const std::vector<std::string_view>& ignored) {
  FormSubmission out;
  out.body = json::object();
  for (auto& [name, value] : form.fields) {
    if (std::find(ignored.begin(), ignored.end(), name) != ignored.end()) continue;
    if (value.empty()) continue;
    // At most one level of nesting, as in the JSON body: "reporter.name".
    const auto dot = name.find('.');
    const std::string outer = name.substr(0, dot);
    const std::string inner = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (outer.empty() || (dot != std::string::npos && (inner.empty() || inner.find('.') != std::string::npos)))
      return fail(Errc::invalid_field, fmt::format("'{}' is not a field of a case", name), name);
    json* slot = nullptr;
    if (inner.empty()) {
      if (out.body.contains(outer))
        return fail(Errc::invalid_field, fmt::format("{} is given more than once", name), name);
      slot = &out.body[outer];
    } else {
      json& object = out.body[outer];
      if (!object.is_null() && !object.is_object())
        return fail(Errc::invalid_field, fmt::format("{} is given more than once", outer), outer);
      if (object.is_object() && object.contains(inner))
        return fail(Errc::invalid_field, fmt::format("{} is given more than once", name), name);
      slot = &object[inner];
    }
    if (name == "location.lat" || name == "location.lon") {
      auto number = coordinate(value, name);
      if (!number) return number.error();
      *slot = *number;
    } else {
      *slot = std::move(value);
    }
  }
  for (auto& file : form.files) {
    if (file.field != "attachments")
      return fail(Errc::invalid_field, fmt::format("files go in the field 'attachments', not '{}'", file.field), file.field);
    out.files.push_back(IncomingFile{std::move(file.filename), std::move(file.bytes)});
  }
  return out;
}

}  // namespace tanggap::server
