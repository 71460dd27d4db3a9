// projections/response_time_fact.h — what the response-time report knows of
// one case: a compact fact row (received when, where, through which channel;
// how long its first response and resolution took in office time and in
// calendar time; whether it kept its limits; what an information request's
// outcome was), and the fold that keeps it current from the case's events.
// Pure: the fold is evolve_response_time(), the fact follows from the fold,
// the catalog (the limits) and the office's calendar (office time). So the
// report's numbers are tested with plain values, and the projection
// (response_time_view.h) only stores what these functions compute.
// "First response" and "resolution" are the SLA clocks of events/domain/sla.h:
// the first thing the citizen sees (a reply, the assignment that puts the
// case in progress, a step, a wait, resolve, reject) and resolve or reject,
// with waits for the citizen and the stretch between a resolution and a
// reopen not counted.
#pragma once

#include "events/domain/business_calendar.h"
#include "events/domain/case_types.h"
#include "events/domain/error.h"
#include "events/domain/sla_types.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tanggap::projections {

// What a case's events say that the report needs, folded in log order.
struct ResponseTimeFold {
  domain::SlaTimeline sla;  // the clocks, folded with evolve_sla; service and office live here
  domain::Instant received;
  domain::Channel channel = domain::Channel::web;
  std::string unit;  // the last unit assigned; "" before the first assignment
  bool information_request = false;
  std::uint32_t breaches = 0;     // SlaBreached events, every clock
  std::uint32_t escalations = 0;  // CaseEscalated events
  std::optional<domain::Outcome> outcome;  // the last resolve's
  std::string exemption;                   // the last resolve's Pasal 17 ground
  bool extended = false;
  bool objected = false;

  bool operator==(const ResponseTimeFold&) const = default;
};

ResponseTimeFold evolve_response_time(ResponseTimeFold fold, const domain::CaseEvent& event);

// One row of the report's input. Durations are the clock's own time, pauses
// excluded: office time of the office's calendar ("working") and elapsed
// time ("calendar"), both in milliseconds; empty while the clock runs.
struct CaseFact {
  domain::Instant received;
  std::chrono::sys_days received_day;  // the office's local date of receipt: the case's period
  domain::Channel channel = domain::Channel::web;
  std::string service;
  std::string office;
  std::string unit;
  bool information_request = false;
  // When the resolution clock stopped (resolve or reject); empty while open.
  std::optional<domain::Instant> resolved_at;
  std::optional<std::int64_t> first_response_working_ms;
  std::optional<std::int64_t> first_response_calendar_ms;
  std::optional<std::int64_t> resolution_working_ms;
  std::optional<std::int64_t> resolution_calendar_ms;
  // The stopped clock kept its limit (the catalog's, extension included);
  // empty while running or when the catalog no longer knows the service.
  std::optional<bool> first_response_within_limit;
  std::optional<bool> resolution_within_limit;
  std::uint32_t breaches = 0;
  std::uint32_t escalations = 0;
  std::optional<domain::Outcome> outcome;
  std::string exemption;
  bool extended = false;
  bool objected = false;
  // Information requests: working days after the day of receipt up to and
  // including the day of the answer (0: answered the day it came in).
  std::optional<std::uint32_t> working_days_to_answer;

  bool operator==(const CaseFact&) const = default;
};

// The fact of a folded case. Without a calendar for the office, office time
// and working days stay empty and the local date is taken at UTC+7 (WIB).
CaseFact case_fact(const ResponseTimeFold& fold, const domain::Catalog& catalog,
                   const domain::Calendars& calendars);

// One fact's bytes (grammar atop response_time_fact_codec.cpp); a damaged
// row is storage_failed, never a crash.
std::string encode_fact(const CaseFact& fact);
Result<CaseFact> decode_fact(std::string_view bytes);

// The local date of `t` at an office: its calendar's offset, else WIB.
std::chrono::sys_days office_day(const domain::Calendars& calendars, std::string_view office, domain::Instant t);

}  // namespace tanggap::projections
