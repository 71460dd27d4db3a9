// What the parser does with bodies that are not what Meta sends: errors for a
// body that is no notification, and per-record judgement inside one that is.
#include "tests/unit/adapters/whatsapp_payloads.h"

#include <catch2/catch.hpp>

using namespace tanggap;
using namespace tanggap::adapters::whatsapp;
using namespace tanggap::testing::wa;

namespace {

void require_malformed(const std::string& body) {
  const auto r = parse_notification(body);
  REQUIRE(r.has_error());
  CHECK(r.error().code == Errc::malformed);
  CHECK_FALSE(r.error().message.empty());
}

const std::string good = text_message("wamid.GOOD", "tetap ada");

// A delivery of `bad` between two good texts: the good ones must survive.
Notification among_good(const std::string& bad) {
  auto n = parsed(messages(text_message("wamid.GOOD-1", "satu") + "," + bad + "," +
                           text_message("wamid.GOOD-2", "dua")));
  REQUIRE(n.messages.size() >= 2);
  CHECK(n.messages.front().wamid == "wamid.GOOD-1");
  CHECK(n.messages.front().kind == MessageKind::text);
  CHECK(n.messages.back().wamid == "wamid.GOOD-2");
  CHECK(n.messages.back().text == "dua");
  return n;
}

// The one bad message of among_good(), which must be kept as invalid.
InboundMessage invalid_among_good(const std::string& bad, const std::string& problem_mentions) {
  const auto n = among_good(bad);
  REQUIRE(n.messages.size() == 3);
  const auto& m = n.messages[1];
  CHECK(m.kind == MessageKind::invalid);
  CHECK_THAT(m.problem, Catch::Contains(problem_mentions));
  return m;
}

void dropped_among_good(const std::string& bad) {
  const auto n = among_good(bad);
  CHECK(n.messages.size() == 2);
  CHECK(n.dropped == 1);
  REQUIRE(n.notes.size() == 1);
  CHECK_THAT(n.notes[0], Catch::Contains("messages[1]"));
}

}  // namespace

TEST_CASE("a body that is not JSON, or is cut short, is malformed", "[whatsapp][parser][malformed]") {
  require_malformed("");
  require_malformed("hello");
  require_malformed("object=whatsapp_business_account");
  const std::string full = messages(good);
  for (const std::size_t cut : {std::size_t{1}, full.size() / 3, full.size() / 2, full.size() - 1}) {
    CAPTURE(cut);
    require_malformed(full.substr(0, cut));
  }
  require_malformed(full + "}");
  require_malformed(full + R"({"object":"whatsapp_business_account","entry":[]})");
}

TEST_CASE("JSON that is not a WhatsApp notification is malformed", "[whatsapp][parser][malformed]") {
  require_malformed(R"({"object":"page","entry":[]})");                 // Messenger
  require_malformed(R"({"object":"instagram","entry":[]})");
  require_malformed(R"({"entry":[]})");                                 // no object
  require_malformed(R"({"object":42,"entry":[]})");
  require_malformed(R"({"object":"whatsapp_business_account"})");        // no entry
  require_malformed(R"({"object":"whatsapp_business_account","entry":{}})");
  require_malformed(R"([{"object":"whatsapp_business_account","entry":[]}])");
  require_malformed(R"("whatsapp_business_account")");
  require_malformed("null");
  // The smallest that is one: no entries, nothing to do.
  const auto empty = parsed(R"({"object":"whatsapp_business_account","entry":[]})");
  CHECK(empty.messages.empty());
  CHECK(empty.statuses.empty());
}

