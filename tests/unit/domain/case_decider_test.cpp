// What a case accepts after it is submitted: each command's legal and illegal
// transitions, its "already so" answer, and its field checks.
#include "tests/unit/domain/case_fixture.h"

#include <catch2/catch.hpp>

using namespace tanggap;
using namespace tanggap::testing::cases;
using d::CaseDecider;
using d::CaseStatus;

namespace {

const d::CaseState& received() {
  static const auto s = given({complaint_submitted()});
  return s;
}
const d::CaseState& in_progress() {
  static const auto s = given({complaint_submitted(), assigned()});
  return s;
}
const d::CaseState& waiting_for_citizen() {
  static const auto s = given({complaint_submitted(), assigned(), waiting()});
  return s;
}
const d::CaseState& resolved_case() {
  static const auto s = given({complaint_submitted(), assigned(), resolved()});
  return s;
}
const d::CaseState& closed_case() {
  static const auto s = given({complaint_submitted(), assigned(), resolved(), closed()});
  return s;
}
const d::CaseState& rejected_case() {
  static const auto s = given({complaint_submitted(), rejected()});
  return s;
}

}  // namespace

TEST_CASE("assigning a received case starts it and names the officer", "[domain][case]") {
  const auto e = only<d::CaseAssigned>(when(received(), d::Assign{" bidang-linjamsos ", "budi"}));
  CHECK(e.unit == "bidang-linjamsos");
  CHECK(e.officer == "budi");
  const auto s = CaseDecider::evolve(received(), e);
  CHECK(s.status == CaseStatus::in_progress);
  CHECK(s.officer == "budi");
  // The citizen's tracking page now says "in progress": that is a first response.
  CHECK(s.first_response_at == e.at);
  CHECK(CaseDecider::evolve(waiting_for_citizen(), e).status == CaseStatus::waiting_for_citizen);
}

TEST_CASE("assigning the same unit and officer again writes nothing", "[domain][case]") {
  require_nothing(when(in_progress(), d::Assign{"bidang-linjamsos", "siti"}));
  CHECK(when(in_progress(), d::Assign{"bidang-linjamsos", "budi"}).has_value());
  CHECK(when(in_progress(), d::Assign{"sekretariat", "siti"}).has_value());
}

TEST_CASE("assignment needs an officer and an open case", "[domain][case]") {
  require_refused(when(received(), d::Assign{"bidang-linjamsos", "  "}), Errc::invalid_field,
                  "officer");
  require_refused(when(resolved_case(), d::Assign{"x", "budi"}), Errc::illegal_transition);
  require_refused(when({}, d::Assign{"x", "budi"}), Errc::illegal_transition);
}

TEST_CASE("a reply is the first response and starts a received case", "[domain][case]") {
  const auto e = only<d::OfficerReplied>(when(received(), d::Reply{" Sedang kami periksa. "},
                                              ctx(at(60), "budi")));
  CHECK(e.text == "Sedang kami periksa.");
  CHECK(e.officer == "budi");
  CHECK(e.at == at(60));
  auto s = CaseDecider::evolve(received(), e);
  CHECK(s.status == CaseStatus::in_progress);
  CHECK(s.first_response_at == at(60));
  s = then(s, when(s, d::Reply{"Lagi"}, ctx(at(90))));
  CHECK(s.first_response_at == at(60));  // the first one counts
}

TEST_CASE("a resolved case takes replies and keeps its status", "[domain][case]") {
  const auto s = then(resolved_case(), when(resolved_case(), d::Reply{"Terima kasih."}));
  CHECK(s.status == CaseStatus::resolved);
  CHECK(then(waiting_for_citizen(), when(waiting_for_citizen(), d::Reply{"Ditunggu."})).status ==
        CaseStatus::waiting_for_citizen);
  require_refused(when(closed_case(), d::Reply{"x"}), Errc::illegal_transition);
  require_refused(when(rejected_case(), d::Reply{"x"}), Errc::illegal_transition);
  require_refused(when({}, d::Reply{"x"}), Errc::illegal_transition);
}

