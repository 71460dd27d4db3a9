// tests/unit/domain/case_fixture.h — the small world the case decider tests
// live in: a catalog of two offices and four service types, a fixed clock,
// valid commands to vary, and builders for events. A test says "given these
// events, when this command, then these events or this error" (STYLE.md §7).
#pragma once

#include "events/domain/case_decider.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tanggap::testing::cases {

namespace d = tanggap::domain;
using Events = std::vector<d::CaseEvent>;

inline constexpr std::string_view lumajang = "kab-lumajang";  // Asia/Jakarta, UTC+7
inline constexpr std::string_view jayapura = "kota-jayapura";  // Asia/Jayapura, UTC+9

inline d::Service service(std::string type, std::string_view office,
                          std::initializer_list<const char*> steps) {
  d::Service s;
  s.type = std::move(type);
  s.office = std::string(office);
  s.name_id = s.type;
  for (const char* step : steps) s.steps.push_back(d::ProcedureStep{step, {}, false});
  return s;
}

// pengaduan (ADU) at both offices, so naming the office matters; the
// information request (INF) and KKS misuse reports (KKS, confidential by
// default) only at Lumajang; konsultasi (KON) only at Jayapura.
inline const d::Catalog& catalog() {
  static const d::Catalog c = [] {
    d::Catalog cat;
    cat.types.push_back({"pengaduan", "ADU", "Pengaduan", "Complaint", d::Privacy::public_,
                         false, false, true});
    cat.types.push_back({"permohonan-informasi", "INF", "Permohonan Informasi",
                         "Information request", d::Privacy::public_, true, false, false});
    cat.types.push_back({"lapor-kks", "KKS", "Lapor KKS", "KKS misuse", d::Privacy::confidential,
                         false, false, true});
    cat.types.push_back({"konsultasi", "KON", "Konsultasi", "Consultation", d::Privacy::public_,
                         false, false, true});
    cat.offices.push_back({std::string(lumajang), "Dinas Sosial Kab. Lumajang", "", "", "",
                           "Asia/Jakarta", "id-jatim", {}, {}});
    cat.offices.push_back({std::string(jayapura), "Dinas Sosial Kota Jayapura", "", "", "",
                           "Asia/Jayapura", "id-papua", {}, {}});
    cat.services.push_back(service("pengaduan", lumajang,
                                   {"Verifikasi aduan", "Klarifikasi ke unit", "Tindak lanjut"}));
    cat.services.push_back(service("pengaduan", jayapura, {"Verifikasi", "Tindak lanjut"}));
    cat.services.push_back(service("permohonan-informasi", lumajang,
                                   {"Registrasi permohonan", "Pemberitahuan tertulis"}));
    cat.services.push_back(service("lapor-kks", lumajang,
                                   {"Verifikasi", "Klarifikasi", "Koordinasi bank", "Tindak lanjut"}));
    cat.services.push_back(service("konsultasi", jayapura, {"Jawaban"}));
    return cat;
  }();
  return c;
}

// Monday 23 November 2026, 09:00 in Lumajang.
inline d::Instant t0() {
  return d::Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}} +
         std::chrono::hours{2};
}
inline d::Instant at(int minutes) { return t0() + std::chrono::minutes{minutes}; }

inline d::Context ctx(d::Instant now = at(60), std::string officer = "siti") {
  return d::Context{now, d::Actor{"officer", std::move(officer)}, &catalog()};
}

inline const std::string hash = std::string(64, 'a');

// Valid submissions to vary one field at a time.
inline d::Submit complaint() {
  d::Submit c;
  c.case_id = "ADU-2026-000042";
  c.service = "pengaduan";
  c.office = std::string(lumajang);
  c.channel = d::Channel::whatsapp;
  c.title = "Bantuan PKH belum cair";
  c.body = "Sudah tiga bulan bantuan PKH ibu saya belum cair.";
  c.reporter = d::Reporter{"Sri Wahyuni", "+6281200001234", "", "", ""};
  c.tracking_code_hash = hash;
  return c;
}
inline d::Submit request() {
  d::Submit c = complaint();
  c.case_id = "INF-2026-000007";
  c.service = "permohonan-informasi";
  c.title = "Daftar penerima BPNT 2026";
  c.body = "Mohon salinan daftar penerima BPNT per desa tahun 2026.";
  return c;
}

