// tests/crash/crash_test_main.cpp — kill -9 the real server under load, many times.
//
// Starts `tanggap serve` on a fresh data directory, lets concurrent citizens
// submit cases (and officers add notes) over keep-alive connections, kills
// the server with SIGKILL at a random moment, restarts it on the same data and
// checks that everything answered 201 (a case) or 200 (a command) is there.
// After the last cycle: every case once more, `tanggap verify`, positions
// gap-free read back through the store, and the projections as the server
// kept them equal, key for key and byte for byte, a fresh `tanggap rebuild`
// of a copy. Nothing is excluded from that comparison: the live server is
// caught up and stopped gracefully first, so even the checkpoints (at the
// head) and the projections' fingerprints must match.
//
// Usage: crash_test --tanggap BIN --source REPO [--cycles N] [--submitters N]
//                   [--officers N] [--min-ms N] [--max-ms N] [--work DIR] [--seed N] [--keep]
// Prints one line per cycle and a summary; exit 0 when nothing is lost and
// every check holds, 1 otherwise, 2 on bad usage or when the harness itself fails.
#include "events/event_store.h"
#include "server/http_client.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tanggap::server::ClientRequest;
using tanggap::server::ClientResponse;
using tanggap::server::HttpConnection;
using SteadyClock = std::chrono::steady_clock;

struct Args {
  std::string tanggap;
  std::string source;
  std::string work;
  int cycles = 20;
  int submitters = 16;
  int officers = 2;
  int min_ms = 200;
  int max_ms = 2000;
  unsigned seed = std::random_device{}();
  bool keep = false;
};

[[noreturn]] void harness_failure(const std::string& what) {
  std::fprintf(stderr, "crash test: harness failure: %s\n", what.c_str());
  std::exit(2);
}

// ---- processes -------------------------------------------------------------

// Starts argv with stdout to `out` and stderr to `err` (appended).
pid_t spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  std::vector<char*> raw;
  for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
  raw.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) harness_failure("cannot start " + argv[0]);
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs a tanggap command to the end; its stdout in `out`, its stderr to the log.
int run(const std::vector<std::string>& argv, const std::string& log, std::string* out = nullptr) {
  const std::string capture = log + ".out";
  fs::remove(capture);
  const int code = wait_exit(spawn(argv, capture, log));
  if (out) {
    std::ifstream in(capture);
    std::stringstream text;
    text << in.rdbuf();
    *out = text.str();
  }
  return code;
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    harness_failure("no free port");
  ::close(fd);
  return ntohs(addr.sin_port);
}

// ---- HTTP ------------------------------------------------------------------

// One keep-alive connection, opened again after any failure.
class Client {
 public:
  explicit Client(std::uint16_t port) : port_(port) {}
  tanggap::Result<ClientResponse> send(const std::string& method, const std::string& target, const std::string& body = "",
                                       const std::string& token = "") {
    if (!connection_) {
      auto opened = HttpConnection::open("127.0.0.1", port_, std::chrono::seconds(30));
      if (!opened) return opened.error();
      connection_ = std::move(*opened);
    }
    ClientRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
    auto response = connection_->send(r);
    if (!response || response->header("connection") == std::optional<std::string_view>("close")) connection_.reset();
    return response;
  }

 private:
  std::uint16_t port_;
  std::unique_ptr<HttpConnection> connection_;
};

json body_of(const ClientResponse& r) { return json::parse(r.body, nullptr, false); }

// ---- what was acknowledged -------------------------------------------------

struct Ack {
  std::string id;
  std::string code;
};

struct Ledger {
  std::mutex mutex;
  std::vector<Ack> cases;                                   // every 201, in answer order
  std::vector<std::pair<std::string, std::uint64_t>> notes;  // every 200 to a command: case and its version
};

struct Setup {
  std::uint16_t port = 0;
  std::string submission;     // a valid JSON body for POST /api/v1/cases
  std::string officer_token;
  std::string admin_token;
};

