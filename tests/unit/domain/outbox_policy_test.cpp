// The outbox's rules: backoff, how Graph's answers are classified, and the
// outbound record's fold, which never moves backwards.
#include "events/domain/outbound_policy.h"

#include <catch2/catch.hpp>

using namespace tanggap::domain;
using namespace std::chrono_literals;

namespace {
const Instant now = Instant{} + 1'000'000'000ms;
}

TEST_CASE("retries back off exponentially from 30 seconds up to an hour", "[domain][whatsapp]") {
  CHECK(retry_delay(1) == 30s);
  CHECK(retry_delay(2) == 60s);
  CHECK(retry_delay(3) == 120s);
  CHECK(retry_delay(7) == 1920s);
  CHECK(retry_delay(8) == 3600s);
  CHECK(retry_delay(1000) == 3600s);
}

TEST_CASE("Graph's answers are classified by error code first, then by HTTP status", "[domain][whatsapp]") {
  CHECK(classify_failure(400, 131047) == FailureClass::use_template);
  for (const std::int64_t code : {131026, 131051, 100, 132001, 368, 131049, 250})
    CHECK(classify_failure(400, code) == FailureClass::permanent);
  for (const std::int64_t code : {4, 80007, 130429, 131056, 190})
    CHECK(classify_failure(400, code) == FailureClass::retry);
  CHECK(classify_failure(0, 0) == FailureClass::retry);    // no answer
  CHECK(classify_failure(503, 0) == FailureClass::retry);
  CHECK(classify_failure(429, 0) == FailureClass::retry);
  CHECK(classify_failure(404, 0) == FailureClass::permanent);
  CHECK(classify_failure(500, 131000) == FailureClass::retry);
}

TEST_CASE("a retryable failure is retried until the last attempt, then final", "[domain][whatsapp]") {
  auto f = decide_failure(1, 503, 0, "", false, now);
  CHECK_FALSE(f.permanent);
  REQUIRE(f.retry_at);
  CHECK(*f.retry_at == now + 30s);
  auto last = decide_failure(max_send_attempts, 503, 0, "", false, now);
  CHECK(last.permanent);
  CHECK_FALSE(last.retry_at);
}

TEST_CASE("131047 switches to the template at once, but not twice", "[domain][whatsapp]") {
  auto f = decide_failure(1, 400, 131047, "", false, now);
  CHECK(f.switch_to_template);
  REQUIRE(f.retry_at);
  CHECK(*f.retry_at == now);
  auto again = decide_failure(2, 400, 131047, "", true, now);
  CHECK(again.permanent);
}

TEST_CASE("an outbound record folds to accepted and never moves its delivery backwards", "[domain][whatsapp]") {
  OutboundState s;
  s = evolve_outbound(s, OutboundQueued{Channel::whatsapp, "ADU-2026-000001", "628", "Halo",
                                        OutboundReason::officer_reply, "e1", now, {}, {}});
  CHECK(s.status == OutboundStatus::queued);
  s = evolve_outbound(s, OutboundAttemptStarted{1, SendMode::text, now});
  CHECK(s.status == OutboundStatus::sending);
  CHECK(!is_finished(s));
  s = evolve_outbound(s, OutboundSent{1, "wamid.OUT-1", now});
  CHECK(s.status == OutboundStatus::accepted);
  s = evolve_outbound(s, OutboundDeliveryUpdated{DeliveryState::read, 0, "", now, now});
  s = evolve_outbound(s, OutboundDeliveryUpdated{DeliveryState::delivered, 0, "", now, now});
  REQUIRE(s.delivery);
  CHECK(*s.delivery == DeliveryState::read);
  CHECK(s.events == 5);
}

TEST_CASE("a permanent failure finishes the record; a retryable one queues it again", "[domain][whatsapp]") {
  OutboundState s = evolve_outbound({}, OutboundQueued{});
  s = evolve_outbound(s, OutboundAttemptStarted{1, SendMode::text, now});
  s = evolve_outbound(s, decide_failure(1, 503, 0, "", false, now));
  CHECK(s.status == OutboundStatus::queued);
  s = evolve_outbound(s, OutboundAttemptStarted{2, SendMode::text, now});
  s = evolve_outbound(s, decide_failure(2, 400, 131026, "blocked", false, now));
  CHECK(s.status == OutboundStatus::failed);
  CHECK(s.last_error_code == 131026);
  CHECK(is_finished(s));
}
