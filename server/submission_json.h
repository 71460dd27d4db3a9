// server/submission_json.h — the body of POST /api/v1/cases (already parsed
// as a JSON object, whatever encoding it came in) as a Submit command. Phone
// numbers are normalised to E.164 and NIKs checked here (DOMAIN.md §4); the
// decider checks the rest. Errors name the field ("reporter.nik").
#pragma once

#include "events/domain/case_types.h"
#include "events/domain/error.h"

#include <nlohmann/json_fwd.hpp>

namespace tanggap::server {

// `staff`: an officer taking a case in person or by phone (channel walk_in or
// phone); otherwise a citizen on the web channel.
Result<domain::Submit> read_submission(const nlohmann::json& body, bool staff);

}  // namespace tanggap::server
