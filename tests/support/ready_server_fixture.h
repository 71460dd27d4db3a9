// tests/support/ready_server_fixture.h — ServerFixture that returns (from its
// constructor and from restart()) only once every projection has caught up
// with the log, as /readyz shows it. Right after a start the staff view may
// not yet hold the admin account written at first start, so the admin token
// would be refused for a few milliseconds and /readyz would answer 503; the
// HTTP tests wait for readiness as a load balancer would, not for luck.
#pragma once

#include "tests/support/server_fixture.h"

namespace tanggap::testing {

struct ReadyServerFixture : ServerFixture {
  explicit ReadyServerFixture(const std::function<void(server::Config&)>& tweak = {}, bool test_clock = true);
  void restart();  // ServerFixture::restart, then the same wait
};

}  // namespace tanggap::testing
