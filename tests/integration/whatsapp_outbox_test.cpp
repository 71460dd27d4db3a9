// The WhatsApp outbox against a fake Graph API on loopback: an officer's reply
// on a WhatsApp case reaches the citizen once, as text inside the 24-hour
// window and as the template outside it; failures are retried with backoff,
// 131047 switches to the template, permanent errors stop and show on the
// case, delivery statuses update the record, and an attempt interrupted by a
// restart is marked uncertain instead of being sent again.
#include "events/case_event_json.h"
#include "events/chat_event_json.h"
#include "server/outbox.h"
#include "server/outbox_ids.h"
#include "tests/fakes/fake_graph_api.h"
#include "tests/fakes/whatsapp_payloads.h"
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

namespace tanggap::testing {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct WhatsAppDesk {
  FakeGraphApi graph;
  ReadyServerFixture s{[this](server::Config& c) {
    enable_test_whatsapp(c, graph.base_url());
    // The outbox alone: the bot's answers to the citizen's "Halo" would take
    // the scripted answers meant for the officer's reply (whatsapp_bot_test
    // runs both together).
    c.bot.enabled = false;
  }};
  std::string officer = s.add_staff("siti", "officer", "");

  std::string whatsapp_case(const std::string& citizen = wa_citizen) {
    domain::Submit submit;
    submit.service = "pengaduan";
    submit.office = "kab-lumajang";
    submit.channel = domain::Channel::whatsapp;
    submit.title = "PKH belum cair";
    submit.body = "Sudah tiga bulan PKH belum cair.";
    submit.reporter.name = "Siti Aminah";
    submit.reporter.phone = "+" + citizen;
    auto done = s.app->cases().submit_and_wait(submit, {"citizen", citizen});
    REQUIRE(done);
    return done->case_id;
  }
  void citizen_writes(const std::string& wamid) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(s.app->clock().now().time_since_epoch()).count();
    const auto body = wa_notification(json::array({wa_message(wamid, "text", {{"body", "Halo"}}, seconds)}));
    REQUIRE(s.request("POST", "/webhooks/whatsapp", body, "",
                      {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", wa_signature(body)}})
                .status == 200);
  }
  // Replies and returns the outbound record's id (derived from the reply's event id).
  std::string reply(const std::string& case_id, const std::string& text) {
    auto r = send_command(s, officer, case_id, {{"type", "reply"}, {"text", text}});
    REQUIRE(r.status == 200);
    auto slice = s.app->store().read_stream("case-" + case_id);
    REQUIRE(slice);
    for (auto it = slice->events.rbegin(); it != slice->events.rend(); ++it)
      if (it->type == "OfficerReplied") return server::outbound_id_for("whatsapp", it->id);
    FAIL("no OfficerReplied on the case");
    return {};
  }
  domain::OutboundState record(const std::string& id) {
    auto loaded = server::load_outbound(s.app->store(), id);
    return loaded ? loaded->first : domain::OutboundState{};
  }
  bool wait_for_status(const std::string& id, domain::OutboundStatus status) {
    return wait_until([&] { return record(id).status == status; }, 5s);
  }
  std::vector<std::string> notes(const std::string& case_id) {
    std::vector<std::string> out;
    auto slice = s.app->store().read_stream("case-" + case_id);
    REQUIRE(slice);
    for (const auto& e : slice->events)
      if (e.type == "NoteAdded")
        if (auto decoded = events::decode_case_event(e.type, e.schema, e.data))
          out.push_back(std::get<domain::NoteAdded>(*decoded).text);
    return out;
  }
};

json body_of(const GraphRequest& r) { return json::parse(r.body); }

}  // namespace

TEST_CASE("an officer's reply inside the 24-hour window reaches the citizen once, as text", "[whatsapp][integration]") {
  WhatsAppDesk desk;
  const auto case_id = desk.whatsapp_case();
  desk.citizen_writes("wamid.IN-1");
  const auto id = desk.reply(case_id, "Berkas Ibu sudah kami teruskan ke pendamping PKH.");

  REQUIRE(desk.wait_for_status(id, domain::OutboundStatus::accepted));
  const auto requests = desk.graph.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].target == std::string("/v21.0/") + wa_phone_number_id + "/messages");
  CHECK(requests[0].authorization == "Bearer token-akses-uji");
  const auto body = body_of(requests[0]);
  CHECK(body["to"] == std::string("+") + wa_citizen);
  CHECK(body["type"] == "text");
  CHECK(body["text"]["body"] == "Berkas Ibu sudah kami teruskan ke pendamping PKH.");
  CHECK(desk.record(id).message_id == "wamid.OUT-0001");

  // Meta's statuses move the record forward, never back.
  const auto t = std::chrono::duration_cast<std::chrono::seconds>(desk.s.app->clock().now().time_since_epoch()).count();
  const auto statuses = wa_notification(json::array(), json::array({wa_status("wamid.OUT-0001", "read", t),
                                                                    wa_status("wamid.OUT-0001", "delivered", t)}));
  REQUIRE(desk.s.request("POST", "/webhooks/whatsapp", statuses, "",
                         {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", wa_signature(statuses)}})
              .status == 200);
  const auto state = desk.record(id);
  REQUIRE(state.delivery.has_value());
  CHECK(*state.delivery == domain::DeliveryState::read);

  // Nothing more goes out, whatever the outbox replays.
  REQUIRE(desk.s.app->outbox()->run_once());
  CHECK(desk.graph.request_count() == 1);
}

TEST_CASE("outside the 24-hour window the reply goes out as the configured template", "[whatsapp][integration]") {
  WhatsAppDesk desk;
  const auto case_id = desk.whatsapp_case();  // the citizen never wrote on WhatsApp
  const auto id = desk.reply(case_id, "Mohon lengkapi KTP.");
  REQUIRE(desk.wait_for_status(id, domain::OutboundStatus::accepted));
  const auto body = body_of(desk.graph.requests().at(0));
  CHECK(body["type"] == "template");
  CHECK(body["template"]["name"] == "case_status_update");
  CHECK(body["template"]["components"][0]["parameters"][0]["text"] == case_id);
  CHECK(body.dump().find("KTP") == std::string::npos);  // free text is not allowed there
}

TEST_CASE("a delivery failure is retried after its backoff and then delivered", "[whatsapp][integration]") {
  WhatsAppDesk desk;
  desk.graph.script({FakeGraphApi::error(503, 131000, "Something went wrong"), GraphAnswer{200, "", true}});
  const auto case_id = desk.whatsapp_case();
  desk.citizen_writes("wamid.IN-2");
  const auto id = desk.reply(case_id, "Sedang kami proses.");

  REQUIRE(wait_until([&] { return desk.record(id).last_error_code == 131000; }, 5s));
  auto state = desk.record(id);
  CHECK(state.status == domain::OutboundStatus::queued);
  REQUIRE(state.next_attempt_at.has_value());
  CHECK(*state.next_attempt_at - desk.s.app->clock().now() > 20s);  // 30 s backoff, not at once
  CHECK(desk.graph.request_count() == 1);

  // Time moves on: the second attempt meets a hang-up (no answer), the third is accepted.
  REQUIRE(desk.s.app->clock().set(desk.s.app->clock().now() + 31s));
  REQUIRE(wait_until([&] { return desk.graph.request_count() == 2; }, 5s));
  REQUIRE(wait_until([&] { return desk.record(id).attempts == 2 && desk.record(id).status == domain::OutboundStatus::queued; }, 5s));
  REQUIRE(desk.s.app->clock().set(desk.s.app->clock().now() + 61s));
  REQUIRE(desk.wait_for_status(id, domain::OutboundStatus::accepted));
  CHECK(desk.graph.request_count() == 3);
  CHECK(desk.record(id).attempts == 3);
  // Counted for the operator: two failed attempts, one accepted.
  const auto metrics = desk.s.get("/metrics").body;
  CHECK(metrics.find(R"(tanggap_outbound_deliveries_total{channel="whatsapp",result="failed"} 2)") != std::string::npos);
  CHECK(metrics.find(R"(tanggap_outbound_deliveries_total{channel="whatsapp",result="accepted"} 1)") != std::string::npos);
}

TEST_CASE("error 131047 sends the reply again as the template at once", "[whatsapp][integration]") {
  WhatsAppDesk desk;
  desk.graph.script({FakeGraphApi::error(400, 131047, "Message failed to send because more than 24 hours have passed")});
  const auto case_id = desk.whatsapp_case();
  desk.citizen_writes("wamid.IN-3");  // inside the window as far as we know: Meta says otherwise
  const auto id = desk.reply(case_id, "Mohon datang ke kantor.");
  REQUIRE(desk.wait_for_status(id, domain::OutboundStatus::accepted));
  const auto requests = desk.graph.requests();
  REQUIRE(requests.size() == 2);
  CHECK(body_of(requests[0])["type"] == "text");
  CHECK(body_of(requests[1])["type"] == "template");
}

TEST_CASE("a permanent error stops the retries and shows on the case", "[whatsapp][integration]") {
  WhatsAppDesk desk;
  desk.graph.script({FakeGraphApi::error(400, 131026, "Receiver is incapable of receiving this message")});
  const auto case_id = desk.whatsapp_case();
  desk.citizen_writes("wamid.IN-4");
  const auto id = desk.reply(case_id, "Ditolak?");
  REQUIRE(desk.wait_for_status(id, domain::OutboundStatus::failed));
  REQUIRE(wait_until([&] { return !desk.notes(case_id).empty(); }, 5s));
  CHECK(desk.notes(case_id).at(0).find("131026") != std::string::npos);
  REQUIRE(desk.s.app->clock().set(desk.s.app->clock().now() + 2h));
  REQUIRE(desk.s.app->outbox()->run_once());
  CHECK(desk.graph.request_count() == 1);
  CHECK(desk.notes(case_id).size() == 1);
}

TEST_CASE("an attempt without a result after a restart is marked uncertain, not sent again", "[whatsapp][integration]") {
  WhatsAppDesk desk;
  const auto case_id = desk.whatsapp_case();
  // What a crash between "attempt started" and the request's result leaves:
  // both appended at once, so the running outbox cannot send it first.
  const std::string id = "crashed0000000000001";
  events::AppendRequest r;
  r.stream = domain::outbound_stream(id);
  r.expected = events::Expected::no_stream();
  const auto now = desk.s.app->clock().now();
  for (const domain::OutboundEvent& e :
       {domain::OutboundEvent{domain::OutboundQueued{domain::Channel::whatsapp, case_id, wa_citizen, "Halo",
                                                     domain::OutboundReason::officer_reply, "source-1", now, {}, {}}},
        domain::OutboundEvent{domain::OutboundAttemptStarted{1, domain::SendMode::text, now}}}) {
    auto encoded = events::encode_outbound_event(e);
    r.events.push_back({events::new_event_id(), encoded.type, encoded.schema, {"system", "test"}, "", "", encoded.data});
  }
  REQUIRE(desk.s.app->store().append_and_wait(std::move(r)));
  desk.s.restart();
  REQUIRE(desk.wait_for_status(id, domain::OutboundStatus::uncertain));
  REQUIRE(wait_until([&] { return !desk.notes(case_id).empty(); }, 5s));
  CHECK(desk.notes(case_id).at(0).find("tidak pasti") != std::string::npos);
  REQUIRE(desk.s.app->outbox()->run_once());
  CHECK(desk.graph.request_count() == 0);
}

TEST_CASE("a round sends to many citizens at once, all started before the first request", "[whatsapp][integration]") {
  WhatsAppDesk desk;
  desk.graph.delay_answers(150ms);  // as slow as Meta: sent one by one, they would never overlap
  std::vector<std::string> cases;
  for (int i = 0; i < 6; ++i) cases.push_back(desk.whatsapp_case("62812000000" + std::to_string(10 + i)));
  desk.s.app->outbox()->stop();  // queue everything first, then one round on this thread
  std::vector<std::string> ids;
  for (const auto& c : cases) ids.push_back(desk.reply(c, "Laporan " + c + " sedang kami periksa."));

  REQUIRE(desk.s.app->outbox()->run_once());
  CHECK(desk.graph.request_count() == 6);  // one round, every citizen
  CHECK(desk.graph.max_in_flight() >= 2);  // in parallel (whatsapp.send_concurrency 16)
  for (const auto& id : ids) CHECK(desk.record(id).status == domain::OutboundStatus::accepted);
  // Each "attempt started" was durable before any request left: all of them
  // come before every result in the log.
  auto log = desk.s.app->store().read_log(0, 100000);
  REQUIRE(log);
  events::Position last_start = 0, first_result = std::numeric_limits<events::Position>::max();
  for (const auto& e : *log) {
    if (e.type == "OutboundAttemptStarted") last_start = std::max(last_start, e.position);
    if (e.type == "OutboundSent") first_result = std::min(first_result, e.position);
  }
  CHECK(last_start < first_result);
}

TEST_CASE("messages to one citizen leave one at a time, in the order they were queued", "[whatsapp][integration]") {
  WhatsAppDesk desk;
  desk.graph.delay_answers(20ms);
  const auto case_id = desk.whatsapp_case();
  desk.citizen_writes("wamid.IN-5");
  desk.s.app->outbox()->stop();
  const std::vector<std::string> texts = {"Satu.", "Dua.", "Tiga.", "Empat.", "Lima."};
  for (const auto& t : texts) desk.reply(case_id, t);

  for (int round = 0; round < 10 && desk.graph.request_count() < texts.size(); ++round)
    REQUIRE(desk.s.app->outbox()->run_once());
  const auto requests = desk.graph.requests();
  REQUIRE(requests.size() == texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) CHECK(body_of(requests[i])["text"]["body"] == texts[i]);
  CHECK(desk.graph.max_in_flight() == 1);
}

}  // namespace tanggap::testing
