// server/logging.h — the server's log: one line per request on stdout (for
// journald), buffered and flushed every second and at every warning, so a
// busy server does not pay a write(2) per request. Call once at start.
#pragma once

namespace tanggap::server {

void setup_logging();

}  // namespace tanggap::server
