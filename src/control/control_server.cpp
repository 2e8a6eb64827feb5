#include "control/control_server.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"

namespace schedtool {
namespace {

constexpr std::size_t kMaxClients = 64;
constexpr Duration kIdleTimeout = std::chrono::seconds{10};
constexpr std::uint64_t kListenTag = 0;

sockaddr_un address_of(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path)
    throw Error(fmt::format("control socket path must be 1 to {} bytes long: '{}'", sizeof addr.sun_path - 1, path));
  std::memcpy(addr.sun_path, path.data(), path.size());
  return addr;
}

std::string errno_text() { return std::strerror(errno); }

// The pid of whoever listens on `path`, or nullopt when nobody does (a stale socket).
std::optional<pid_t> live_listener(const sockaddr_un& addr) {
  const int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (probe < 0) return std::nullopt;
  std::optional<pid_t> pid;
  if (connect(probe, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) {
    ucred cred{};
    socklen_t len = sizeof cred;
    pid = getsockopt(probe, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 ? cred.pid : 0;
  }
  close(probe);
  return pid;
}

void watch(int epoll_fd, int fd, std::uint64_t tag, std::uint32_t events, int op = EPOLL_CTL_ADD) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = tag;
  epoll_ctl(epoll_fd, op, fd, &ev);
}

}  // namespace

ControlServer::ControlServer(std::string path) : path_(std::move(path)) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw Error("control socket: epoll_create1: " + errno_text());
  try {
    bind_socket();
  } catch (...) {
    close(epoll_fd_);
    if (listen_fd_ >= 0) close(listen_fd_);
    throw;
  }
  watch(epoll_fd_, listen_fd_, kListenTag, EPOLLIN);
}

void ControlServer::bind_socket() {
  const sockaddr_un addr = address_of(path_);
  listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw Error("control socket: " + errno_text());
  const auto try_bind = [&] {
    const mode_t old_mask = umask(0177);  // created 0600; no thread exists yet to inherit this mask
    const int r = bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    umask(old_mask);
    return r == 0;
  };
  if (!try_bind()) {
    if (errno != EADDRINUSE) throw Error(fmt::format("control socket {}: {}", path_, errno_text()));
    struct stat st{};
    if (lstat(path_.c_str(), &st) == 0 && !S_ISSOCK(st.st_mode))
      throw Error(fmt::format("control socket {}: the path exists and is not a socket (not replacing it)", path_));
    if (const auto pid = live_listener(addr))
      throw ControlSocketInUse(fmt::format("control socket {}: another scheduler (pid {}) is listening there; "
                              "give this one --control PATH or --no-control", path_, *pid));
    unlink(path_.c_str());  // stale: left by a scheduler that did not exit cleanly
    if (!try_bind()) throw Error(fmt::format("control socket {}: {}", path_, errno_text()));
  }
  chmod(path_.c_str(), 0600);
  struct stat st{};
  if (lstat(path_.c_str(), &st) == 0) inode_ = st.st_ino, device_ = st.st_dev;
  if (listen(listen_fd_, 64) != 0) throw Error(fmt::format("control socket {}: {}", path_, errno_text()));
}

ControlServer::~ControlServer() {
  while (!clients_.empty()) close_client(clients_.begin()->first);
  // Unlink only our own socket: a scheduler started after us may have replaced it.
  struct stat st{};
  if (lstat(path_.c_str(), &st) == 0 && st.st_ino == inode_ && st.st_dev == device_) unlink(path_.c_str());
  close(listen_fd_);
  close(epoll_fd_);
}

void ControlServer::poll(Instant now, std::vector<ControlLine>& requests, std::vector<std::string>& notices) {
  epoll_event events[64];
  const int n = epoll_wait(epoll_fd_, events, 64, 0);
  for (int i = 0; i < n; ++i) {
    const std::uint64_t id = events[i].data.u64;
    if (id == kListenTag) {
      accept_clients(now, notices);
      continue;
    }
    const auto it = clients_.find(id);
    if (it == clients_.end()) continue;
    if (events[i].events & EPOLLOUT) flush(it->second, now);
    if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_client(it->second, now, requests);
    close_if_done(id);
  }
}

