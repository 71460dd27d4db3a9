// Properties of the case decider over random command sequences: every
// accepted command keeps the invariants, a decision replayed on its own result
// writes nothing (Equinox), and folding the log rebuilds the state.
#include "tests/unit/domain/case_fixture.h"

#include <catch2/catch.hpp>

#include <array>
#include <random>

using namespace tanggap;
using namespace tanggap::testing::cases;
using d::CaseDecider;
using d::CaseStatus;

namespace {

template <class T, std::size_t N>
T pick(std::mt19937& rng, const std::array<T, N>& values) {
  return values[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

bool coin(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }

// Valid-ish and invalid values: blanks, padding, over-long text, unknown ids.
const std::array<std::string, 6> texts{"", "  ", "Jalan rusak di depan balai desa",
                                       " Mohon dilengkapi KTP ", std::string(10'001, 'x'),
                                       "Sudah kami teruskan ke bidang."};
const std::array<std::string, 4> reasons{"", "Dokumen kurang", std::string(2'001, 'r'),
                                         "\tPerlu keputusan atasan\n"};
const std::array<std::string, 6> services{"pengaduan",  "permohonan-informasi", "lapor-kks",
                                          "konsultasi", "nope",                 ""};
const std::array<std::string, 4> offices{"", "kab-lumajang", "kota-jayapura", "kab-atlantis"};
const std::array<std::string, 3> officers{"", "siti", "budi"};
const std::array<std::string, 3> units{"", "bidang-linjamsos", "sekretariat"};
const std::array<std::string, 4> dates{"", "2026-11-20", "2026-13-01", "2027-01-01"};
const std::array<std::optional<d::Outcome>, 4> outcomes{std::nullopt, d::Outcome::granted,
                                                        d::Outcome::partly_granted,
                                                        d::Outcome::rejected};
const std::array<std::string, 2> exemptions{"", "Pasal 17 huruf h"};
const std::array<d::Privacy, 3> privacies{d::Privacy::public_, d::Privacy::confidential,
                                          d::Privacy::anonymous};

d::Submit random_submit(std::mt19937& rng) {
  d::Submit c = complaint();
  c.service = coin(rng, 0.8) ? pick(rng, std::array<std::string, 3>{"pengaduan",
                                                                    "permohonan-informasi",
                                                                    "lapor-kks"})
                             : pick(rng, services);
  const auto* type = catalog().type(c.service);
  const std::string prefix = type != nullptr && coin(rng, 0.9) ? type->prefix : "ADU";
  c.case_id = coin(rng, 0.95) ? prefix + "-2026-000042" : "ADU-2026-42";
  c.office = coin(rng, 0.8) ? "kab-lumajang" : pick(rng, offices);
  if (coin(rng, 0.1)) c.title = pick(rng, texts);
  if (coin(rng, 0.1)) c.body = pick(rng, texts);
  c.privacy_given = coin(rng, 0.5);
  c.privacy = pick(rng, privacies);
  if (coin(rng, 0.2)) c.reporter.name = pick(rng, officers);
  c.occurred_on = pick(rng, dates);
  if (coin(rng, 0.05)) c.tracking_code_hash = "XYZ";
  return c;
}

// Mostly what the case's kind wants, so that runs reach resolved and closed.
d::Resolve random_resolve(std::mt19937& rng, const d::CaseState& s) {
  if (coin(rng, 0.3)) return {pick(rng, texts), pick(rng, outcomes), pick(rng, exemptions)};
  if (!s.information_request) return {"Sudah ditindaklanjuti.", std::nullopt, ""};
  const auto outcome = *pick(rng, std::array<std::optional<d::Outcome>, 3>{
      d::Outcome::granted, d::Outcome::partly_granted, d::Outcome::rejected});
  return {"Pemberitahuan tertulis terkirim.", outcome,
          outcome == d::Outcome::granted ? "" : "Pasal 17 huruf h"};
}

d::CaseCommand random_command(std::mt19937& rng, const d::CaseState& s) {
  if (s.status == CaseStatus::none && coin(rng, 0.7)) return random_submit(rng);
  // Weighted so that runs get past resolution (close, reopen, object) before
  // a rejection ends them; the index follows CaseCommand's alternatives.
  static const std::array<double, 15> weights{1, 2, 2, 1, 2, 2, 2, 1, 4, 3, 3, 0.5, 1, 2, 3};
  switch (std::discrete_distribution<int>(weights.begin(), weights.end())(rng)) {
    case 0: return random_submit(rng);
    case 1: return d::Assign{pick(rng, units), pick(rng, officers)};
    case 2: return d::Reply{pick(rng, texts)};
    case 3: return d::Note{pick(rng, texts)};
    case 4: return d::Advance{std::uniform_int_distribution<std::uint32_t>(0, 5)(rng)};
    case 5: return d::WaitForCitizen{pick(rng, reasons)};
    case 6: return d::Resume{};
    case 7: return d::Escalate{pick(rng, reasons)};
    case 8: return random_resolve(rng, s);
    case 9: return d::Close{};
    case 10: return d::Reopen{pick(rng, reasons)};
    case 11: return d::Reject{pick(rng, reasons)};
    case 12: return d::Reclassify{pick(rng, services)};
    case 13: return d::Extend{pick(rng, reasons)};
    default: return d::Object{pick(rng, reasons)};
  }
}

// Equinox's rule, "decided again on its own result, a command writes
// nothing", holds for every command except these, which record a new fact
// each time by design: another note, another reply to the citizen, and the
// next escalation level (escalate is refused only at the top level).
bool appends_again(const d::CaseCommand& c) {
  return std::holds_alternative<d::Note>(c) || std::holds_alternative<d::Reply>(c) ||
         std::holds_alternative<d::Escalate>(c);
}

bool expected_refusal(Errc code) {
  return code == Errc::illegal_transition || code == Errc::invalid_field ||
         code == Errc::malformed;
}

}  // namespace

TEST_CASE("any command sequence keeps the case invariants", "[domain][case][property]") {
  const auto seed = GENERATE(take(200, random(0u, 1'000'000u)));
  CAPTURE(seed);  // a failure prints the seed to replay
  std::mt19937 rng(seed);
  auto s = CaseDecider::initial_state();
  Events log;
  d::Instant now = t0();
  for (int step = 0; step < 60; ++step) {
    now += std::chrono::minutes{std::uniform_int_distribution<int>(1, 600)(rng)};
    const auto x = ctx(now, pick(rng, std::array<std::string, 2>{"siti", "budi"}));
    const auto command = random_command(rng, s);
    CAPTURE(step, d::command_type_name(command), d::status_name(s.status));
    const auto r = CaseDecider::decide(command, s, x);
    if (!r) {
      INFO(r.error().message);
      REQUIRE(expected_refusal(r.error().code));
      REQUIRE_FALSE(r.error().message.empty());
      continue;
    }
    if (CaseDecider::is_terminal(s)) REQUIRE(std::holds_alternative<d::Note>(command));
    const auto before = s;
    for (const auto& e : *r) {
      s = CaseDecider::evolve(std::move(s), e);
      log.push_back(e);
    }
    REQUIRE(s.events == before.events + r->size());
    REQUIRE(s.events == log.size());
    INFO(d::broken_invariant(s));
    REQUIRE(d::broken_invariant(s).empty());
    if (r->empty()) REQUIRE(s == before);
    if (!appends_again(command)) {
      const auto again = CaseDecider::decide(command, s, x);
      REQUIRE((again.has_error() || again->empty()));
    }
  }
  REQUIRE(d::fold(log) == s);
}

TEST_CASE("folding the events equals evolving them one by one", "[domain][case]") {
  auto s = CaseDecider::initial_state();
  Events log;
  int minute = 0;
  const auto apply = [&](const d::CaseCommand& c) {
    minute += 30;
    const auto r = CaseDecider::decide(c, s, ctx(at(minute)));
    INFO(d::command_type_name(c));
    s = then(s, r);
    log.insert(log.end(), r->begin(), r->end());
    REQUIRE(d::fold(log) == s);
  };
  apply(request());
  apply(d::Assign{"ppid", "siti"});
  apply(d::Note{"cek bidang"});
  apply(d::Extend{"Data di tiga bidang."});
  apply(d::Advance{1});
  apply(d::WaitForCitizen{"Mohon identitas."});
  apply(d::Resume{});
  apply(d::Escalate{"lewat batas"});
  apply(d::Resolve{"Sebagian.", d::Outcome::partly_granted, "Pasal 17 huruf h"});
  apply(d::Object{"Tidak setuju."});
  apply(d::Reclassify{"pengaduan"});
  apply(d::Reply{"Kami tinjau ulang."});
  apply(d::Resolve{"Selesai.", {}, {}});
  apply(d::Close{});
  apply(d::Reopen{"Belum diterima."});
  apply(d::Reject{"Di luar kewenangan."});
  CHECK(log.size() == 16);
  CHECK(s.status == CaseStatus::rejected);
  CHECK(s.events == 16);
  CHECK(s.reopen_count == 1);
  CHECK(s.objection_filed);
  CHECK(s.extended);
  CHECK(s.escalation_level == 1);
  CHECK(s.submitted_at == at(30));
  CHECK(s.first_response_at == at(60));  // the assignment that put it in progress, not the note
  CHECK(s.updated_at == at(480));
  CHECK(d::broken_invariant(s).empty());
}

TEST_CASE("the invariants catch a broken state", "[domain][case]") {
  const auto ok = given({request_submitted(), replied()});
  REQUIRE(d::broken_invariant(ok).empty());
  REQUIRE(d::broken_invariant(CaseDecider::initial_state()).empty());
  const auto broken = [&](auto change) {
    auto s = ok;
    change(s);
    return !d::broken_invariant(s).empty();
  };
  CHECK(broken([](d::CaseState& s) { s.escalation_level = d::max_escalation_level + 1; }));
  CHECK(broken([](d::CaseState& s) { s.reopen_count = d::max_reopens + 1; }));
  CHECK(broken([](d::CaseState& s) { s.step = s.step_total + 1; }));
  CHECK(broken([](d::CaseState& s) { s.events = 0; }));
  CHECK(broken([](d::CaseState& s) { s.status = CaseStatus::none; }));
  CHECK(broken([](d::CaseState& s) { s.resolved_at = at(90); }));
  CHECK(broken([](d::CaseState& s) { s.status = CaseStatus::resolved; }));
  CHECK(broken([](d::CaseState& s) { s.first_response_at = t0() - std::chrono::minutes{1}; }));
  CHECK(broken([](d::CaseState& s) { s.outcome = d::Outcome::granted; }));
  CHECK(broken([](d::CaseState& s) { s.case_id.clear(); }));
  CHECK(broken([](d::CaseState& s) { s.service.clear(); }));
  CHECK(broken([](d::CaseState& s) {
    s.status = CaseStatus::waiting_for_citizen;
    s.first_response_at.reset();
  }));
  CHECK(broken([](d::CaseState& s) {
    s.information_request = false;
    s.status = CaseStatus::resolved;
    s.resolved_at = at(90);
    s.outcome = d::Outcome::granted;
  }));
  CHECK(broken([](d::CaseState& s) {
    s.status = CaseStatus::none;
    s.events = 0;
  }));
}