void submitter(const Setup& setup, Ledger& ledger, const std::atomic<bool>& stop) {
  Client client(setup.port);
  while (!stop) {
    auto r = client.send("POST", "/api/v1/cases", setup.submission);
    if (!r) continue;  // killed mid-request: not acknowledged, nothing to check
    if (r->status != 201) continue;
    const auto answer = body_of(*r);
    if (!answer.is_object() || !answer.contains("id")) continue;
    std::lock_guard lock(ledger.mutex);
    ledger.cases.push_back({answer["id"], answer["tracking_code"]});
  }
}

void officer(const Setup& setup, Ledger& ledger, const std::atomic<bool>& stop, unsigned seed) {
  Client client(setup.port);
  std::mt19937 rng(seed);
  while (!stop) {
    std::string id;
    {
      std::lock_guard lock(ledger.mutex);
      if (!ledger.cases.empty()) id = ledger.cases[std::uniform_int_distribution<std::size_t>(0, ledger.cases.size() - 1)(rng)].id;
    }
    if (id.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    auto view = client.send("GET", "/api/v1/cases/" + id, "", setup.officer_token);
    if (!view || view->status != 200) continue;
    const auto version = body_of(*view).value("version", std::uint64_t{0});
    const json note = {{"type", "note"}, {"expected_version", version}, {"text", "dicek petugas"}};
    auto r = client.send("POST", "/api/v1/cases/" + id + "/commands", note.dump(), setup.officer_token);
    if (!r || r->status != 200) continue;
    std::lock_guard lock(ledger.mutex);
    ledger.notes.emplace_back(id, body_of(*r).value("version", std::uint64_t{0}));
  }
}

// Checks items [from, to) on `threads` connections; returns how many fail `check`.
template <class Item, class Check>
std::uint64_t check_all(const std::vector<Item>& items, std::size_t from, std::size_t to, std::uint16_t port, Check check) {
  std::atomic<std::size_t> next{from};
  std::atomic<std::uint64_t> lost{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      Client client(port);
      for (std::size_t i = next++; i < to; i = next++)
        if (!check(client, items[i])) ++lost;
    });
  for (auto& t : threads) t.join();
  return lost;
}

bool trackable(Client& client, const Ack& ack) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto r = client.send("GET", "/api/v1/track/" + ack.id + "?code=" + ack.code);
    if (!r) continue;  // a transport hiccup is not a loss: ask again
    if (r->status == 200) return true;
    std::fprintf(stderr, "LOST: case %s answered 201 but tracking it answers %u\n", ack.id.c_str(), r->status);
    return false;
  }
  std::fprintf(stderr, "LOST?: case %s cannot be asked about\n", ack.id.c_str());
  return false;
}

// ---- the server ------------------------------------------------------------

struct Paths {
  fs::path work, data, config, log;
};

json readyz(std::uint16_t port) {
  Client client(port);
  auto r = client.send("GET", "/readyz");
  return r && r->status == 200 ? body_of(*r) : json();
}

