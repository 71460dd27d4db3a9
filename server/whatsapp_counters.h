// server/whatsapp_counters.h — what the WhatsApp webhook and outbox did, as
// counters for /metrics and the tests. Atomics: bump from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace tanggap::server {

struct WhatsAppCounters {
  // Webhook deliveries (POSTs) by result.
  std::atomic<std::uint64_t> deliveries_stored{0};            // 200: every record durable
  std::atomic<std::uint64_t> deliveries_invalid_signature{0};  // 401
  std::atomic<std::uint64_t> deliveries_malformed{0};          // 200, nothing stored (see api_whatsapp.cpp)
  std::atomic<std::uint64_t> deliveries_failed{0};             // 500: the store refused; Meta retries
  // Records within deliveries.
  std::atomic<std::uint64_t> messages_new{0};
  std::atomic<std::uint64_t> messages_repeated{0};    // a redelivered wamid: nothing stored
  std::atomic<std::uint64_t> records_foreign{0};      // for another phone_number_id: ignored
  std::atomic<std::uint64_t> records_dropped{0};      // the parser's: no wamid, past the cap
  std::atomic<std::uint64_t> statuses_recorded{0};
  std::atomic<std::uint64_t> statuses_unknown{0};     // naming no outbound record of ours
  // The outbox.
  std::atomic<std::uint64_t> sends_accepted{0};
  std::atomic<std::uint64_t> sends_failed{0};          // attempts that failed, retried or not
  std::atomic<std::uint64_t> sends_uncertain{0};
};

}  // namespace tanggap::server
