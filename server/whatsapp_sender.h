// server/whatsapp_sender.h — one outbound message to the WhatsApp Cloud API
// (PROTOCOLS.md §1.7): the request body (free text, or the configured
// template naming the case when outside the 24-hour window), and the answer
// read back into a SendOutcome: the wamid on acceptance, else Graph's
// error.code and details (§1.8), classified by events/domain/outbound_policy.h.
// Stateless; `send_whatsapp` blocks (the outbox's thread calls it).
#pragma once

#include "events/domain/outbound_types.h"
#include "server/config.h"
#include "server/https_client.h"

#include <cstdint>
#include <string>

namespace tanggap::server {

struct SendOutcome {
  unsigned http_status = 0;  // 0: no answer
  std::string message_id;    // the wamid, when accepted
  std::int64_t error_code = 0;
  std::string detail;        // Graph's details, or why there was no answer
  bool accepted() const { return !message_id.empty(); }
};

// The JSON body of POST {api_base}/{phone_number_id}/messages.
std::string whatsapp_message_body(const domain::OutboundState& record, domain::SendMode mode,
                                  const WhatsAppConfig& config);
// Reads Graph's answer: messages[0].id on 2xx, else error.code and
// error.error_data.details (or error.message). Never throws.
SendOutcome read_send_answer(const OutboundResponse& response);

SendOutcome send_whatsapp(const domain::OutboundState& record, domain::SendMode mode, const WhatsAppConfig& config);

}  // namespace tanggap::server
