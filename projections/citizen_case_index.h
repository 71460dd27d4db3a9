// projections/citizen_case_index.h — which cases a citizen reported, by the
// key a chat channel knows them by: the phone number for WhatsApp, the chat
// id for Telegram. The bot answers "status" with it, and finds the open case
// a message outside a dialogue belongs to (server/citizen_cases.h). Cases
// from the web form or e-mail with the same phone number are found too: the
// number is the citizen's, whatever the channel.
// Keys (under "cc/"):
//   cc/wa/<E.164 digits without "+">/<case id> → ""
//   cc/tg/<chat id>/<case id>                  → ""
// Only a case's submission adds keys, and no event removes them: a case stays
// its reporter's.
#pragma once

#include "projections/projection.h"

#include <string>
#include <vector>

namespace tanggap::projections {

class CitizenCaseIndex final : public Projection {
 public:
  static constexpr std::string_view projection_name = "citizen_cases";
  std::string_view name() const override { return projection_name; }
  std::string_view key_prefix() const override { return "cc/"; }
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override;
};

// The case ids reported from this WhatsApp number ("6281234567890" or
// "+6281234567890"), at most `limit`, in case id order.
Result<std::vector<std::string>> cases_of_phone(const events::EventStore& store, std::string_view phone,
                                                std::size_t limit);
// The same for a Telegram chat.
Result<std::vector<std::string>> cases_of_chat(const events::EventStore& store, std::string_view chat_id,
                                               std::size_t limit);

}  // namespace tanggap::projections
