#include "control/control_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "control/protocol.h"

namespace schedtool {
namespace {

class Socket {
 public:
  Socket() : fd_(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) throw Error(std::string("socket: ") + std::strerror(errno));
  }
  ~Socket() { close(fd_); }
  int fd() const { return fd_; }

 private:
  int fd_;
};

void connect_to(const Socket& s, const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path)
    throw Error(fmt::format("control socket path must be 1 to {} bytes long: '{}'", sizeof addr.sun_path - 1, path));
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (connect(s.fd(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) return;
  const int err = errno;
  if (err == ENOENT || err == ECONNREFUSED || err == ENOTSOCK)
    throw ControlUnreachable(fmt::format("no scheduler is listening on {} ({})", path, std::strerror(err)));
  throw Error(fmt::format("cannot connect to {}: {}", path, std::strerror(err)));
}

void send_all(const Socket& s, const std::string& data) {
  for (std::size_t sent = 0; sent < data.size();) {
    const ssize_t n = send(s.fd(), data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(std::string("sending the request: ") + std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }
  shutdown(s.fd(), SHUT_WR);  // one request: the scheduler closes once it has answered
}

std::string read_line(const Socket& s, Duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string in;
  char buffer[64 * 1024];
  std::size_t searched = 0;  // a 100k-job listing is megabytes: look at each byte once
  for (;;) {
    if (const auto nl = in.find('\n', searched); nl != std::string::npos) return in.substr(0, nl);
    searched = in.size();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{s.fd(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0)
      throw Error("the scheduler did not reply in time");
    const ssize_t n = read(s.fd(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(std::string("reading the reply: ") + std::strerror(errno));
    if (n == 0) throw Error("the scheduler closed the connection without a reply");
    in.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string control_exchange(const std::string& path, const std::string& request, Duration timeout) {
  Socket s;
  connect_to(s, path);
  send_all(s, request);
  return read_line(s, timeout);
}

}  // namespace schedtool
