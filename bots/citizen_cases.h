// bots/citizen_cases.h — what the bot may read of a citizen's own cases: the
// answer to "status" and where a message outside a dialogue belongs. Declared
// here, implemented by server/ over the case projections (STYLE.md §2: arrows
// point inward); tests use an in-memory one. Only cases whose reporter is
// this citizen may be returned: the bot never asks about anybody else's, so
// "status <someone else's id>" finds nothing and leaks nothing.
// Implementations are called from the thread that runs the dialogue and must
// not block on disk sync (a point read of a view is fine).
#pragma once

#include "events/domain/case_types.h"
#include "events/domain/error.h"
#include "events/domain/time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tanggap::bots {

// Who writes: the key under which a channel knows the citizen.
struct Citizen {
  domain::Channel channel = domain::Channel::whatsapp;
  std::string phone;    // E.164, for WhatsApp; empty on Telegram unless shared
  std::string chat_id;  // Telegram chat id; empty on WhatsApp
};

struct CaseSummary {
  std::string case_id;  // "ADU-2026-000042"
  std::string service;  // service type id
  std::string office;
  domain::CaseStatus status = domain::CaseStatus::received;
  std::uint32_t step = 0;  // 0: no step reached yet
  std::uint32_t step_total = 0;
  std::string step_name;  // the office's name of the current step, may be empty
  domain::Instant submitted_at;
  domain::Instant updated_at;
  std::optional<domain::Instant> first_response_due;
  std::optional<domain::Instant> resolution_due;
};

class CitizenCases {
 public:
  virtual ~CitizenCases() = default;
  // The citizen's cases, newest update first. An error when the views cannot
  // be read; the bot then says so instead of "you have no cases".
  virtual Result<std::vector<CaseSummary>> cases_of(const Citizen& citizen) const = 0;
};

// Received, in progress or waiting for the citizen: a message may still be
// added for the officer.
bool is_open(domain::CaseStatus status) noexcept;

}  // namespace tanggap::bots