// Starts the server and waits until /readyz says ready; returns the head.
std::uint64_t start_server(const Args& args, const Paths& paths, std::uint16_t port, pid_t& pid) {
  pid = spawn({args.tanggap, "serve", "--config", paths.config.string()}, paths.log.string(), paths.log.string());
  const auto deadline = SteadyClock::now() + std::chrono::seconds(120);
  while (SteadyClock::now() < deadline) {
    if (int status = 0; ::waitpid(pid, &status, WNOHANG) == pid)
      harness_failure("the server exited at start; see " + paths.log.string());
    const auto ready = readyz(port);
    if (ready.is_object()) return ready.value("head", std::uint64_t{0});
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  harness_failure("the server did not get ready within 120 s; see " + paths.log.string());
}

// Until every projection has applied the head (for the final comparison).
bool caught_up(std::uint16_t port) {
  const auto deadline = SteadyClock::now() + std::chrono::seconds(60);
  while (SteadyClock::now() < deadline) {
    const auto ready = readyz(port);
    bool all = ready.is_object() && ready.contains("projections");
    if (all)
      for (const auto& p : ready["projections"]) all = all && p.value("lag", std::uint64_t{1}) == 0;
    if (all) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// ---- the store, read back offline ------------------------------------------

struct Snapshot {
  std::uint64_t head = 0;
  std::vector<std::pair<std::string, std::string>> views;  // the whole views column family, in key order
  std::vector<std::pair<std::string, std::uint64_t>> checkpoints;
  std::string gap;  // empty when positions 1..head are all there, in order
};

Snapshot read_store(const fs::path& data) {
  tanggap::events::Options options;
  options.path = (data / "store").string();
  options.read_only = true;
  options.create_if_missing = false;
  auto store = tanggap::events::EventStore::open(options);
  if (!store) harness_failure("cannot open " + options.path + ": " + store.error().message);
  Snapshot s;
  s.head = (*store)->head();
  std::uint64_t expected = 1;
  for (;;) {
    auto page = (*store)->read_log(expected - 1, 10000);
    if (!page) harness_failure(page.error().message);
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (e.position != expected && s.gap.empty()) s.gap = "position " + std::to_string(expected) + " is missing";
      expected = e.position + 1;
    }
  }
  if (expected - 1 != s.head && s.gap.empty()) s.gap = "the log ends at " + std::to_string(expected - 1) + ", the head is " + std::to_string(s.head);
  auto scanned = (*store)->scan_views("", "", [&](std::string_view key, std::string_view value) {
    s.views.emplace_back(key, value);
    return true;
  });
  if (!scanned) harness_failure(scanned.error().message);
  auto cps = (*store)->checkpoints();
  if (!cps) harness_failure(cps.error().message);
  for (auto& [name, at] : *cps) s.checkpoints.emplace_back(name, at);
  return s;
}

std::string printable(std::string_view bytes) {
  std::string out;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f) out.push_back(static_cast<char>(c));
    else out += fmt::format("\\x{:02x}", c);
    if (out.size() > 120) return out + "…";
  }
  return out;
}

// Key for key, byte for byte; prints the first differences.
std::uint64_t compare_views(const Snapshot& live, const Snapshot& rebuilt) {
  std::uint64_t differences = 0;
  auto report = [&](const std::string& what) {
    if (++differences <= 10) std::fprintf(stderr, "PROJECTION DIFFERS: %s\n", what.c_str());
  };
  std::size_t i = 0, j = 0;
  while (i < live.views.size() || j < rebuilt.views.size()) {
    if (j == rebuilt.views.size() || (i < live.views.size() && live.views[i].first < rebuilt.views[j].first)) {
      report("only in the live store: " + printable(live.views[i++].first));
    } else if (i == live.views.size() || rebuilt.views[j].first < live.views[i].first) {
      report("only in the rebuild: " + printable(rebuilt.views[j++].first));
    } else {
      if (live.views[i].second != rebuilt.views[j].second)
        report("value of " + printable(live.views[i].first) + ": live " + printable(live.views[i].second) + ", rebuilt " +
               printable(rebuilt.views[j].second));
      ++i;
      ++j;
    }
  }
  if (live.checkpoints != rebuilt.checkpoints) {
    std::string text;
    for (const auto& [name, at] : live.checkpoints) text += fmt::format(" {}={}", name, at);
    text += " (live) vs";
    for (const auto& [name, at] : rebuilt.checkpoints) text += fmt::format(" {}={}", name, at);
    report("checkpoints:" + text + " (rebuilt)");
  }
  return differences;
}

// ---- the run ---------------------------------------------------------------

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) harness_failure(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--tanggap") a.tanggap = value();
    else if (flag == "--source") a.source = value();
    else if (flag == "--work") a.work = value();
    else if (flag == "--cycles") a.cycles = std::stoi(value());
    else if (flag == "--submitters") a.submitters = std::stoi(value());
    else if (flag == "--officers") a.officers = std::stoi(value());
    else if (flag == "--min-ms") a.min_ms = std::stoi(value());
    else if (flag == "--max-ms") a.max_ms = std::stoi(value());
    else if (flag == "--seed") a.seed = static_cast<unsigned>(std::stoul(value()));
    else if (flag == "--keep") a.keep = true;
    else harness_failure("unknown argument " + flag + " (see the top of tests/crash/crash_test_main.cpp)");
  }
  if (a.tanggap.empty() || a.source.empty()) harness_failure("usage: crash_test --tanggap BIN --source REPO [--cycles N] ...");
  if (a.cycles < 1 || a.min_ms < 1 || a.max_ms < a.min_ms) harness_failure("bad --cycles, --min-ms or --max-ms");
  return a;
}

