// tests/support/raw_socket.h — a plain TCP client for hostile-client tests:
// bytes out exactly as given (half a request line, garbage, one byte at a
// time), and a way to tell whether the server closed the connection, with a
// deadline. POSIX sockets; blocking connect, polled reads.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tanggap::testing {

class RawSocket {
 public:
  // Connects to 127.0.0.1:port; throws when the connection cannot be made.
  static std::unique_ptr<RawSocket> connect(std::uint16_t port);
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  // False when the bytes could not all be written (the peer is gone).
  bool send(std::string_view bytes);
  // Reads until the peer closes (true) or `timeout` passes (false); what
  // arrived meanwhile is appended to received().
  bool wait_closed(std::chrono::milliseconds timeout);
  const std::string& received() const { return received_; }

 private:
  explicit RawSocket(int fd) : fd_(fd) {}
  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
};

}  // namespace tanggap::testing
