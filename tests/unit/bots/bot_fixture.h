// tests/unit/bots/bot_fixture.h — the small world the dialogue tests talk in:
// one office with four services (one that may not be anonymous, one with a
// name too long for a list row), the real texts of ops/texts/, an in-memory
// CitizenCases, and a Chat that feeds inputs one after another the way the
// shell will, keeping the state between turns.
#pragma once

#include "bots/citizen_cases.h"
#include "bots/dialogue.h"
#include "server/bot_texts_json.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace tanggap::testing::bots {

namespace b = tanggap::bots;
namespace d = tanggap::domain;

inline d::Instant at(int minute) {
  using namespace std::chrono;
  return d::Instant{sys_days{year{2026} / 3 / 2} + hours{3} + minutes{minute}};  // 10:00 WIB onwards
}

inline const d::Catalog& catalog() {
  static const d::Catalog c = [] {
    d::Catalog cat;
    cat.types.push_back({"pengaduan", "ADU", "Pengaduan", "Complaint", d::Privacy::public_, false, false, true});
    cat.types.push_back({"permohonan-informasi", "INF", "Permohonan Informasi", "Information request",
                         d::Privacy::public_, true, false, false});
    cat.types.push_back({"usulan-dtsen", "DTK", "Usulan DTSEN", "DTSEN proposal", d::Privacy::public_, false,
                         false, true});
    cat.types.push_back({"lapor-kks", "KKS", "Lapor KKS", "KKS misuse", d::Privacy::confidential, false, false,
                         true});
    cat.offices.push_back({"kab-lumajang", "Dinas Sosial P3A Kabupaten Lumajang", "", "", "", "Asia/Jakarta",
                           "kab-lumajang", {}, {}});
    d::Service adu{"pengaduan", "kab-lumajang", "Pengaduan Layanan", "Service complaint", "", {}, {}, {}, {}, "", "",
                   {}};
    adu.steps = {{"Verifikasi aduan", {}, false}, {"Tindak lanjut", {}, false}};
    adu.resolution = {{5, d::ClockUnit::working_days}, {60, d::ClockUnit::calendar_days}, ""};
    adu.cost = "Tidak dipungut biaya";
    d::Service inf{"permohonan-informasi", "kab-lumajang", "Permohonan Informasi Publik", "Public information request",
                   "", {}, {}, {}, {}, "", "", {}};
    inf.requirements = {"KTP pemohon"};
    d::Service dtk{"usulan-dtsen", "kab-lumajang", "Pengusulan DTSEN dan Bantuan Sosial Daerah",
                   "Proposal into DTSEN and regional aid", "", {}, {}, {}, {}, "", "", {}};
    dtk.requirements = {"Fotokopi KTP", "Fotokopi Kartu Keluarga", "Surat keterangan tidak mampu dari desa"};
    dtk.steps = {{"Pendaftaran di desa", {}, false}, {"Verifikasi Dinas", {}, false},
                 {"Penetapan Kemensos", {}, true}};
    dtk.resolution = {{7, d::ClockUnit::working_days}, {15, d::ClockUnit::working_days}, ""};
    dtk.cost = "Tidak dipungut biaya";
    d::Service kks{"lapor-kks", "kab-lumajang", "Lapor Penyalahgunaan KKS", "KKS misuse report", "", {}, {}, {}, {},
                   "", "", {}};
    cat.services = {adu, inf, dtk, kks};
    return cat;
  }();
  return c;
}

inline const b::TextBook& texts() {
  static const b::TextBook book = [] {
    auto loaded = server::load_bot_texts(std::string(TANGGAP_SOURCE_DIR) + "/ops/texts");
    REQUIRE(loaded.has_value());
    return *loaded;
  }();
  return book;
}

// Cases by phone: the server's projection-backed one answers the same question.
struct MemoryCases : b::CitizenCases {
  std::map<std::string, std::vector<b::CaseSummary>> by_phone;
  bool broken = false;
  Result<std::vector<b::CaseSummary>> cases_of(const b::Citizen& citizen) const override {
    if (broken) return fail(Errc::storage_failed, "views unavailable");
    const auto it = by_phone.find(citizen.phone);
    if (it == by_phone.end()) return std::vector<b::CaseSummary>{};
    return it->second;
  }
};

inline b::CaseSummary summary(std::string id, d::CaseStatus status, int updated_minute = 0) {
  b::CaseSummary s;
  s.case_id = std::move(id);
  s.service = "pengaduan";
  s.office = "kab-lumajang";
  s.status = status;
  s.step = 1;
  s.step_total = 2;
  s.step_name = "Verifikasi aduan";
  s.submitted_at = at(0);
  s.updated_at = at(updated_minute);
  s.resolution_due = at(0) + std::chrono::days(7);
  return s;
}

inline constexpr const char* siti = "+6281200001234";

// One citizen's conversation: every say() is one turn, the state carried on.
struct Chat {
  MemoryCases cases;
  b::BotContext ctx;
  b::DialogueState state;
  b::Turn last;
  int minute = 0;

  explicit Chat(d::Channel channel = d::Channel::whatsapp) {
    ctx.citizen = b::Citizen{channel, siti, ""};
    ctx.office = "kab-lumajang";
    ctx.catalog = &catalog();
    ctx.texts = &texts();
    ctx.cases = &cases;
  }
  const b::Turn& send(b::InputKind what) {
    last = b::respond(state, b::CitizenInput{std::move(what), at(++minute)}, ctx);
    state = last.state;
    return last;
  }
  const b::Turn& say(std::string text) { return send(b::TextMessage{std::move(text)}); }
  const b::Turn& tap(std::string id) { return send(b::ChoiceMade{std::move(id)}); }

  // All reply texts of the last turn, joined: what the citizen read.
  std::string read() const {
    std::string all;
    for (const auto& r : last.replies) all += r.text + "\n";
    return all;
  }
  std::vector<std::string> choice_ids() const {
    std::vector<std::string> ids;
    for (const auto& r : last.replies)
      for (const auto& c : r.choices) ids.push_back(c.id);
    return ids;
  }
  template <class E>
  const E* effect() const {
    for (const auto& e : last.effects)
      if (const E* found = std::get_if<E>(&e)) return found;
    return nullptr;
  }
};

inline bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace tanggap::testing::bots