void ControlServer::accept_clients(Instant now, std::vector<std::string>& notices) {
  for (;;) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    if (!peer_allowed(fd, notices)) {
      close(fd);
      continue;
    }
    if (clients_.size() >= kMaxClients) {
      const std::string line = control_reply_line(
          control_failure("too_many_clients", fmt::format("{} control clients are connected already", kMaxClients)));
      [[maybe_unused]] const auto r = send(fd, line.data(), line.size(), MSG_NOSIGNAL);
      close(fd);
      notices.push_back(fmt::format("Refused a control connection: {} clients are connected already", kMaxClients));
      continue;
    }
    const std::uint64_t id = next_id_++;
    Client& c = clients_[id];
    c.id = id;
    c.fd = fd;
    c.deadline = now + kIdleTimeout;
    watch(epoll_fd_, fd, id, EPOLLIN);
  }
}

bool ControlServer::peer_allowed(int fd, std::vector<std::string>& notices) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    notices.push_back("Refused a control connection: its peer credentials could not be read");
    return false;
  }
  if (cred.uid == geteuid() || cred.uid == 0) return true;
  notices.push_back(fmt::format("Refused a control connection from uid {} (pid {}): only uid {} and root may control "
                                "this scheduler", cred.uid, cred.pid, geteuid()));
  return false;
}

void ControlServer::read_client(Client& c, Instant now, std::vector<ControlLine>& requests) {
  char buffer[16 * 1024];
  while (!c.read_closed) {
    const ssize_t n = read(c.fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
    if (n <= 0) {
      c.read_closed = true;  // end of file: a last line without '\n' still counts
      if (!c.in.empty()) c.in += '\n';
    } else {
      c.in.append(buffer, static_cast<std::size_t>(n));
      c.deadline = now + kIdleTimeout;
    }
    take_lines(c, requests);
    if (c.in.size() > kMaxControlLine) {  // no newline within the limit: answer and hang up
      c.in.clear();
      c.read_closed = true;
      c.out += control_reply_line(
          control_failure("too_large", fmt::format("request is longer than {} bytes", kMaxControlLine)));
      flush(c, now);
    }
  }
  update_interest(c);
}

void ControlServer::take_lines(Client& c, std::vector<ControlLine>& requests) {
  std::size_t start = 0;
  for (std::size_t nl; (nl = c.in.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = c.in.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines are no requests
    ++c.unanswered;
    requests.push_back({c.id, std::move(line)});
  }
  c.in.erase(0, start);
}

void ControlServer::reply(std::uint64_t client, const std::string& line, Instant now) {
  const auto it = clients_.find(client);
  if (it == clients_.end()) return;
  Client& c = it->second;
  if (c.unanswered) --c.unanswered;
  c.out += line;
  c.deadline = now + kIdleTimeout;
  flush(c, now);
  close_if_done(client);
}

void ControlServer::flush(Client& c, Instant now) {
  while (!c.out.empty()) {
    const ssize_t n = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) {  // the peer is gone: nothing more to say to it
      c.out.clear();
      c.read_closed = true;
      c.unanswered = 0;
      break;
    }
    if (n < 0) break;
    c.out.erase(0, static_cast<std::size_t>(n));
    c.deadline = now + kIdleTimeout;
  }
  update_interest(c);
}

// Level-triggered epoll: ask only for what can make progress, or a half-closed peer spins the loop.
void ControlServer::update_interest(Client& c) {
  const std::uint32_t events = (c.read_closed ? 0u : std::uint32_t{EPOLLIN}) | (c.out.empty() ? 0u : std::uint32_t{EPOLLOUT});
  if (events == c.events) return;
  c.events = events;
  watch(epoll_fd_, c.fd, c.id, events, EPOLL_CTL_MOD);
}

void ControlServer::close_if_done(std::uint64_t id) {
  const auto it = clients_.find(id);
  if (it != clients_.end() && it->second.read_closed && it->second.unanswered == 0 && it->second.out.empty())
    close_client(id);
}

void ControlServer::close_client(std::uint64_t id) {
  const auto it = clients_.find(id);
  if (it == clients_.end()) return;
  close(it->second.fd);  // leaves the epoll set
  clients_.erase(it);
}

std::optional<Instant> ControlServer::next_deadline() const {
  std::optional<Instant> earliest;
  for (const auto& [id, c] : clients_)
    if (!earliest || c.deadline < *earliest) earliest = c.deadline;
  return earliest;
}

void ControlServer::expire(Instant now) {
  for (auto it = clients_.begin(); it != clients_.end();) {
    const std::uint64_t id = it->first;
    ++it;
    if (clients_.at(id).deadline <= now) close_client(id);
  }
}

}  // namespace schedtool
