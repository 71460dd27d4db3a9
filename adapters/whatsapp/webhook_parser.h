// adapters/whatsapp/webhook_parser.h — a WhatsApp Cloud API change notification
// (the POST body of /webhooks/whatsapp, PROTOCOLS.md §1.2–1.5) turned into
// channel-neutral values: the citizens' messages and the delivery states of ours.
// Call it only after valid_signature() accepted the same bytes.
//
// Lenient where Meta is, strict where safety needs it:
// - Not a notification at all (not JSON, nested deeper than max_json_depth, not
//   an object, `object` other than "whatsapp_business_account", no `entry`
//   array) → Errc::malformed. Everything below that is judged per element, so
//   one bad message never loses the others of the same delivery.
// - Unknown fields are ignored; changes whose `field` is not "messages" are
//   skipped (account_update and the like: acknowledge and ignore).
// - A message or status whose `id` (the wamid, the dedupe key) is missing or
//   not a wamid is dropped and counted in `dropped`: without its key it could
//   be neither deduplicated nor answered once. Every returned record has a
//   valid wamid.
// - A message of a type we do not know ("order", "system", "unsupported", an
//   interactive "nfm_reply") is kept as MessageKind::unknown with `type_name`
//   as sent and its `errors`. A message of a known type whose fields are wrong
//   (a number where a string belongs, no `from`, a bad timestamp, a location
//   out of range) is kept as MessageKind::invalid with `problem` saying what:
//   record it, do not act on it.
// - Long free text (text body, caption) is cut at max_text_bytes on a UTF-8
//   boundary and flagged `truncated`; short texts (names, titles, filenames)
//   at max_short_text_bytes. Identifiers are never cut: too long → invalid.
// - The same wamid twice in one delivery is returned once; statuses likewise
//   by (wamid, status). Deduplication across deliveries is the store's job.
// - At most max_records records of each list are returned; the rest are
//   dropped and counted (Meta batches at most 1,000 updates per POST).
// nlohmann has already refused invalid UTF-8, so every string is valid UTF-8.
//
// Pure: no I/O, no clock, no state; callable from any thread. The result owns
// its strings.
#pragma once

#include "events/domain/error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::adapters::whatsapp {

inline constexpr std::size_t max_json_depth = 32;         // Meta's payloads nest ≤ 12
inline constexpr std::size_t max_records = 1000;          // per list, per delivery
inline constexpr std::size_t max_wamid_bytes = 256;
inline constexpr std::size_t max_wa_id_digits = 20;
inline constexpr std::size_t max_text_bytes = 64 * 1024;  // Meta sends ≤ 4,096 characters
inline constexpr std::size_t max_short_text_bytes = 1024;
inline constexpr std::size_t max_reply_id_bytes = 1024;   // ours are ≤ 256 (§1.7)
inline constexpr std::size_t max_media_id_bytes = 256;
inline constexpr std::size_t max_contact_phones = 50;
inline constexpr std::size_t max_notes = 16;

enum class MessageKind {
  text,
  interactive_button_reply,
  interactive_list_reply,
  button,  // a template's quick-reply button
  image,
  document,
  audio,
  video,
  sticker,
  location,
  contacts,
  reaction,
  unknown,  // a type we do not handle; `type_name` says which
  invalid,  // a known type with unreadable fields; `problem` says why
};
std::string_view kind_name(MessageKind kind) noexcept;  // "interactive_list_reply"

// An error object as Meta sends it (messages[].errors, statuses[].errors,
// value.errors). Act on `code` and `details`; titles are being deprecated.
struct WaError {
  std::int64_t code = 0;
  std::string title;
  std::string details;  // error_data.details, else message
};

struct InboundMessage {
  std::string wamid;            // messages[].id: the dedupe key, always valid
  std::string from;             // digits with country code, as sent; empty when invalid
  std::string wa_id;            // contacts[].wa_id of the sender, else `from`: key the citizen on this
  std::string profile_name;     // contacts[].profile.name, may be empty
  std::int64_t timestamp = 0;   // Unix seconds
  MessageKind kind = MessageKind::unknown;
  std::string type_name;        // `type` as sent ("interactive/nfm_reply" for unknown interactive types)
  std::string text;             // text body, caption, button text, reply title, reaction emoji,
                                // shared contacts' names (", "-joined)
  bool truncated = false;       // `text` was longer than max_text_bytes
  std::string reply_id;         // interactive reply id or template button payload
  std::string media_id, media_mime_type, media_sha256, filename;
  bool voice = false;           // audio recorded as a voice note
  std::optional<double> lat, lon;
  std::string location_name, location_address;
  std::vector<std::string> contact_phones;
  std::string context_wamid;    // the message replied to, or reacted to
  bool forwarded = false;       // context.forwarded or frequently_forwarded
  std::vector<WaError> errors;  // e.g. 131051 on an unsupported type
  std::string problem;          // why `kind` is invalid; empty otherwise
  std::string phone_number_id;  // metadata.phone_number_id: which of our numbers got it
};

// `played` (voice notes) follows `read`. Meta does not order statuses: callers
// must never move a record backwards.
enum class DeliveryState { sent, delivered, read, played, failed, unknown };
std::string_view state_name(DeliveryState state) noexcept;

struct DeliveryStatus {
  std::string wamid;            // statuses[].id: our outbound message, always valid
  std::string recipient;        // recipient_id digits; empty when absent or not digits
  DeliveryState state = DeliveryState::unknown;
  std::string status_name;      // `status` as sent (for unknown)
  std::int64_t timestamp = 0;   // Unix seconds; 0 when unreadable (see problem)
  std::vector<WaError> errors;  // with failed: 131047 re-engagement, 131026 undeliverable, …
  std::string problem;          // a field that could not be read; empty otherwise
  std::string phone_number_id;
};

struct Notification {
  std::vector<InboundMessage> messages;
  std::vector<DeliveryStatus> statuses;
  std::vector<WaError> errors;     // value.errors: account- or app-level problems
  std::size_t dropped = 0;         // records dropped: no valid wamid, or past max_records
  std::vector<std::string> notes;  // why, for the log: the first max_notes reasons
};

Result<Notification> parse_notification(std::string_view raw_body);

}  // namespace tanggap::adapters::whatsapp
