// The staff account decider: given events, when a command, then events or an error.
#include "events/domain/staff_decider.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

using tanggap::Errc;
using namespace tanggap::domain;

namespace {

const Instant t0 = Instant{std::chrono::sys_days{std::chrono::year{2026} / 3 / 17}} +
                   std::chrono::hours{2} + std::chrono::milliseconds{117};
const std::string hash_a(64, 'a');
const std::string hash_b = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

Context by(std::string actor = "admin") { return Context{t0, Actor{"officer", std::move(actor)}, nullptr}; }

StaffState given(const std::vector<StaffEvent>& events) {
  StaffState s = StaffDecider::initial_state();
  for (const auto& e : events) s = StaffDecider::evolve(s, e);
  return s;
}

StaffEvent created(std::string name = "siti", Role role = Role::officer) {
  return StaffAccountCreated{std::move(name), role, "linjamsos", hash_a, t0};
}

Errc refusal(const StaffCommand& c, const StaffState& s, const Context& ctx = by()) {
  const auto r = StaffDecider::decide(c, s, ctx);
  REQUIRE(r.has_error());
  CHECK_FALSE(r.error().message.empty());
  return r.error().code;
}

}  // namespace

TEST_CASE("creating a staff account records who, which role and the token hash", "[domain][staff]") {
  const auto r = StaffDecider::decide(CreateStaff{"siti", Role::ppid, "ppid", hash_b},
                                      StaffDecider::initial_state(), by());
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 1);
  const auto& e = std::get<StaffAccountCreated>(r->front());
  CHECK(e.name == "siti");
  CHECK(e.role == Role::ppid);
  CHECK(e.unit == "ppid");
  CHECK(e.token_hash == hash_b);
  CHECK(e.at == t0);

  const auto s = given(*r);
  CHECK(s.exists);
  CHECK(s.name == "siti");
  CHECK(s.role == Role::ppid);
  CHECK(s.token_hash == hash_b);
  CHECK_FALSE(s.disabled);
  CHECK(s.events == 1);
  CHECK_FALSE(StaffDecider::is_terminal(s));
}

TEST_CASE("a staff account is created only once", "[domain][staff]") {
  const auto r = StaffDecider::decide(CreateStaff{"siti", Role::officer, "", hash_a},
                                      given({created()}), by());
  REQUIRE(r.has_error());
  CHECK(r.error().code == Errc::duplicate);
  CHECK(r.error().message == "a staff account named siti exists");
  CHECK(refusal(CreateStaff{"siti", Role::officer, "", hash_a},
                given({created(), StaffAccountDisabled{"left", t0}})) == Errc::duplicate);
}

TEST_CASE("staff names are 1 to 64 of a-z 0-9 . _ - starting with a letter", "[domain][staff]") {
  for (const std::string& name : std::vector<std::string>{"a", "siti", "budi.santoso", "agus_2",
                                                          "dewi-k", std::string(64, 'z')}) {
    INFO(name);
    CHECK(StaffDecider::decide(CreateStaff{name, Role::officer, "", hash_a},
                               StaffDecider::initial_state(), by())
              .has_value());
  }
  for (const std::string& name : {std::string(), std::string(65, 'z'), std::string("Siti"),
                                 std::string("1siti"), std::string(".siti"), std::string("siti rahayu"),
                                 std::string("siti/admin"), std::string("s\xc3\xadti"),
                                 std::string("siti\0x", 6)}) {
    INFO(name);
    const auto r = StaffDecider::decide(CreateStaff{name, Role::officer, "", hash_a},
                                        StaffDecider::initial_state(), by());
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::invalid_field);
    CHECK(r.error().field == "name");
  }
}

TEST_CASE("token hashes are 64 lowercase hex digits", "[domain][staff]") {
  for (const std::string& hash : {std::string(63, 'a'), std::string(65, 'a'), std::string(64, 'A'),
                                 std::string(64, 'g'), std::string()}) {
    const auto r = StaffDecider::decide(CreateStaff{"siti", Role::officer, "", hash},
                                        StaffDecider::initial_state(), by());
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::invalid_field);
    CHECK(r.error().field == "token_hash");
  }
  const auto rotate = StaffDecider::decide(RotateToken{"secret"}, given({created()}), by());
  REQUIRE(rotate.has_error());
  CHECK(rotate.error().field == "token_hash");
}

