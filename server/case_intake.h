// server/case_intake.h — taking in a citizen's case with its files, for every
// route that accepts one (POST /api/v1/cases, POST /lapor; the WhatsApp and
// e-mail channels later): the files go to the attachment store first, synced,
// off the I/O threads; only then is the submission appended, referencing them.
// A file stored for a submission that is then refused stays behind unreferenced:
// harmless (content-addressed, never served without a case naming it).
#pragma once

#include "server/app.h"

#include <functional>
#include <string>
#include <vector>

namespace tanggap::server {

struct IncomingFile {
  std::string name;  // as sent; cleaned before it is recorded
  std::string bytes;
};

// `done` runs on an I/O thread (or inline without an HTTP server).
void intake_case(App& app, domain::Submit submission, std::vector<IncomingFile> files, domain::Actor actor, Trace trace,
                 std::function<void(Result<Submitted>)> done);

}  // namespace tanggap::server
