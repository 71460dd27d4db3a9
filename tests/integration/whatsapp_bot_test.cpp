// The citizen bot end to end on WhatsApp: signed webhook deliveries in, the
// bot's answers out to a fake Graph API on loopback. Whole dialogues in
// Indonesian and English file real cases (a photo fetched into the attachment
// store, the tracking code working on /api/v1/track), status questions read
// the citizen's own cases, a restart mid-dialogue continues at the same
// question, a redelivered message is answered once, an officer's resolution
// becomes the "is it solved?" question whose "no" reopens the case and whose
// silence closes it, and a message outside a dialogue reaches the officer.
#include "events/domain/chat_types.h"
#include "server/app.h"
#include "server/bot_turn.h"
#include "tests/fakes/fake_graph_api.h"
#include "tests/fakes/whatsapp_payloads.h"
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"

#include <catch2/catch.hpp>

#include <map>

namespace tanggap::testing {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// One message the server sent to the Graph API, as the citizen would see it.
struct Sent {
  std::string to, type, text;
  std::vector<std::string> choice_ids;
  json body;
};

Sent read_sent(const GraphRequest& r) {
  Sent s;
  s.body = json::parse(r.body, nullptr, false);
  if (!s.body.is_object()) return s;
  s.to = s.body.value("to", "");
  s.type = s.body.value("type", "");
  if (s.type == "text") s.text = s.body["text"].value("body", "");
  if (s.type == "interactive") {
    const json& i = s.body["interactive"];
    s.text = i["body"].value("text", "");
    if (i.value("type", "") == "button")
      for (const auto& b : i["action"]["buttons"]) s.choice_ids.push_back(b["reply"].value("id", ""));
    else
      for (const auto& section : i["action"]["sections"])
        for (const auto& row : section["rows"]) s.choice_ids.push_back(row.value("id", ""));
  }
  return s;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string tiny_jpeg() {
  std::string bytes("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
  bytes += std::string(64, '\x11');
  bytes += "\xFF\xD9";
  return bytes;
}

struct BotDesk {
  FakeGraphApi graph;
  ReadyServerFixture s{[this](server::Config& c) {
    enable_test_whatsapp(c, graph.base_url());
    c.bot.office = "kab-lumajang";
  }};
  int sequence = 0;
  std::size_t seen = 0;  // messages already read by the test

  void deliver(const json& message) {
    const auto body = wa_notification(json::array({message}));
    REQUIRE(s.request("POST", "/webhooks/whatsapp", body, "",
                      {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", wa_signature(body)}})
                .status == 200);
  }
  std::int64_t now_s() const {
    return std::chrono::duration_cast<std::chrono::seconds>(s.app->clock().now().time_since_epoch()).count();
  }
  std::string next_wamid() { return "wamid.IN-" + std::to_string(++sequence); }
  void say(const std::string& text) { deliver(wa_message(next_wamid(), "text", {{"body", text}}, now_s())); }
  void tap(const std::string& id, const std::string& title) {
    deliver(wa_message(next_wamid(), "interactive",
                       {{"type", "button_reply"}, {"button_reply", {{"id", id}, {"title", title}}}}, now_s()));
  }
  void pick(const std::string& id, const std::string& title) {
    deliver(wa_message(next_wamid(), "interactive",
                       {{"type", "list_reply"}, {"list_reply", {{"id", id}, {"title", title}, {"description", ""}}}},
                       now_s()));
  }
  // The messages sent since the last call, waiting until at least `count` came.
  std::vector<Sent> answers(std::size_t count = 1) {
    REQUIRE(wait_until([&] { return graph.request_count() >= seen + count; }, 10s));
    std::this_thread::sleep_for(150ms);  // a turn's other replies go out right after the first
    const auto all = graph.requests();
    std::vector<Sent> out;
    for (std::size_t i = seen; i < all.size(); ++i) out.push_back(read_sent(all[i]));
    seen = all.size();
    return out;
  }
  std::string last_text(std::size_t count = 1) { return answers(count).back().text; }
  std::string all_text(std::size_t count = 1) {
    std::string text;
    for (const auto& a : answers(count)) text += a.text + "\n";
    return text;
  }
  json case_json(const std::string& id) { return json_of(s.get("/api/v1/cases/" + id, s.admin_token)); }
  std::vector<std::string> events_of(const std::string& id) {
    std::vector<std::string> types;
    auto slice = s.app->store().read_stream("case-" + id);
    if (slice)
      for (const auto& e : slice->events) types.push_back(e.type);
    return types;
  }
};

// "Nomor laporan: ADU-2026-000001" → "ADU-2026-000001"
std::string case_id_in(const std::string& text) {
  const auto at = text.find("ADU-");
  return at == std::string::npos ? std::string() : text.substr(at, 15);
}

std::string filed_case(BotDesk& desk) {
  desk.say("lapor");
  desk.answers();
  desk.pick("svc:pengaduan", "Pengaduan Layanan");
  desk.answers();
  desk.say("Bantuan PKH ibu saya belum cair sudah tiga bulan.");
  desk.answers();
  desk.tap("skip", "Lewati");
  desk.answers();
  desk.say("Siti Aminah");
  desk.answers();
  desk.tap("yes", "Kirim");
  const std::string text = desk.all_text(2);
  const std::string id = case_id_in(text);
  REQUIRE_FALSE(id.empty());
  return id;
}

}  // namespace

TEST_CASE("a citizen files a complaint on WhatsApp in Indonesian, with a photo, and can track it",
          "[whatsapp][bot][integration]") {
  BotDesk desk;
  desk.say("Assalamualaikum");
  auto greeting = desk.answers();
  CHECK(greeting.front().to == std::string("+") + wa_citizen);
  CHECK(has(greeting.front().text, "Waalaikumsalam"));

  desk.say("mau lapor pak");
  auto services = desk.answers().back();
  CHECK(services.type == "interactive");
  REQUIRE_FALSE(services.choice_ids.empty());
  CHECK(services.choice_ids.front() == "svc:pengaduan");

  desk.say("1");  // the first service, by number
  CHECK(has(desk.last_text(), "Pengaduan"));

  // A photo with a caption: the caption is the description, the photo its attachment.
  desk.graph.add_media("MEDIA-1", tiny_jpeg(), "image/jpeg");
  desk.deliver(wa_message(desk.next_wamid(), "image",
                          {{"id", "MEDIA-1"}, {"mime_type", "image/jpeg"}, {"sha256", "x"},
                           {"caption", "Bantuan PKH ibu saya belum cair sudah tiga bulan."}},
                          desk.now_s()));
  desk.answers();
  desk.deliver(wa_message(desk.next_wamid(), "location",
                          {{"latitude", -8.1335}, {"longitude", 113.2246}, {"name", "Balai Desa Sukodono"}},
                          desk.now_s()));
  desk.answers();
  desk.say("Siti Aminah");
  auto confirm = desk.answers().back();
  CHECK(has(confirm.text, "Siti Aminah"));
  CHECK(confirm.choice_ids == std::vector<std::string>{"yes", "cancel"});

  desk.say("iya");
  const std::string text = desk.all_text(2);
  const std::string id = case_id_in(text);
  REQUIRE_FALSE(id.empty());
  CHECK(desk.graph.media_fetches() == 2);  // the id's URL, then the bytes

  const json staff = desk.case_json(id);
  CHECK(staff["channel"] == "whatsapp");
  CHECK(staff["reporter"]["phone"] == std::string("+") + wa_citizen);
  CHECK(staff["reporter"]["name"] == "Siti Aminah");
  CHECK(staff["body"] == "Bantuan PKH ibu saya belum cair sudah tiga bulan.");
  CHECK(staff["location"]["lat"].get<double>() == Approx(-8.1335));
  REQUIRE(staff["attachments"].size() == 1);
  CHECK(staff["attachments"][0]["media_type"] == "image/jpeg");

  // The tracking code in the reply opens the public page.
  const std::string label = "Kode pelacakan: ";
  const auto code_at = text.find(label);
  REQUIRE(code_at != std::string::npos);
  const std::string code = text.substr(code_at + label.size(), text.find('\n', code_at) - code_at - label.size());
  CHECK(code.size() == 8);
  CHECK(desk.s.get("/api/v1/track/" + id + "?code=" + code).status == 200);

  desk.say("status " + id);
  const std::string status = desk.last_text();
  CHECK(has(status, id));
  CHECK(has(status, "Diterima"));
}

TEST_CASE("a citizen files anonymously in English by tapping choices", "[whatsapp][bot][integration]") {
  BotDesk desk;
  desk.say("english");
  CHECK(has(desk.all_text(), "English"));
  desk.tap("menu:complain", "Report");
  CHECK(desk.answers().back().choice_ids.front() == "svc:pengaduan");
  desk.pick("svc:pengaduan", "Complaint");
  desk.answers();
  desk.say("The food aid for our village did not arrive after the flood.");
  desk.answers();
  desk.tap("skip", "Skip");
  desk.answers();
  desk.tap("anon", "Anonymous");
  auto confirm = desk.answers().back();
  CHECK(confirm.choice_ids == std::vector<std::string>{"yes", "cancel"});
  desk.tap("yes", "Send");
  const std::string text = desk.all_text(2);
  const std::string id = case_id_in(text);
  REQUIRE_FALSE(id.empty());
  CHECK(has(text, "Tracking code"));
  const json staff = desk.case_json(id);
  CHECK(staff["privacy"] == "anonymous");
  CHECK(staff["channel"] == "whatsapp");

  desk.say("status");
  CHECK(has(desk.all_text(), id));
}

TEST_CASE("a restart mid-dialogue continues at the same question", "[whatsapp][bot][integration]") {
  BotDesk desk;
  desk.say("lapor");
  desk.answers();
  desk.pick("svc:pengaduan", "Pengaduan Layanan");
  desk.answers();
  desk.say("Rumah kami rusak karena banjir dan belum ada bantuan.");
  CHECK(has(desk.last_text(), "Di mana lokasinya"));

  desk.s.restart();
  desk.tap("skip", "Lewati");  // the location question survived the restart
  desk.answers();
  desk.say("Budi Santoso");
  auto confirm = desk.answers().back();
  CHECK(has(confirm.text, "Budi Santoso"));
  CHECK(has(confirm.text, "Rumah kami rusak"));
  desk.tap("yes", "Kirim");
  CHECK_FALSE(case_id_in(desk.all_text(2)).empty());
}

TEST_CASE("a redelivered message is answered once", "[whatsapp][bot][integration]") {
  BotDesk desk;
  const auto message = wa_message("wamid.SAME", "text", {{"body", "halo"}}, desk.now_s());
  desk.deliver(message);
  desk.deliver(message);
  desk.answers();
  std::this_thread::sleep_for(700ms);
  CHECK(desk.graph.request_count() == 1);
}

TEST_CASE("a message whose sender could not be identified is stored but starts no dialogue", "[whatsapp][bot][integration]") {
  BotDesk desk;
  // Without "from" the webhook files it under one placeholder citizen; a
  // dialogue there would be shared by every such sender.
  auto nameless = wa_message(desk.next_wamid(), "text", {{"body", "lapor"}}, desk.now_s());
  nameless.erase("from");
  json envelope = json::parse(wa_notification(json::array({nameless})));
  envelope["entry"][0]["changes"][0]["value"].erase("contacts");  // no contact to take the number from either
  const std::string body = envelope.dump();
  REQUIRE(desk.s.request("POST", "/webhooks/whatsapp", body, "",
                         {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", wa_signature(body)}})
              .status == 200);
  desk.say("halo");  // read by the bot after the nameless one
  const auto sent = desk.answers();
  std::this_thread::sleep_for(500ms);
  CHECK(desk.graph.request_count() == sent.size());
  for (const auto& a : sent) CHECK(a.to == std::string("+") + wa_citizen);
  auto& store = desk.s.app->store();
  auto stored = store.read_stream(domain::chat_stream(domain::Channel::whatsapp, "unidentified"));
  REQUIRE(stored);
  CHECK(stored->events.size() == 1);
  auto turns = store.read_stream(server::bot_stream(domain::Channel::whatsapp, "unidentified"));
  REQUIRE(turns);
  CHECK(turns->events.empty());
}

TEST_CASE("a citizen whose last turn cannot be read starts afresh, and the bot goes on", "[whatsapp][bot][integration]") {
  BotDesk desk;
  // A turn this build cannot decode (a damaged record, or one from a newer build).
  events::AppendRequest damaged;
  damaged.stream = server::bot_stream(domain::Channel::whatsapp, wa_citizen);
  damaged.expected = events::Expected::no_stream();
  events::NewEvent turn;
  turn.id = "damaged-turn";
  turn.type = std::string(server::bot_turn_event_type);
  turn.data = R"({"state":[]})";
  turn.actor = {"system", "bot"};
  damaged.events.push_back(std::move(turn));
  REQUIRE(desk.s.app->store().append_and_wait(std::move(damaged)));

  desk.say("lapor");
  const auto first = desk.answers();
  const auto& ids = first.back().choice_ids;
  CHECK(std::find(ids.begin(), ids.end(), "svc:pengaduan") != ids.end());  // the service list: a new dialogue
  desk.pick("svc:pengaduan", "Pengaduan Layanan");
  CHECK_FALSE(desk.last_text().empty());  // and the next question, from the turn just stored
  auto turns = desk.s.app->store().read_stream(server::bot_stream(domain::Channel::whatsapp, wa_citizen));
  REQUIRE(turns);
  CHECK(turns->events.size() == 3);
}

TEST_CASE("an officer's resolution is confirmed or disputed by the citizen, and silence closes it",
          "[whatsapp][bot][integration]") {
  BotDesk desk;
  const std::string officer = desk.s.add_staff("siti", "officer", "");
  const std::string first = filed_case(desk);
  REQUIRE(send_command(desk.s, officer, first, {{"type", "resolve"}, {"resolution", "Bantuan sudah cair."}}).status == 200);
  auto question = desk.answers().back();
  CHECK(has(question.text, "selesai"));
  CHECK(question.choice_ids == std::vector<std::string>{"res-yes:" + first, "res-no:" + first});

  desk.tap("res-no:" + first, "Belum");
  desk.answers();
  desk.say("Uangnya belum masuk ke rekening.");
  desk.answers();
  REQUIRE(wait_until([&] { return desk.case_json(first)["status"] == "in_progress" ||
                                  desk.case_json(first)["status"] == "received"; }, 5s));
  const auto events = desk.events_of(first);
  CHECK(std::find(events.begin(), events.end(), "CaseReopened") != events.end());

  // Resolved again, and this time the citizen says nothing for 10 working days.
  REQUIRE(send_command(desk.s, officer, first, {{"type", "resolve"}, {"resolution", "Sudah ditransfer ulang."}}).status ==
          200);
  desk.answers();
  REQUIRE(desk.s.app->clock().set(desk.s.app->clock().now() + std::chrono::days(20)));
  REQUIRE(wait_until([&] { return desk.case_json(first)["status"] == "closed"; }, 10s));
  // Told that it was closed: 20 days on, WhatsApp's 24-hour window is shut,
  // so the approved template naming the case goes out instead of free text.
  const auto told = desk.answers().back();
  CHECK(told.type == "template");
  CHECK(has(told.body.dump(), first));
}

TEST_CASE("a message outside a dialogue joins the open case and ends the wait for the citizen",
          "[whatsapp][bot][integration]") {
  BotDesk desk;
  const std::string officer = desk.s.add_staff("siti", "officer", "");
  const std::string id = filed_case(desk);
  REQUIRE(send_command(desk.s, officer, id, {{"type", "wait_for_citizen"}, {"reason", "Mohon kirim nomor KKS."}}).status ==
          200);
  CHECK(has(desk.last_text(), "nomor KKS"));  // the officer's question, told by the bot
  // The officer sees what went out and how far it got.
  CHECK(wait_until([&] {
    const json staff = desk.case_json(id);
    for (const auto& m : staff["messages"])
      if (m["reason"] == "status_change" && m["status"] == "accepted" && has(m["text"].get<std::string>(), "nomor KKS"))
        return true;
    return false;
  }, 5s));
  desk.say("Nomor KKS saya 1234 5678 9012");
  CHECK(has(desk.all_text(), id));
  // The note, then the clock running again (CitizenWaitEnded), both in the case's timeline.
  const auto has_event = [&](const std::string& part) {
    const json staff = desk.case_json(id);
    for (const auto& e : staff["timeline"])
      if (e.dump().find(part) != std::string::npos) return true;
    return false;
  };
  CHECK(wait_until([&] { return has_event("1234 5678 9012"); }, 5s));
  CHECK(wait_until([&] { return has_event("CitizenWaitEnded"); }, 5s));
}

// Group commits so far, from /metrics (tanggap_group_commit_events_count).
std::uint64_t group_commits(ReadyServerFixture& s) {
  const std::string metrics = s.get("/metrics").body;
  const std::string name = "tanggap_group_commit_events_count ";
  const auto at = metrics.find(name);
  return at == std::string::npos ? 0 : std::stoull(metrics.substr(at + name.size()));
}

TEST_CASE("a burst of messages from many citizens is answered once each, in few group commits",
          "[whatsapp][bot][integration]") {
  BotDesk desk;
  constexpr std::size_t citizens = 40;
  // One notification, as Meta batches them under load: a contact per sender.
  json messages = json::array(), contacts = json::array();
  for (std::size_t i = 0; i < citizens; ++i) {
    const std::string wa_id = "6281300000" + std::to_string(100 + i);
    messages.push_back(wa_message("wamid.BURST-" + std::to_string(i), "text", {{"body", "halo"}}, desk.now_s(), wa_id));
    contacts.push_back({{"profile", {{"name", "Warga " + std::to_string(i)}}}, {"wa_id", wa_id}});
  }
  json notification = json::parse(wa_notification(messages));
  notification["entry"][0]["changes"][0]["value"]["contacts"] = contacts;
  const std::string body = notification.dump();
  const auto before = group_commits(desk.s);
  REQUIRE(desk.s.request("POST", "/webhooks/whatsapp", body, "",
                         {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", wa_signature(body)}})
              .status == 200);
  REQUIRE(wait_until([&] { return desk.graph.request_count() >= citizens; }, 20s));
  std::this_thread::sleep_for(300ms);  // anything sent twice would come now
  std::map<std::string, int> answered;
  for (const auto& r : desk.graph.requests()) ++answered[read_sent(r).to];
  REQUIRE(answered.size() == citizens);
  for (const auto& [to, n] : answered) CHECK(n == answered.begin()->second);  // the same greeting for everyone
  CHECK(desk.graph.request_count() == citizens * static_cast<std::size_t>(answered.begin()->second));
  // One append after another would take at least 121 group commits: one per
  // turn and two per answer (attempt started, then its result). The bot
  // enqueues the turns read together at once and the outbox a round's starts
  // and results at once; the writer groups what it finds queued, so an idle
  // machine needs about 4 and a busy one a few more, never one per message.
  CHECK(group_commits(desk.s) - before <= 60);
}

}  // namespace tanggap::testing
