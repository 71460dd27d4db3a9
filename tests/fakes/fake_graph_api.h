// tests/fakes/fake_graph_api.h — a stand-in for the WhatsApp Cloud API
// (graph.facebook.com) on 127.0.0.1: it records every request it gets and
// answers from a script (PROTOCOLS.md §1.7–1.8 shapes), by default accepting
// each message with a fresh wamid. Point whatsapp.api_base at base_url().
// Each connection is served on a thread of its own, as Meta serves many at
// once; every member may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tanggap::testing {

struct GraphRequest {
  std::string method, target, authorization, content_type, body;
};

struct GraphAnswer {
  unsigned status = 200;
  std::string body;  // empty: an acceptance with the next wamid
  bool hang_up = false;  // close the connection without answering
};

class FakeGraphApi {
 public:
  FakeGraphApi();
  ~FakeGraphApi();
  std::string base_url() const;  // "http://127.0.0.1:<port>/v21.0"
  // Answers for the next requests, in order; after them, acceptances.
  void script(std::vector<GraphAnswer> answers);
  std::vector<GraphRequest> requests() const;
  std::size_t request_count() const;
  // The wamids handed out so far, in order.
  std::vector<std::string> accepted_ids() const;
  // A file a citizen "sent": GET /v21.0/<id> answers its URL on this fake,
  // GET of that URL the bytes (PROTOCOLS.md §1.6). Those GETs are counted in
  // media_fetches(), not in requests().
  void add_media(const std::string& id, std::string bytes, const std::string& mime_type);
  std::size_t media_fetches() const;
  // Every later POST is answered only after `delay` (Meta takes 100-300 ms),
  // so that requests sent at once are seen in flight together.
  void delay_answers(std::chrono::milliseconds delay);
  // The most POSTs that were being answered at the same time.
  std::size_t max_in_flight() const;

  static GraphAnswer error(unsigned status, std::int64_t code, const std::string& details);

 private:
  void serve();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanggap::testing
