#include "tests/support/ready_server_fixture.h"

#include "tests/support/http_test_helpers.h"

#include <stdexcept>

namespace tanggap::testing {

namespace {
void await_ready(ServerFixture& s) {
  if (!projections_caught_up(s, std::chrono::seconds(10)))
    throw std::runtime_error("the projections did not catch up with the log within 10 s of the start");
}
}  // namespace

ReadyServerFixture::ReadyServerFixture(const std::function<void(server::Config&)>& tweak, bool test_clock)
    : ServerFixture(tweak, test_clock) {
  await_ready(*this);
}

void ReadyServerFixture::restart() {
  ServerFixture::restart();
  await_ready(*this);
}

}  // namespace tanggap::testing
