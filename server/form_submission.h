// server/form_submission.h — a case submitted as an HTML form (urlencoded or
// multipart) read into the same JSON object a JSON client would send, so one
// reader (submission_json.h) checks both. Field names are the JSON paths:
// `service`, `title`, `reporter.name`, `location.lat`, ...; files come in the
// field `attachments` (repeatable). Empty fields count as absent (a browser
// sends every input, filled or not).
#pragma once

#include "events/domain/error.h"
#include "server/case_intake.h"
#include "server/form_decoder.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace tanggap::server {

struct FormSubmission {
  nlohmann::json body;  // a JSON object for read_submission
  std::vector<IncomingFile> files;
};

// `ignored`: page-only fields to leave out (the web form's own `form_key`).
Result<FormSubmission> submission_from_form(FormData form, const std::vector<std::string_view>& ignored = {});

}  // namespace tanggap::server