TEST_CASE("commands to an account that does not exist are not found", "[domain][staff]") {
  const auto none = StaffDecider::initial_state();
  CHECK(refusal(ChangeRole{Role::admin}, none) == Errc::not_found);
  CHECK(refusal(RotateToken{hash_b}, none) == Errc::not_found);
  CHECK(refusal(DisableStaff{"left"}, none) == Errc::not_found);
}

TEST_CASE("changing a role records from and to", "[domain][staff]") {
  const auto r = StaffDecider::decide(ChangeRole{Role::supervisor}, given({created()}), by());
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 1);
  const auto& e = std::get<StaffRoleChanged>(r->front());
  CHECK(e.from == Role::officer);
  CHECK(e.to == Role::supervisor);
  CHECK(e.at == t0);
  CHECK(given({created(), e}).role == Role::supervisor);
}

TEST_CASE("changing to the role already held writes nothing", "[domain][staff]") {
  const auto r = StaffDecider::decide(ChangeRole{Role::officer}, given({created()}), by());
  REQUIRE(r.has_value());
  CHECK(r->empty());
}

TEST_CASE("rotating the token records the new hash; the same hash again writes nothing",
          "[domain][staff]") {
  const auto s = given({created()});
  const auto r = StaffDecider::decide(RotateToken{hash_b}, s, by());
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 1);
  const auto after = given({created(), r->front()});
  CHECK(after.token_hash == hash_b);
  const auto again = StaffDecider::decide(RotateToken{hash_b}, after, by());
  REQUIRE(again.has_value());
  CHECK(again->empty());
}

TEST_CASE("a disabled account is terminal and accepts no command", "[domain][staff]") {
  const auto r = StaffDecider::decide(DisableStaff{"pindah tugas"}, given({created()}), by());
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 1);
  CHECK(std::get<StaffAccountDisabled>(r->front()).reason == "pindah tugas");
  const auto s = given({created(), r->front()});
  CHECK(s.disabled);
  CHECK(StaffDecider::is_terminal(s));
  CHECK(refusal(ChangeRole{Role::admin}, s) == Errc::illegal_transition);
  CHECK(refusal(ChangeRole{Role::officer}, s) == Errc::illegal_transition);
  CHECK(refusal(RotateToken{hash_b}, s) == Errc::illegal_transition);
  CHECK(refusal(DisableStaff{"again"}, s) == Errc::illegal_transition);
}

TEST_CASE("staff can neither change their own role nor disable themselves", "[domain][staff]") {
  const auto s = given({created("siti", Role::admin)});
  CHECK(refusal(ChangeRole{Role::officer}, s, by("siti")) == Errc::forbidden);
  CHECK(refusal(DisableStaff{"oops"}, s, by("siti")) == Errc::forbidden);
  // Rotating one's own token is how a leaked token is replaced.
  CHECK(StaffDecider::decide(RotateToken{hash_b}, s, by("siti")).has_value());
}

TEST_CASE("role names round trip and unknown names are refused", "[domain][staff]") {
  for (const Role r : {Role::officer, Role::supervisor, Role::ppid, Role::admin})
    CHECK(parse_role(role_name(r)) == r);
  CHECK(role_name(Role::ppid) == "ppid");
  CHECK_FALSE(parse_role("Admin").has_value());
  CHECK_FALSE(parse_role("").has_value());
  CHECK(staff_stream("siti") == "staff-siti");
}

TEST_CASE("every staff event counts one version and its type is its struct name",
          "[domain][staff]") {
  const std::vector<StaffEvent> events{created(), StaffRoleChanged{Role::officer, Role::admin, t0},
                                       StaffTokenRotated{hash_b, t0},
                                       StaffAccountDisabled{"", t0}};
  CHECK(given(events).events == 4);
  CHECK(staff_event_type_name(events[0]) == "StaffAccountCreated");
  CHECK(staff_event_type_name(events[1]) == "StaffRoleChanged");
  CHECK(staff_event_type_name(events[2]) == "StaffTokenRotated");
  CHECK(staff_event_type_name(events[3]) == "StaffAccountDisabled");
}
