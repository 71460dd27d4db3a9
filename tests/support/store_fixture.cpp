#include "tests/support/store_fixture.h"

#include "events/ids.h"

#include <stdexcept>

namespace tanggap::testing {

events::NewEvent make_event(std::string type, std::string data) {
  events::NewEvent e;
  e.id = events::new_event_id();
  e.type = std::move(type);
  e.actor = {"system", "test"};
  e.data = std::move(data);
  return e;
}

events::AppendRequest make_append(std::string stream, events::Expected expected, int count) {
  events::AppendRequest r;
  r.stream = std::move(stream);
  r.expected = expected;
  for (int i = 0; i < count; ++i) r.events.push_back(make_event());
  return r;
}

StoreFixture::StoreFixture(events::Durability durability) {
  options.path = (dir.path() / "store").string();
  options.durability = durability;
  reopen();
}

void StoreFixture::reopen() {
  store.reset();
  auto opened = events::EventStore::open(options);
  if (!opened) throw std::runtime_error(opened.error().message);
  store = std::move(*opened);
}

}  // namespace tanggap::testing
