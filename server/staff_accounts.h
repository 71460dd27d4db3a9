// server/staff_accounts.h — staff accounts, which are events too (stream
// "staff-<name>"), so the audit trail covers who could do what and when.
// Tokens are 256 random bits shown once; only their SHA-256 is stored.
// Thread safety: free functions over a thread-safe store; they block on the
// append, so call them from tools or off the I/O threads.
#pragma once

#include "events/domain/staff_types.h"
#include "events/event_store.h"

#include <string>

namespace tanggap::server {

struct StaffCreated {
  std::string token;  // print once; never log
  events::Position position = 0;
};

// Folds the account's stream; `exists` is false when there is none.
Result<domain::StaffState> load_staff(const events::EventStore& store, std::string_view name);

Result<StaffCreated> add_staff(events::EventStore& store, const std::string& name, domain::Role role,
                               const std::string& unit, const domain::Actor& actor, domain::Instant now);
// The same without blocking: `done` runs on the store's writer thread (or at
// once on a refusal): post to your own executor there.
void add_staff_async(events::EventStore& store, const std::string& name, domain::Role role, const std::string& unit,
                     const domain::Actor& actor, domain::Instant now, std::function<void(Result<StaffCreated>)> done);

// At the first start: creates the `admin` account and writes its token to
// `token_file` (mode 0600). When the account exists but the file is gone,
// the token is rotated and written anew, so an operator who lost it recovers
// by deleting nothing and restarting. The token is never logged.
Result<void> ensure_admin(events::EventStore& store, const std::string& token_file, domain::Instant now);

// Writes `text` to `path` with mode 0600 from the start (no window in which
// another user could read it), replacing any earlier file.
Result<void> write_secret_file(const std::string& path, const std::string& text);

}  // namespace tanggap::server