TEST_CASE("deeply nested JSON is refused before parsing", "[whatsapp][parser][malformed]") {
  require_malformed(std::string(100'000, '['));
  require_malformed(std::string(100'000, '[') + std::string(100'000, ']'));
  require_malformed(R"({"object":"whatsapp_business_account","entry":)" + std::string(100'000, '['));
  // Nesting too deep inside an otherwise good notification (an unknown field).
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += R"({"a":)";
  deep += "1";
  for (int i = 0; i < 40; ++i) deep += "}";
  require_malformed(messages(message("wamid.DEEP", "text", R"("text":{"body":"x"},"extra":)" + deep)));
  // Brackets inside strings do not count.
  const auto n = parsed(messages(text_message("wamid.BRACKETS", std::string(1000, '['))));
  REQUIRE(n.messages.size() == 1);
  CHECK(n.messages[0].text == std::string(1000, '['));
}

TEST_CASE("a 5 MB notification with one huge text keeps its first 64 KiB on a character boundary",
          "[whatsapp][parser][limits]") {
  std::string huge;
  const std::string euro = "\xE2\x82\xAC";  // 3 bytes: 65,536 is no multiple of 3
  huge.reserve(5 * 1024 * 1024 + 3);
  while (huge.size() < 5 * 1024 * 1024) huge += euro;
  const std::string body = messages(text_message("wamid.HUGE", huge) + "," + good);
  REQUIRE(body.size() > 5 * 1024 * 1024);
  const auto n = parsed(body);
  REQUIRE(n.messages.size() == 2);
  const auto& m = n.messages[0];
  CHECK(m.kind == MessageKind::text);
  CHECK(m.truncated);
  CHECK(m.text.size() == max_text_bytes - max_text_bytes % 3);
  CHECK(m.text == huge.substr(0, m.text.size()));
  CHECK(n.messages[1].text == "tetap ada");
  CHECK_FALSE(n.messages[1].truncated);
  // Exactly at the cap: kept whole.
  const auto at_cap = parsed(messages(text_message("wamid.CAP", std::string(max_text_bytes, 'a'))));
  CHECK(at_cap.messages[0].text.size() == max_text_bytes);
  CHECK_FALSE(at_cap.messages[0].truncated);
}

TEST_CASE("invalid UTF-8 anywhere makes the notification malformed", "[whatsapp][parser][malformed]") {
  require_malformed(messages(text_message("wamid.U8", "Bantuan \xFF belum cair")));
  require_malformed(messages(text_message("wamid.U8", "overlong \xC0\xAF")));
  require_malformed(messages(text_message("wamid.U8", "cut \xE2\x82")));
  require_malformed(messages(text_message("wamid.U8", "surrogate \xED\xA0\x80")));
  require_malformed(messages(text_message("wamid.U8", R"(lone escape \ud800 here)")));
  // Valid multi-byte UTF-8 and escapes pass.
  const auto n = parsed(messages(text_message("wamid.U8", "Ibu \xC3\xA4 \\u00e4 \xF0\x9F\x99\x8F")));
  CHECK(n.messages[0].text == "Ibu \xC3\xA4 \xC3\xA4 \xF0\x9F\x99\x8F");
}

TEST_CASE("a message without a valid wamid is dropped and counted, the others kept",
          "[whatsapp][parser][malformed]") {
  dropped_among_good(R"({"from":"6281234567890","timestamp":"1763800000","type":"text","text":{"body":"no id"}})");
  dropped_among_good(R"({"from":"6281234567890","id":12345,"timestamp":"1763800000","type":"text","text":{"body":"x"}})");
  dropped_among_good(text_message("", "empty id"));
  dropped_among_good(text_message("wamid.with space", "x"));
  dropped_among_good(text_message("wamid." + std::string(max_wamid_bytes, 'A'), "too long"));
  dropped_among_good(R"("a string, not a message")");
  dropped_among_good("null");
  // The longest wamid that is still one.
  const auto n = among_good(text_message(std::string(max_wamid_bytes, 'w'), "panjang"));
  CHECK(n.messages.size() == 3);
}

TEST_CASE("a message with missing fields is kept as invalid, the others kept", "[whatsapp][parser][malformed]") {
  invalid_among_good(R"({"id":"wamid.NOFROM","timestamp":"1763800000","type":"text","text":{"body":"x"}})", "from");
  invalid_among_good(R"({"from":"6281234567890","id":"wamid.NOTS","type":"text","text":{"body":"x"}})", "timestamp");
  invalid_among_good(R"({"from":"6281234567890","id":"wamid.NOTYPE","timestamp":"1763800000"})", "type");
  invalid_among_good(message("wamid.NOBODY", "text", R"("text":{})"), "text.body");
  invalid_among_good(message("wamid.NOTEXT", "text", ""), "text");
  invalid_among_good(message("wamid.NOMEDIA", "image", R"("image":{"mime_type":"image/jpeg"})"), "image.id");
  invalid_among_good(message("wamid.NOLOC", "location", R"("location":{"latitude":-8.1})"), "longitude");
  invalid_among_good(message("wamid.NOREPLY", "interactive", R"("interactive":{"type":"button_reply"})"),
                     "button_reply");
  invalid_among_good(message("wamid.NOBTN", "button", R"("button":{})"), "button");
  invalid_among_good(message("wamid.NOREACT", "reaction", R"("reaction":{"emoji":"x"})"), "message_id");
}

TEST_CASE("a message with wrongly typed fields is kept as invalid, the others kept",
          "[whatsapp][parser][malformed]") {
  invalid_among_good(R"({"from":6281234567890,"id":"wamid.T1","timestamp":"1763800000","type":"text","text":{"body":"x"}})",
                     "from");
  invalid_among_good(R"({"from":"6281234567890","id":"wamid.T2","timestamp":true,"type":"text","text":{"body":"x"}})",
                     "timestamp");
  invalid_among_good(R"({"from":"6281234567890","id":"wamid.T3","timestamp":"1763800000","type":7,"text":{"body":"x"}})",
                     "type");
  const auto body42 = invalid_among_good(message("wamid.T4", "text", R"("text":{"body":42})"), "text.body");
  CHECK(body42.from == "6281234567890");  // what could be read stays for the record
  CHECK(body42.type_name == "text");
  invalid_among_good(message("wamid.T5", "text", R"("text":"x")"), "text");
  invalid_among_good(message("wamid.T6", "location", R"("location":{"latitude":"-8.1","longitude":113.2})"),
                     "latitude");
  invalid_among_good(
      message("wamid.T7", "interactive", R"("interactive":{"type":"button_reply","button_reply":{"id":7,"title":"x"}})"),
      "button_reply.id");
  invalid_among_good(message("wamid.T8", "image", R"("image":{"id":"1","caption":["x"]})"), "caption");
  invalid_among_good(message("wamid.T9", "audio", R"("audio":{"id":"1","voice":"yes"})"), "voice");
  invalid_among_good(message("wamid.T10", "contacts", R"("contacts":{"name":"x"})"), "contacts");
}

TEST_CASE("senders, timestamps and coordinates outside their range make a message invalid",
          "[whatsapp][parser][malformed]") {
  invalid_among_good(message("wamid.F1", "text", R"("text":{"body":"x"})", "+6281234567890"), "from");
  invalid_among_good(message("wamid.F2", "text", R"("text":{"body":"x"})", std::string(21, '6')), "from");
  invalid_among_good(message("wamid.F3", "text", R"("text":{"body":"x"})", "62 812"), "from");
  CHECK(among_good(message("wamid.F4", "text", R"("text":{"body":"x"})", std::string(20, '6'))).messages[1].kind ==
        MessageKind::text);
  for (const std::string ts : {"", "-1763800000", "1763800000.5", "1e9", " 1763800000", "1234567890123456789"}) {
    CAPTURE(ts);
    invalid_among_good(message("wamid.TS", "text", R"("text":{"body":"x"})", "6281234567890", ts), "timestamp");
  }
  // Meta sends strings; a plain number is read too.
  const auto number = among_good(R"({"from":"6281234567890","id":"wamid.TSN","timestamp":1763800000,"type":"text","text":{"body":"x"}})");
  CHECK(number.messages[1].timestamp == 1763800000);
  invalid_among_good(message("wamid.L1", "location", R"("location":{"latitude":91,"longitude":113.2})"), "latitude");
  invalid_among_good(message("wamid.L2", "location", R"("location":{"latitude":-8.1,"longitude":-180.5})"),
                     "longitude");
  // A number beyond double is refused by nlohmann itself: the whole body is malformed.
  require_malformed(messages(message("wamid.L3", "location", R"("location":{"latitude":1e400,"longitude":1})")));
  invalid_among_good(message("wamid.R1", "interactive",
                             R"("interactive":{"type":"list_reply","list_reply":{"id":")" +
                                 std::string(max_reply_id_bytes + 1, 'x') + R"(","title":"x"}})"),
                     "list_reply.id");
  invalid_among_good(message("wamid.R2", "interactive", R"("interactive":{"type":"button_reply","button_reply":{"id":""}})"),
                     "button_reply.id");
}

TEST_CASE("broken envelope parts are skipped with a note, the rest of the delivery kept",
          "[whatsapp][parser][malformed]") {
  const std::string good_change = change(value(R"("messages":[)" + good + "]"));
  const auto n = parsed(notification(
      R"("not an entry",{"id":"1"},{"id":"2","changes":{"value":{}}},)" +
      entry(R"({"field":"messages","value":[1,2]},)" + change(value(R"("messages":"x","statuses":7)")) + "," +
            good_change)));
  REQUIRE(n.messages.size() == 1);
  CHECK(n.messages[0].wamid == "wamid.GOOD");
  CHECK(n.dropped == 0);
  CHECK(n.notes.size() == 5);
  // messages[] broken, statuses[] fine: the statuses still count.
  const auto s = parsed(notification(entry(change(value(
      R"("messages":{"id":"wamid.X"},"statuses":[{"id":"wamid.OUT-1","status":"read","timestamp":"1","recipient_id":"62"}])")))));
  CHECK(s.messages.empty());
  REQUIRE(s.statuses.size() == 1);
  CHECK(s.statuses[0].state == DeliveryState::read);
}

TEST_CASE("statuses with unreadable fields are kept with a problem, without an id they are dropped",
          "[whatsapp][parser][status]") {
  const auto n = parsed(statuses(
      R"({"id":"wamid.OUT-1","status":"read","timestamp":"yesterday","recipient_id":"6281234567890"},)"
      R"({"id":"wamid.OUT-2","status":3,"timestamp":"1763800000"},)"
      R"({"id":"wamid.OUT-3","status":"failed","timestamp":"1763800000","recipient_id":"+62 812","errors":[{"title":"no code"},{"code":"131047"},{"code":131026,"title":"Message undeliverable"}]},)"
      R"({"status":"sent","timestamp":"1763800000","recipient_id":"6281234567890"})"));
  REQUIRE(n.statuses.size() == 3);
  CHECK(n.dropped == 1);
  CHECK(n.statuses[0].state == DeliveryState::read);
  CHECK(n.statuses[0].timestamp == 0);
  CHECK_THAT(n.statuses[0].problem, Catch::Contains("timestamp"));
  CHECK(n.statuses[1].state == DeliveryState::unknown);
  CHECK_THAT(n.statuses[1].problem, Catch::Contains("status"));
  CHECK(n.statuses[2].state == DeliveryState::failed);
  CHECK(n.statuses[2].recipient.empty());
  CHECK_THAT(n.statuses[2].problem, Catch::Contains("recipient_id"));
  REQUIRE(n.statuses[2].errors.size() == 1);  // errors without a numeric code are skipped
  CHECK(n.statuses[2].errors[0].code == 131026);
}

TEST_CASE("the same wamid twice in one delivery is returned once", "[whatsapp][parser][dedupe]") {
  const auto n = parsed(messages(text_message("wamid.SAME", "pertama") + "," + text_message("wamid.SAME", "kedua") +
                                 "," + text_message("wamid.OTHER", "lain")));
  REQUIRE(n.messages.size() == 2);
  CHECK(n.messages[0].wamid == "wamid.SAME");
  CHECK(n.messages[0].text == "pertama");
  CHECK(n.messages[1].wamid == "wamid.OTHER");
  CHECK(n.dropped == 0);
  // The same body delivered again parses to the same keys: the store dedupes on them.
  const std::string body = seed("batch-two-entries");
  const auto first = parsed(body);
  const auto again = parsed(body);
  REQUIRE(first.messages.size() == again.messages.size());
  for (std::size_t i = 0; i < first.messages.size(); ++i) CHECK(first.messages[i].wamid == again.messages[i].wamid);
}

TEST_CASE("statuses repeat per (wamid, status) only", "[whatsapp][parser][dedupe]") {
  const auto n = parsed(statuses(
      R"({"id":"wamid.OUT-1","status":"sent","timestamp":"1","recipient_id":"62"},)"
      R"({"id":"wamid.OUT-1","status":"sent","timestamp":"1","recipient_id":"62"},)"
      R"({"id":"wamid.OUT-1","status":"delivered","timestamp":"2","recipient_id":"62"})"));
  REQUIRE(n.statuses.size() == 2);
  CHECK(n.statuses[0].state == DeliveryState::sent);
  CHECK(n.statuses[1].state == DeliveryState::delivered);
}

TEST_CASE("at most max_records messages are returned from one delivery, the rest are counted",
          "[whatsapp][parser][limits]") {
  std::string list;
  for (std::size_t i = 0; i < max_records + 5; ++i) {
    if (i > 0) list += ",";
    list += text_message("wamid.N" + std::to_string(i), "pesan");
  }
  const auto n = parsed(messages(list));
  CHECK(n.messages.size() == max_records);
  CHECK(n.messages.back().wamid == "wamid.N" + std::to_string(max_records - 1));
  CHECK(n.dropped == 5);
  CHECK(n.notes.size() == 5);
}

TEST_CASE("short texts are capped and identifiers keep their exact bytes", "[whatsapp][parser][limits]") {
  const std::string long_name(max_short_text_bytes + 100, 'n');
  const auto n = parsed(notification(entry(change(value(
      R"("contacts":[{"profile":{"name":")" + long_name + R"("},"wa_id":"6281234567890"}],"messages":[)" +
      message("wamid.D1", "document", R"("document":{"id":"9","filename":")" + long_name + R"("})") + "]")))));
  REQUIRE(n.messages.size() == 1);
  CHECK(n.messages[0].kind == MessageKind::document);
  CHECK(n.messages[0].profile_name.size() == max_short_text_bytes);
  CHECK(n.messages[0].filename.size() == max_short_text_bytes);
  CHECK(n.messages[0].media_id == "9");
}
