// tests/hostile/hostile_clients_main.cpp — the real server under hostile
// clients, all at once, while a well-behaved client keeps asking:
//   - thousands of idle connections that never send a byte;
//   - clients trickling a request's headers one byte at a time;
//   - pipelined floods: thousands of requests written without reading answers;
//   - endless chunked bodies.
// It starts `tanggap serve` as a child process (so the server's own memory is
// measured, from /proc/<pid>/status), reports the well-behaved client's
// latency and failures and the server's peak resident memory, and exits 1
// when a probe failed or the memory grew past the bound.
//
// Usage: hostile_clients TANGGAP_BINARY [--seconds N] [--idle N] [--trickle N]
//                        [--flood N] [--chunked N] [--max-rss-mb N] [--idle-timeout S]
#include "server/http_client.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Options {
  std::string binary;
  int seconds = 20;
  int idle = 5000;
  int trickle = 200;
  int flood = 20;
  int chunked = 20;
  long max_rss_mb = 400;
  int idle_timeout_s = 0;  // 0: the server's default (30 s)
};

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A connected socket to the server, or -1.
int connect_to(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// True when the server has closed the connection (reads what is there).
bool closed_by_peer(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  char buffer[4096];
  const auto n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

long status_kb(pid_t pid, const char* key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  return -1;
}

struct Tally {
  std::atomic<long> opened{0}, cut_off{0}, requests{0}, bytes{0}, refused{0};
};

Options parse(int argc, char** argv) {
  Options o;
  if (argc < 2) {
    std::fprintf(stderr, "usage: hostile_clients TANGGAP_BINARY [--seconds N] [--idle N] [--trickle N] [--flood N] "
                         "[--chunked N] [--max-rss-mb N]\n");
    std::exit(2);
  }
  o.binary = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const long v = std::atol(argv[i + 1]);
    if (k == "--seconds") o.seconds = static_cast<int>(v);
    else if (k == "--idle") o.idle = static_cast<int>(v);
    else if (k == "--trickle") o.trickle = static_cast<int>(v);
    else if (k == "--flood") o.flood = static_cast<int>(v);
    else if (k == "--chunked") o.chunked = static_cast<int>(v);
    else if (k == "--max-rss-mb") o.max_rss_mb = v;
    else if (k == "--idle-timeout") o.idle_timeout_s = static_cast<int>(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  // Thousands of sockets on both ends: raise the soft descriptor limit to the
  // hard one (the server, forked from here, inherits it).
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  const auto base = std::filesystem::temp_directory_path() / ("tanggap-hostile-" + std::to_string(::getpid()));
  std::filesystem::remove_all(base);
  std::filesystem::create_directories(base);
  const auto data = base / "data";
  const auto config = base / "config.json";
  {
    std::ofstream out(config);
    out << "{\"limits\": {\"max_connections\": 20000";
    if (o.idle_timeout_s > 0) out << ", \"idle_timeout_s\": " << o.idle_timeout_s;
    out << "}}\n";
  }
  const std::uint16_t port = free_port();
  const std::string listen = "127.0.0.1:" + std::to_string(port);

  const pid_t server = ::fork();
  if (server == 0) {
    // The server's request log would drown the report.
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    // Under AddressSanitizer (the CI build) freed memory waits in a 256 MB
    // quarantine by default, which would read as growth here.
    ::setenv("ASAN_OPTIONS", "quarantine_size_mb=16", 0);
    ::execl(o.binary.c_str(), o.binary.c_str(), "serve", "--config", config.c_str(), "--data", data.c_str(), "--listen",
            listen.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  auto stop_server = [&] {
    ::kill(server, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && ::waitpid(server, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(100ms);
    ::kill(server, SIGKILL);
    ::waitpid(server, &status, 0);
    std::filesystem::remove_all(base);
  };

  tanggap::server::ClientRequest health;
  health.target = "/readyz";
  bool ready = false;
  for (int i = 0; i < 300 && !ready; ++i) {
    auto r = tanggap::server::http_call("127.0.0.1", port, health, 1s);
    ready = r && r->status == 200;
    if (!ready) std::this_thread::sleep_for(100ms);
  }
  if (!ready) {
    std::fprintf(stderr, "hostile_clients: the server did not become ready\n");
    stop_server();
    return 1;
  }
  const long rss_start = status_kb(server, "VmRSS:");
  std::printf("server pid %d on %s, resident %ld MB at start\n", server, listen.c_str(), rss_start / 1024);

  std::atomic<bool> stop{false};
  const auto until = Clock::now() + std::chrono::seconds(o.seconds);
  Tally idle, trickle, flood, chunked;
  std::vector<std::thread> attackers;
  attackers.reserve(static_cast<std::size_t>(2 + o.flood + o.chunked));

  // Idle sockets: connect and say nothing; count those the server closes.
  attackers.emplace_back([&] {
    std::vector<int> fds;
    for (int i = 0; i < o.idle && !stop; ++i) {
      const int fd = connect_to(port);
      if (fd < 0) {
        ++idle.refused;
        continue;
      }
      fds.push_back(fd);
      ++idle.opened;
    }
    while (!stop) std::this_thread::sleep_for(200ms);
    for (const int fd : fds) {
      if (closed_by_peer(fd)) ++idle.cut_off;
      ::close(fd);
    }
  });

  // Tricklers: one byte of a request every 100 ms, reconnecting when cut off.
  attackers.emplace_back([&] {
    const std::string request = "GET /api/v1/services HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(4000, 's') + "\r\n\r\n";
    std::vector<std::pair<int, std::size_t>> clients;
    while (!stop) {
      while (static_cast<int>(clients.size()) < o.trickle && !stop) {
        const int fd = connect_to(port);
        if (fd < 0) {
          ++trickle.refused;
          break;
        }
        clients.emplace_back(fd, 0);
        ++trickle.opened;
      }
      for (auto it = clients.begin(); it != clients.end();) {
        if (closed_by_peer(it->first) || !send_all(it->first, request.substr(it->second % request.size(), 1))) {
          ++trickle.cut_off;
          ::close(it->first);
          it = clients.erase(it);
          continue;
        }
        ++it->second;
        ++trickle.bytes;
        ++it;
      }
      std::this_thread::sleep_for(100ms);
    }
    for (auto& [fd, _] : clients) ::close(fd);
  });

  // Pipelined floods: write requests as fast as the socket takes them and
  // never read an answer; the server must stop reading, not buffer forever.
  for (int i = 0; i < o.flood; ++i) {
    attackers.emplace_back([&] {
      std::string batch;
      for (int k = 0; k < 100; ++k) batch += "GET /api/v1/services HTTP/1.1\r\nHost: x\r\n\r\n";
      while (!stop) {
        const int fd = connect_to(port);
        if (fd < 0) {
          ++flood.refused;
          std::this_thread::sleep_for(100ms);
          continue;
        }
        ++flood.opened;
        ::fcntl(fd, F_SETFL, O_NONBLOCK);
        while (!stop) {
          const auto n = ::send(fd, batch.data(), batch.size(), MSG_NOSIGNAL);
          if (n > 0) {
            flood.bytes += n;
            flood.requests += n / static_cast<long>(batch.size() / 100);
            continue;
          }
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, 200);
            if (closed_by_peer(fd)) break;
            continue;
          }
          break;  // the server closed it
        }
        ++flood.cut_off;
        ::close(fd);
      }
    });
  }

  // Endless chunked bodies: a POST whose chunks never end.
  for (int i = 0; i < o.chunked; ++i) {
    attackers.emplace_back([&] {
      const std::string head =
          "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
      const std::string chunk = "4000\r\n" + std::string(0x4000, 'x') + "\r\n";
      while (!stop) {
        const int fd = connect_to(port);
        if (fd < 0) {
          ++chunked.refused;
          std::this_thread::sleep_for(100ms);
          continue;
        }
        ++chunked.opened;
        if (send_all(fd, head))
          while (!stop && send_all(fd, chunk)) chunked.bytes += static_cast<long>(chunk.size());
        ++chunked.cut_off;
        ::close(fd);
      }
    });
  }

  // The well-behaved client: fresh connections, a short deadline each.
  std::vector<double> latencies_ms;
  long probes = 0, failures = 0, peak_rss = 0;
  tanggap::server::ClientRequest probe;
  probe.target = "/api/v1/services?office=kab-lumajang";
  while (Clock::now() < until) {
    const auto started = Clock::now();
    auto r = tanggap::server::http_call("127.0.0.1", port, probe, 3s);
    ++probes;
    if (!r || r->status != 200) ++failures;
    else latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    peak_rss = std::max(peak_rss, status_kb(server, "VmRSS:"));
    std::this_thread::sleep_for(50ms);
  }
  stop = true;
  for (auto& t : attackers) t.join();
  const long hwm = status_kb(server, "VmHWM:");
  const bool alive = ::waitpid(server, nullptr, WNOHANG) == 0;
  stop_server();

  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto pct = [&](double p) {
    return latencies_ms.empty() ? 0.0 : latencies_ms[std::min(latencies_ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(latencies_ms.size())))];
  };
  std::printf("idle connections:   %ld opened, %ld refused, %ld closed by the server\n", idle.opened.load(),
              idle.refused.load(), idle.cut_off.load());
  std::printf("tricklers:          %ld connections, %ld bytes trickled, %ld cut off\n", trickle.opened.load(),
              trickle.bytes.load(), trickle.cut_off.load());
  std::printf("pipelined floods:   %ld connections, %ld requests (%ld MB) written unread, %ld cut off\n",
              flood.opened.load(), flood.requests.load(), flood.bytes.load() >> 20, flood.cut_off.load());
  std::printf("endless chunked:    %ld connections, %ld MB sent, %ld cut off\n", chunked.opened.load(),
              chunked.bytes.load() >> 20, chunked.cut_off.load());
  std::printf("well-behaved probe: %ld requests, %ld failed, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", probes, failures,
              pct(0.50), pct(0.99), latencies_ms.empty() ? 0.0 : latencies_ms.back());
  // The bound is on growth under attack: a sanitizer build starts far larger.
  const long growth_mb = (std::max(peak_rss, hwm) - rss_start) / 1024;
  std::printf("server memory:      %ld MB resident at start, peak %ld MB (VmHWM), growth %ld MB, bound %ld MB; %s\n",
              rss_start / 1024, std::max(peak_rss, hwm) / 1024, growth_mb, o.max_rss_mb, alive ? "still running" : "DIED");
  // When the run outlasts the idle timeout twice, the server must have closed
  // idle sockets and cut off tricklers itself: otherwise it only survived
  // because the run was short.
  const int timeout_s = o.idle_timeout_s > 0 ? o.idle_timeout_s : 30;
  const bool long_enough = o.seconds >= 2 * timeout_s;
  const bool timeouts_held = !long_enough || ((idle.opened == 0 || idle.cut_off > 0) && (trickle.opened == 0 || trickle.cut_off > 0));
  if (!timeouts_held) std::printf("the server closed no idle or trickling connection within %d s\n", o.seconds);
  const bool ok = alive && failures == 0 && probes > 0 && growth_mb <= o.max_rss_mb && timeouts_held;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
