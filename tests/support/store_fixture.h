// tests/support/store_fixture.h — a temp-dir event store and event builders.
#pragma once

#include "events/event_store.h"
#include "tests/support/temp_dir.h"

#include <memory>
#include <string>

namespace tanggap::testing {

events::NewEvent make_event(std::string type = "Tested", std::string data = "{}");
events::AppendRequest make_append(std::string stream, events::Expected expected, int events = 1);

struct StoreFixture {
  TempDir dir;
  std::unique_ptr<events::EventStore> store;
  explicit StoreFixture(events::Durability durability = events::Durability::sync);
  void reopen();
  events::Options options;
};

}  // namespace tanggap::testing
