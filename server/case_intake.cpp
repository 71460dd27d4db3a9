// server/case_intake.cpp — see case_intake.h.
#include "server/case_intake.h"

#include <fmt/format.h>

namespace tanggap::server {

void intake_case(App& app, domain::Submit submission, std::vector<IncomingFile> files, domain::Actor actor, Trace trace,
                 std::function<void(Result<Submitted>)> done) {
  // Back on an I/O thread: the store's writer thread (and the blocking pool)
  // must not run the caller's rendering.
  auto finish = [&app, done = std::move(done)](Result<Submitted> r) mutable {
    app.defer([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
  };
  if (files.empty()) return app.cases().submit(std::move(submission), std::move(actor), std::move(trace), std::move(finish));
  if (files.size() > domain::max_attachments_per_case)
    return finish(fail(Errc::invalid_field, fmt::format("a case takes at most {} attachments", domain::max_attachments_per_case),
                       "attachments"));
  // Refused fields must not leave files on disk (a request answered with an
  // error stores nothing): check before the first file is written.
  if (auto checked = app.cases().check_submission(submission, actor); !checked) return finish(checked.error());
  app.run_blocking([&app, submission = std::move(submission), files = std::move(files), actor = std::move(actor),
                    trace = std::move(trace), finish = std::move(finish)]() mutable {
    for (const auto& file : files) {
      auto stored = app.attachments().put(file.bytes, file.name);
      if (!stored) return finish(stored.error());
      submission.attachments.push_back(
          domain::Attachment{stored->sha256, clean_file_name(file.name), stored->media_type, stored->size});
    }
    app.cases().submit(std::move(submission), std::move(actor), std::move(trace), std::move(finish));
  });
}

}  // namespace tanggap::server
