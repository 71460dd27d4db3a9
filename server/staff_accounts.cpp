#include "server/staff_accounts.h"

#include "events/domain/staff_decider.h"
#include "events/ids.h"
#include "events/sha256.h"
#include "events/staff_event_json.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <future>
#include <unistd.h>

namespace tanggap::server {

namespace {

// Reads the account (a point read), decides, and appends without waiting.
void decide_and_append_async(events::EventStore& store, const std::string& name, const domain::StaffCommand& command,
                             const domain::Actor& actor, domain::Instant now,
                             std::function<void(Result<events::Appended>)> done) {
  auto state = load_staff(store, name);
  if (!state) return done(state.error());
  const domain::Context ctx{now, actor, nullptr};
  auto decided = domain::StaffDecider::decide(command, *state, ctx);
  if (!decided) return done(decided.error());
  events::AppendRequest request;
  request.stream = domain::staff_stream(name);
  request.expected = state->exists ? events::Expected::exact(state->events - 1) : events::Expected::no_stream();
  for (const auto& e : *decided) {
    auto encoded = events::encode_staff_event(e);
    events::NewEvent ne;
    ne.id = events::new_event_id();
    ne.type = std::move(encoded.type);
    ne.schema = encoded.schema;
    ne.actor = actor;
    ne.data = std::move(encoded.data);
    request.events.push_back(std::move(ne));
  }
  if (request.events.empty()) return done(events::Appended{});
  store.append(std::move(request), std::move(done));
}

Result<events::Appended> decide_and_append(events::EventStore& store, const std::string& name,
                                           const domain::StaffCommand& command, const domain::Actor& actor,
                                           domain::Instant now) {
  std::promise<Result<events::Appended>> promise;
  auto future = promise.get_future();
  decide_and_append_async(store, name, command, actor, now,
                          [&promise](Result<events::Appended> r) { promise.set_value(std::move(r)); });
  return future.get();
}

}  // namespace

Result<domain::StaffState> load_staff(const events::EventStore& store, std::string_view name) {
  auto slice = store.read_stream(domain::staff_stream(name));
  if (!slice) return slice.error();
  auto state = domain::StaffDecider::initial_state();
  for (const auto& e : slice->events) {
    auto decoded = events::decode_staff_event(e.type, e.schema, e.data);
    if (!decoded) return fail(Errc::storage_failed, fmt::format("position {}: {}", e.position, decoded.error().message));
    state = domain::StaffDecider::evolve(std::move(state), *decoded);
  }
  return state;
}

void add_staff_async(events::EventStore& store, const std::string& name, domain::Role role, const std::string& unit,
                     const domain::Actor& actor, domain::Instant now, std::function<void(Result<StaffCreated>)> done) {
  std::string token = events::new_token();
  const std::string hash = events::sha256_hex(token);
  decide_and_append_async(store, name, domain::CreateStaff{name, role, unit, hash}, actor, now,
                          [token = std::move(token), done = std::move(done)](Result<events::Appended> r) {
                            if (!r) return done(r.error());
                            done(StaffCreated{token, r->last_position});
                          });
}

Result<StaffCreated> add_staff(events::EventStore& store, const std::string& name, domain::Role role,
                               const std::string& unit, const domain::Actor& actor, domain::Instant now) {
  std::promise<Result<StaffCreated>> promise;
  auto future = promise.get_future();
  add_staff_async(store, name, role, unit, actor, now, [&promise](Result<StaffCreated> r) { promise.set_value(std::move(r)); });
  return future.get();
}

Result<void> write_secret_file(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  ::unlink(temp.c_str());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail(Errc::storage_failed, fmt::format("cannot create {}: {}", temp, std::strerror(errno)));
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0)
    return fail(Errc::storage_failed, fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  return {};
}

Result<void> ensure_admin(events::EventStore& store, const std::string& token_file, domain::Instant now) {
  const domain::Actor system{"system", "tanggap"};
  auto admin = load_staff(store, "admin");
  if (!admin) return admin.error();
  std::error_code ec;
  const bool file_there = std::filesystem::exists(token_file, ec);
  if (admin->exists && file_there) return {};
  std::string token;
  if (!admin->exists) {
    auto created = add_staff(store, "admin", domain::Role::admin, "", system, now);
    if (!created) return created.error();
    token = created->token;
  } else {
    if (admin->disabled) return {};  // a disabled admin stays disabled; other admins exist
    token = events::new_token();
    auto rotated = decide_and_append(store, "admin", domain::RotateToken{events::sha256_hex(token)}, system, now);
    if (!rotated) return rotated.error();
  }
  return write_secret_file(token_file, token + "\n");
}

}  // namespace tanggap::server