TEST_CASE("a reply and a note need text within the limit", "[domain][case]") {
  require_refused(when(received(), d::Reply{" \n "}), Errc::invalid_field, "text");
  require_refused(when(received(), d::Reply{std::string(10'001, 'x')}), Errc::invalid_field,
                  "text");
  CHECK(when(received(), d::Reply{std::string(10'000, 'x')}).has_value());
  require_refused(when(received(), d::Note{""}), Errc::invalid_field, "text");
  require_refused(when(received(), d::Note{std::string(10'001, 'x')}), Errc::invalid_field, "text");
}

TEST_CASE("a note is accepted in every status but none and is not a response", "[domain][case]") {
  for (const auto* s : {&received(), &in_progress(), &waiting_for_citizen(), &resolved_case(),
                        &closed_case(), &rejected_case()}) {
    CAPTURE(d::status_name(s->status));
    const auto e = only<d::NoteAdded>(when(*s, d::Note{"cek ke desa"}, ctx(at(60), "budi")));
    CHECK(e.author == "budi");
    const auto after = CaseDecider::evolve(*s, e);
    CHECK(after.status == s->status);
    CHECK(after.first_response_at == s->first_response_at);
    CHECK(after.events == s->events + 1);
  }
  require_refused(when({}, d::Note{"x"}), Errc::illegal_transition);
}

TEST_CASE("advancing names the step from the office's service and counts as a response",
          "[domain][case]") {
  const auto e = only<d::StepAdvanced>(when(received(), d::Advance{2}));
  CHECK(e.step == 2);
  CHECK(e.total == 3);
  CHECK(e.name == "Klarifikasi ke unit");
  const auto s = CaseDecider::evolve(received(), e);
  CHECK(s.status == CaseStatus::in_progress);
  CHECK(s.step == 2);
  CHECK(s.first_response_at == at(60));
}

TEST_CASE("steps only move forward and stay within the service's steps", "[domain][case]") {
  const auto s = given({complaint_submitted(), advanced(2)});
  require_refused(when(s, d::Advance{0}), Errc::invalid_field, "step");
  require_refused(when(s, d::Advance{4}), Errc::invalid_field, "step");
  const auto r = when(s, d::Advance{2});
  require_refused(r, Errc::illegal_transition);
  CHECK(r.error().message.find("step 2 of 3") != std::string::npos);
  require_refused(when(s, d::Advance{1}), Errc::illegal_transition);
  CHECK(only<d::StepAdvanced>(when(s, d::Advance{3})).name == "Tindak lanjut");
}

TEST_CASE("only a received or running case can be advanced", "[domain][case]") {
  for (const auto* s : {&waiting_for_citizen(), &resolved_case(), &closed_case(),
                        &rejected_case()}) {
    CAPTURE(d::status_name(s->status));
    require_refused(when(*s, d::Advance{1}), Errc::illegal_transition);
  }
  require_refused(when({}, d::Advance{1}), Errc::illegal_transition);
}

TEST_CASE("waiting for the citizen pauses the case and resuming continues it", "[domain][case]") {
  const auto e = only<d::CitizenWaitStarted>(when(received(), d::WaitForCitizen{" Foto KKS "}));
  CHECK(e.reason == "Foto KKS");
  const auto s = CaseDecider::evolve(received(), e);
  CHECK(s.status == CaseStatus::waiting_for_citizen);
  CHECK(s.first_response_at == at(60));  // asking the citizen is an answer
  const auto back = then(s, when(s, d::Resume{}));
  CHECK(back.status == CaseStatus::in_progress);
}

TEST_CASE("only an open case waits and only a waiting case resumes", "[domain][case]") {
  require_refused(when(in_progress(), d::WaitForCitizen{""}), Errc::invalid_field, "reason");
  require_refused(when(in_progress(), d::WaitForCitizen{std::string(2'001, 'r')}),
                  Errc::invalid_field, "reason");
  require_refused(when(waiting_for_citizen(), d::WaitForCitizen{"lagi"}), Errc::illegal_transition);
  require_refused(when(resolved_case(), d::WaitForCitizen{"x"}), Errc::illegal_transition);
  require_refused(when(in_progress(), d::Resume{}), Errc::illegal_transition);
  require_refused(when(received(), d::Resume{}), Errc::illegal_transition);
  require_refused(when(resolved_case(), d::Resume{}), Errc::illegal_transition);
}

TEST_CASE("escalation climbs one level at a time up to the head of office", "[domain][case]") {
  auto s = waiting_for_citizen();
  for (std::uint32_t level = 1; level <= d::max_escalation_level; ++level) {
    const auto e = only<d::CaseEscalated>(when(s, d::Escalate{"lewat batas"}));
    CHECK(e.level == level);
    s = CaseDecider::evolve(s, e);
    CHECK(s.escalation_level == level);
    CHECK(s.status == CaseStatus::waiting_for_citizen);
  }
  require_refused(when(s, d::Escalate{"lagi"}), Errc::illegal_transition);
  CHECK(given({complaint_submitted(), escalated(1)}).first_response_at == std::nullopt);
}

TEST_CASE("escalation needs a reason and an open case", "[domain][case]") {
  require_refused(when(received(), d::Escalate{" "}), Errc::invalid_field, "reason");
  const auto r = when(resolved_case(), d::Escalate{"x"});
  require_refused(r, Errc::illegal_transition);
  CHECK(r.error().message == "a case that is resolved cannot be escalated");
  require_refused(when({}, d::Escalate{"x"}), Errc::illegal_transition);
}

TEST_CASE("a complaint is resolved without an outcome", "[domain][case]") {
  const auto e = only<d::CaseResolved>(when(in_progress(), d::Resolve{" Sudah cair. ", {}, {}}));
  CHECK(e.resolution == "Sudah cair.");
  const auto s = CaseDecider::evolve(in_progress(), e);
  CHECK(s.status == CaseStatus::resolved);
  CHECK(s.resolved_at == at(60));
  CHECK(s.first_response_at == in_progress().first_response_at);  // the assignment answered first
  require_refused(when(in_progress(), d::Resolve{"x", d::Outcome::granted, {}}),
                  Errc::invalid_field, "outcome");
  require_refused(when(in_progress(), d::Resolve{"x", {}, "Pasal 17 huruf h"}),
                  Errc::invalid_field, "exemption");
  require_refused(when(in_progress(), d::Resolve{"", {}, {}}), Errc::invalid_field, "resolution");
}

TEST_CASE("an information request is resolved with an outcome and, unless granted, an exemption",
          "[domain][case]") {
  const auto s = given({request_submitted()});
  require_refused(when(s, d::Resolve{"Dijawab.", {}, {}}), Errc::invalid_field, "outcome");
  require_refused(when(s, d::Resolve{"Sebagian.", d::Outcome::partly_granted, " "}),
                  Errc::invalid_field, "exemption");
  require_refused(when(s, d::Resolve{"Ditolak.", d::Outcome::rejected, ""}), Errc::invalid_field,
                  "exemption");
  require_refused(when(s, d::Resolve{"Diberikan.", d::Outcome::granted, "Pasal 17"}),
                  Errc::invalid_field, "exemption");
  CHECK(only<d::CaseResolved>(when(s, d::Resolve{"Diberikan.", d::Outcome::granted, ""}))
            .outcome == d::Outcome::granted);
  const auto e = only<d::CaseResolved>(
      when(s, d::Resolve{"Sebagian.", d::Outcome::partly_granted, "Pasal 17 huruf h"}));
  CHECK(e.exemption == "Pasal 17 huruf h");
  CHECK(CaseDecider::evolve(s, e).outcome == d::Outcome::partly_granted);
}

TEST_CASE("only an open case can be resolved", "[domain][case]") {
  for (const auto* s : {&resolved_case(), &closed_case(), &rejected_case()}) {
    CAPTURE(d::status_name(s->status));
    require_refused(when(*s, d::Resolve{"x", {}, {}}), Errc::illegal_transition);
  }
  CHECK(when(waiting_for_citizen(), d::Resolve{"x", {}, {}}).has_value());
  CHECK(when(received(), d::Resolve{"x", {}, {}}).has_value());
}

TEST_CASE("only a resolved case closes", "[domain][case]") {
  const auto s = then(resolved_case(), when(resolved_case(), d::Close{}));
  CHECK(s.status == CaseStatus::closed);
  CHECK(s.resolved_at == resolved_case().resolved_at);
  CHECK_FALSE(CaseDecider::is_terminal(s));
  for (const auto* t : {&received(), &in_progress(), &waiting_for_citizen(), &closed_case(),
                        &rejected_case()}) {
    CAPTURE(d::status_name(t->status));
    require_refused(when(*t, d::Close{}), Errc::illegal_transition);
  }
}

TEST_CASE("a resolved or closed case reopens, up to three times", "[domain][case]") {
  for (const auto* done : {&resolved_case(), &closed_case()}) {
    const auto s = then(*done, when(*done, d::Reopen{" Belum cair. "}));
    CHECK(s.status == CaseStatus::in_progress);
    CHECK(s.reopen_count == 1);
    CHECK_FALSE(s.resolved_at);
  }
  require_refused(when(resolved_case(), d::Reopen{""}), Errc::invalid_field, "reason");
  require_refused(when(in_progress(), d::Reopen{"x"}), Errc::illegal_transition);

  const auto thrice = given({complaint_submitted(), resolved(), reopened(), resolved(),
                             reopened(), resolved(), reopened(), resolved()});
  CHECK(thrice.reopen_count == d::max_reopens);
  require_refused(when(thrice, d::Reopen{"lagi"}), Errc::illegal_transition);
}

TEST_CASE("a case closed after its last reopening accepts only notes", "[domain][case]") {
  const auto s = given({request_submitted(), resolved(d::Outcome::granted), reopened(),
                        resolved(d::Outcome::granted), reopened(), resolved(d::Outcome::granted),
                        reopened(), resolved(d::Outcome::granted), closed()});
  CHECK(CaseDecider::is_terminal(s));
  CHECK(when(s, d::Note{"arsip"}).has_value());
  for (const d::CaseCommand& c : {d::CaseCommand{d::Reopen{"x"}}, d::CaseCommand{d::Object{"x"}},
                                  d::CaseCommand{d::Reply{"x"}}}) {
    CAPTURE(d::command_type_name(c));
    require_refused(when(s, c), Errc::illegal_transition);
  }
}

TEST_CASE("a rejected case is terminal and accepts only notes", "[domain][case]") {
  const auto e = only<d::CaseRejected>(when(received(), d::Reject{" Bukan kewenangan. "}));
  CHECK(e.reason == "Bukan kewenangan.");
  const auto s = CaseDecider::evolve(received(), e);
  CHECK(s.status == CaseStatus::rejected);
  CHECK(s.first_response_at == at(60));
  CHECK(CaseDecider::is_terminal(s));
  for (const d::CaseCommand& c :
       {d::CaseCommand{d::Reopen{"x"}}, d::CaseCommand{d::Assign{"u", "budi"}},
        d::CaseCommand{d::Reclassify{"lapor-kks"}}, d::CaseCommand{d::Submit{}}}) {
    CAPTURE(d::command_type_name(c));
    const auto r = when(s, c);
    require_refused(r, Errc::illegal_transition);
    CHECK(r.error().message.find("rejected") != std::string::npos);
  }
}

TEST_CASE("only an open case can be rejected, with a reason", "[domain][case]") {
  require_refused(when(in_progress(), d::Reject{"\t"}), Errc::invalid_field, "reason");
  require_refused(when(resolved_case(), d::Reject{"x"}), Errc::illegal_transition);
  CHECK(when(waiting_for_citizen(), d::Reject{"x"}).has_value());
}

TEST_CASE("reclassifying changes the service, restarts the steps and keeps the id",
          "[domain][case]") {
  const auto s = given({complaint_submitted(), advanced(2)});
  const auto e = only<d::CaseReclassified>(when(s, d::Reclassify{"lapor-kks"}));
  CHECK(e.from_service == "pengaduan");
  CHECK(e.to_service == "lapor-kks");
  CHECK(e.step_total == 4);
  const auto after = CaseDecider::evolve(s, e);
  CHECK(after.case_id == "ADU-2026-000042");
  CHECK(after.service == "lapor-kks");
  CHECK(after.step == 0);
  CHECK(after.step_total == 4);
  CHECK(after.status == s.status);
}

TEST_CASE("reclassifying to the same service writes nothing", "[domain][case]") {
  require_nothing(when(in_progress(), d::Reclassify{"pengaduan"}));
}

TEST_CASE("reclassifying needs a service the case's office offers", "[domain][case]") {
  require_refused(when(in_progress(), d::Reclassify{"konsultasi"}), Errc::invalid_field,
                  "service");
  require_refused(when(in_progress(), d::Reclassify{"nope"}), Errc::invalid_field, "service");
  require_refused(when(resolved_case(), d::Reclassify{"lapor-kks"}), Errc::illegal_transition);
}

TEST_CASE("reclassifying into an information request brings its rules", "[domain][case]") {
  require_refused(when(in_progress(), d::Extend{"x"}), Errc::illegal_transition);
  const auto s = then(in_progress(), when(in_progress(), d::Reclassify{"permohonan-informasi"}));
  CHECK(s.information_request);
  CHECK(when(s, d::Extend{"x"}).has_value());
  require_refused(when(s, d::Resolve{"x", {}, {}}), Errc::invalid_field, "outcome");
  const auto back = then(s, when(s, d::Reclassify{"pengaduan"}));
  CHECK_FALSE(back.information_request);
}

TEST_CASE("an information request may be extended once while open", "[domain][case]") {
  const auto s = given({request_submitted()});
  const auto e = only<d::DeadlineExtended>(when(s, d::Extend{" Data di tiga bidang. "}));
  CHECK(e.reason == "Data di tiga bidang.");
  const auto after = CaseDecider::evolve(s, e);
  CHECK(after.extended);
  CHECK(after.status == CaseStatus::received);
  require_refused(when(after, d::Extend{"lagi"}), Errc::illegal_transition);
  require_refused(when(s, d::Extend{""}), Errc::invalid_field, "reason");
  require_refused(when(given({request_submitted(), resolved(d::Outcome::granted)}), d::Extend{"x"}),
                  Errc::illegal_transition);
}

TEST_CASE("an objection reopens a resolved information request once", "[domain][case]") {
  const auto done = given({request_submitted(), resolved(d::Outcome::rejected, "Pasal 17")});
  require_refused(when(given({request_submitted()}), d::Object{"x"}), Errc::illegal_transition);
  require_refused(when(done, d::Object{" "}), Errc::invalid_field, "reason");
  const auto s = then(done, when(done, d::Object{"Alasan penolakan tidak jelas."}));
  CHECK(s.status == CaseStatus::in_progress);
  CHECK(s.objection_filed);
  CHECK_FALSE(s.resolved_at);
  CHECK_FALSE(s.outcome);
  const auto again = then(s, when(s, d::Resolve{"Diberikan.", d::Outcome::granted, ""}));
  require_refused(when(again, d::Object{"lagi"}), Errc::illegal_transition);
  const auto closed_request = given({request_submitted(), resolved(d::Outcome::granted), closed()});
  CHECK(when(closed_request, d::Object{"x"}).has_value());
}

TEST_CASE("a complaint takes no objection and no extension", "[domain][case]") {
  require_refused(when(resolved_case(), d::Object{"x"}), Errc::illegal_transition);
  require_refused(when(received(), d::Extend{"x"}), Errc::illegal_transition);
}

TEST_CASE("a refusal says what the case's status is", "[domain][case]") {
  CHECK(when(closed_case(), d::Escalate{"x"}).error().message ==
        "a case that is closed cannot be escalated");
  CHECK(when(waiting_for_citizen(), d::Advance{1}).error().message ==
        "a case that is waiting for citizen cannot be advanced");
  CHECK(when({}, d::Close{}).error().message.find("status none") != std::string::npos);
}
