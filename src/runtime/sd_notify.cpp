#include "runtime/sd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace schedtool {
namespace {

std::string take_env(const char* name) {
  const char* value = std::getenv(name);
  std::string text = value ? value : "";
  unsetenv(name);
  return text;
}

std::optional<std::uint64_t> whole_number(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19) return {};
  return std::strtoull(text.c_str(), nullptr, 10);
}

// RELOADING=1 carries the monotonic time it was sent (systemd 253's notify-reload asks for it;
// older managers ignore the field).
std::string with_monotonic_time(const std::string& message) {
  if (message.rfind("RELOADING=1", 0) != 0) return message;
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  const auto usec = static_cast<std::uint64_t>(ts.tv_sec) * 1000000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
  return message + "\nMONOTONIC_USEC=" + std::to_string(usec);
}

}  // namespace

std::unique_ptr<SdNotify> SdNotify::from_environment() {
  const std::string socket = take_env("NOTIFY_SOCKET");
  const std::string watchdog_usec = take_env("WATCHDOG_USEC");
  const std::string watchdog_pid = take_env("WATCHDOG_PID");
  if (socket.empty()) return nullptr;
  std::optional<Duration> watchdog;
  const auto usec = whole_number(watchdog_usec);
  const auto pid = whole_number(watchdog_pid);
  const bool ours = watchdog_pid.empty() || (pid && *pid == static_cast<std::uint64_t>(getpid()));
  if (usec && *usec > 0 && ours) watchdog = Duration{static_cast<Duration::rep>(*usec)};
  return std::make_unique<SdNotify>(socket, watchdog);
}

SdNotify::SdNotify(std::string socket, std::optional<Duration> watchdog)
    : socket_(std::move(socket)), watchdog_(watchdog) {
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

SdNotify::~SdNotify() {
  if (fd_ >= 0) close(fd_);
}

void SdNotify::notify(const std::string& message) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (fd_ < 0 || socket_.size() >= sizeof(address.sun_path)) return;
  if (socket_[0] != '/' && socket_[0] != '@') return;  // neither a path nor an abstract name: not ours to guess
  std::memcpy(address.sun_path, socket_.data(), socket_.size());
  if (socket_[0] == '@') address.sun_path[0] = '\0';  // abstract: no terminating NUL counted
  const socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_.size() +
                                                  (socket_[0] == '@' ? 0 : 1));
  const std::string text = with_monotonic_time(message);
  // Never blocks the loop: a datagram socket whose peer's queue is full drops it (MSG_DONTWAIT).
  (void)sendto(fd_, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&address),
               length);
}

}  // namespace schedtool