inline d::CaseSubmitted submitted(const d::Submit& c, std::uint32_t step_total,
                                  bool information_request) {
  d::CaseSubmitted e;
  e.case_id = c.case_id;
  e.service = c.service;
  e.office = c.office;
  e.channel = c.channel;
  e.title = c.title;
  e.body = c.body;
  e.reporter = c.reporter;
  e.tracking_code_hash = c.tracking_code_hash;
  e.step_total = step_total;
  e.at = t0();
  e.information_request = information_request;
  return e;
}
inline d::CaseSubmitted complaint_submitted() { return submitted(complaint(), 3, false); }
inline d::CaseSubmitted request_submitted() { return submitted(request(), 2, true); }

inline d::CaseAssigned assigned(std::string officer = "siti") {
  return {"bidang-linjamsos", std::move(officer), at(10)};
}
inline d::OfficerReplied replied() { return {"Sedang kami periksa.", "siti", at(20)}; }
inline d::StepAdvanced advanced(std::uint32_t step, std::uint32_t total = 3) {
  return {step, total, "", at(25)};
}
inline d::CitizenWaitStarted waiting() { return {"Mohon kirim foto KKS.", at(30)}; }
inline d::CitizenWaitEnded wait_ended() { return {at(35)}; }
inline d::CaseEscalated escalated(std::uint32_t level) { return {level, "lewat batas", at(36)}; }
inline d::CaseResolved resolved(std::optional<d::Outcome> outcome = std::nullopt,
                                std::string exemption = {}) {
  return {"Bantuan sudah cair.", outcome, std::move(exemption), at(40)};
}
inline d::CaseClosed closed() { return {at(45)}; }
inline d::CaseReopened reopened() { return {"Belum selesai.", at(50)}; }
inline d::CaseRejected rejected() { return {"Bukan kewenangan dinas.", at(40)}; }
inline d::DeadlineExtended extended() { return {"Data di tiga bidang.", at(30)}; }
inline d::ObjectionFiled objected() { return {"Jawaban tidak lengkap.", at(50)}; }

inline d::CaseState given(std::initializer_list<d::CaseEvent> events) {
  return d::fold(Events(events));
}

inline Result<Events> when(const d::CaseState& s, const d::CaseCommand& c,
                           const d::Context& x = ctx()) {
  return d::CaseDecider::decide(c, s, x);
}

// The single event a decision recorded, of the expected type.
template <class E>
E only(const Result<Events>& r) {
  INFO((r.has_error() ? r.error().message : std::string{}));
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 1);
  REQUIRE(std::holds_alternative<E>(r->front()));
  return std::get<E>(r->front());
}

inline void require_refused(const Result<Events>& r, Errc code, std::string_view field = {}) {
  REQUIRE(r.has_error());
  INFO(r.error().message);
  CHECK(code_name(r.error().code) == code_name(code));
  CHECK(r.error().field == field);
  CHECK_FALSE(r.error().message.empty());
}

inline void require_nothing(const Result<Events>& r) {
  INFO((r.has_error() ? r.error().message : std::string{}));
  REQUIRE(r.has_value());
  CHECK(r->empty());
}

inline d::CaseState then(d::CaseState s, const Result<Events>& r) {
  INFO((r.has_error() ? r.error().message : std::string{}));
  REQUIRE(r.has_value());
  for (const auto& e : *r) s = d::CaseDecider::evolve(std::move(s), e);
  return s;
}

}  // namespace tanggap::testing::cases