Paths prepare(Args& args, std::uint16_t port) {
  Paths p;
  if (args.work.empty()) {
    char pattern[] = "/tmp/tanggap-crash-XXXXXX";
    if (!::mkdtemp(pattern)) harness_failure("cannot make a temporary directory");
    args.work = pattern;
  }
  p.work = fs::absolute(args.work);
  p.data = p.work / "data";
  p.config = p.work / "config.json";
  p.log = p.work / "server.log";
  if (fs::exists(p.data)) harness_failure(p.data.string() + " exists: give a fresh --work");
  fs::create_directories(p.work);
  const fs::path source = fs::absolute(args.source);
  // No per-address rate limit: every citizen here is 127.0.0.1.
  std::ofstream(p.config) << json{{"listen", fmt::format("127.0.0.1:{}", port)},
                                  {"data_dir", p.data.string()},
                                  {"catalog_dir", (source / "ops" / "catalog").string()},
                                  {"calendar_dir", (source / "ops" / "calendar").string()},
                                  {"bot", {{"texts_dir", (source / "ops" / "texts").string()}}},
                                  {"limits", {{"submissions_per_minute", 0}}}}
                                 .dump(2);
  return p;
}

std::string submission_body(std::uint16_t port) {
  Client client(port);
  auto r = client.send("GET", "/api/v1/services");
  if (!r || r->status != 200) harness_failure("GET /api/v1/services failed");
  const auto catalog = body_of(*r);
  // The complaint service when the catalog has it, else the first there is.
  std::string office, service;
  for (const auto& o : catalog["offices"])
    for (const auto& s : o["services"])
      if (service.empty() || (s["id"] == "pengaduan" && service != "pengaduan")) {
        office = o["id"];
        service = s["id"];
      }
  if (service.empty()) harness_failure("the catalog has no service");
  return json{{"service", service},
              {"office", office},
              {"title", "Bantuan belum cair"},
              {"body", "Sudah tiga bulan bantuan PKH belum cair."},
              {"reporter", {{"name", "Siti Aminah"}, {"phone", "0812-0000-1234"}}}}
      .dump();
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse(argc, argv);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const std::uint16_t port = free_port();
  const Paths paths = prepare(args, port);
  std::mt19937 rng(args.seed);
  std::printf("crash test: %d cycles, %d submitters, %d officers, kill after %d-%d ms, seed %u, work %s\n", args.cycles,
              args.submitters, args.officers, args.min_ms, args.max_ms, args.seed, paths.work.c_str());

  Setup setup;
  setup.port = port;
  std::string token;
  if (run({args.tanggap, "user", "add", "petugas", "--role", "officer", "--unit", "Linjamsos", "--config", paths.config.string()},
          paths.log.string(), &token) != 0)
    harness_failure("tanggap user add failed; see " + paths.log.string());
  setup.officer_token = token.substr(0, token.find('\n'));

  pid_t pid = -1;
  start_server(args, paths, port, pid);
  setup.submission = submission_body(port);

  Ledger ledger;
  std::vector<std::string> failures;
  std::uint64_t notes_lost = 0;
  std::size_t cases_checked = 0, notes_checked = 0;
  std::uint64_t head = 0;
  for (int cycle = 1; cycle <= args.cycles; ++cycle) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < args.submitters; ++t) threads.emplace_back([&] { submitter(setup, ledger, stop); });
    for (int t = 0; t < args.officers; ++t) threads.emplace_back([&, seed = static_cast<unsigned>(rng())] { officer(setup, ledger, stop, seed); });
    const int wait_ms = std::uniform_int_distribution<int>(args.min_ms, args.max_ms)(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    ::kill(pid, SIGKILL);
    wait_exit(pid);
    stop = true;
    for (auto& t : threads) t.join();

    head = start_server(args, paths, port, pid);
    // Every answer this cycle gave, asked of the restarted server.
    std::vector<Ack> cases;
    std::vector<std::pair<std::string, std::uint64_t>> notes;
    {
      std::lock_guard lock(ledger.mutex);
      cases = ledger.cases;
      notes = ledger.notes;
    }
    std::uint64_t lost_now = check_all(cases, cases_checked, cases.size(), port, trackable);
    const auto notes_lost_now = check_all(notes, notes_checked, notes.size(), port, [&](Client& client, const auto& note) {
      auto r = client.send("GET", "/api/v1/cases/" + note.first, "", setup.officer_token);
      const auto version = r && r->status == 200 ? body_of(*r).value("version", std::uint64_t{0}) : 0;
      if (version >= note.second) return true;
      std::fprintf(stderr, "LOST: a note on %s answered 200 at version %llu; the case is at %llu\n", note.first.c_str(),
                   static_cast<unsigned long long>(note.second), static_cast<unsigned long long>(version));
      return false;
    });
    notes_lost += notes_lost_now;
    lost_now += notes_lost_now;
    if (lost_now > 0) failures.push_back(fmt::format("cycle {}: {} acknowledged writes missing after the restart", cycle, lost_now));
    std::printf("cycle %d/%d: acknowledged %zu (total %zu), notes %zu, lost %llu, head %llu, killed after %d ms\n", cycle,
                args.cycles, cases.size() - cases_checked, cases.size(), notes.size() - notes_checked,
                static_cast<unsigned long long>(lost_now), static_cast<unsigned long long>(head), wait_ms);
    cases_checked = cases.size();
    notes_checked = notes.size();
  }

  // All of it once more, then a graceful stop with the projections at the head.
  const auto lost_at_end = check_all(ledger.cases, 0, ledger.cases.size(), port, trackable);
  if (lost_at_end > 0) failures.push_back(fmt::format("{} cases lost in the final pass", lost_at_end));
  // Nothing acknowledged means nothing was tested: a server refusing every
  // submission must not pass for one that keeps them all.
  if (ledger.cases.empty()) failures.push_back("no case was acknowledged in any cycle: the load never reached the store");
  std::set<std::string> ids;
  for (const auto& c : ledger.cases) ids.insert(c.id);
  if (ids.size() != ledger.cases.size()) failures.push_back(fmt::format("{} case ids answered twice", ledger.cases.size() - ids.size()));
  if (!caught_up(port)) failures.push_back("the projections did not catch up with the log within 60 s");
  ::kill(pid, SIGTERM);
  if (const int code = wait_exit(pid); code != 0) failures.push_back(fmt::format("the server stopped with exit {}", code));

  std::string verified;
  if (run({args.tanggap, "verify", "--data", paths.data.string()}, paths.log.string(), &verified) != 0)
    failures.push_back("tanggap verify: " + verified);
  const fs::path copy = paths.work / "rebuilt";
  fs::copy(paths.data, copy, fs::copy_options::recursive);
  if (run({args.tanggap, "rebuild", "--config", paths.config.string(), "--data", copy.string()}, paths.log.string()) != 0)
    failures.push_back("tanggap rebuild of the copy failed");
  const Snapshot live = read_store(paths.data);
  const Snapshot rebuilt = read_store(copy);
  if (!live.gap.empty()) failures.push_back("the log has a gap: " + live.gap);
  const auto differences = compare_views(live, rebuilt);
  if (differences > 0) failures.push_back(fmt::format("{} differences between the projections and a fresh rebuild", differences));
  // Every case is asked again at the end, so a case lost in any cycle counts here once.
  const std::uint64_t lost = lost_at_end + notes_lost;

  for (const auto& f : failures) std::printf("FAILED: %s\n", f.c_str());
  std::printf("crash test: %d cycles, acknowledged %zu cases and %zu notes, lost %llu; head %llu gap-free: %s; verify: %s; "
              "projections %s a fresh rebuild (%zu view rows, %zu checkpoints)\n",
              args.cycles, ledger.cases.size(), ledger.notes.size(), static_cast<unsigned long long>(lost),
              static_cast<unsigned long long>(live.head), live.gap.empty() ? "yes" : "NO",
              verified.rfind("ok:", 0) == 0 ? "ok" : "FAILED", differences == 0 ? "equal" : "DIFFER from",
              live.views.size(), live.checkpoints.size());
  const bool passed = lost == 0 && failures.empty();
  if (passed && !args.keep) fs::remove_all(paths.work);
  else std::printf("work directory kept: %s\n", paths.work.c_str());
  return passed ? 0 : 1;
}
