#pragma once
// systemd's notify protocol, spoken without libsystemd (which would add six shared libraries and
// about a millisecond to every command's start): each message is one datagram on the AF_UNIX socket
// named by $NOTIFY_SOCKET — a path, or "@name" for an abstract socket — as sd_notify(3) documents.
// The watchdog is ours when $WATCHDOG_USEC is set and $WATCHDOG_PID is absent or our pid.
#include <memory>
#include <optional>
#include <string>

#include "runtime/service_reporter.h"

namespace schedtool {

class SdNotify : public ServiceManager {
 public:
  // nullptr when $NOTIFY_SOCKET is unset or empty. Reads NOTIFY_SOCKET, WATCHDOG_USEC and
  // WATCHDOG_PID and removes them from the environment (sd_notify's unset_environment), so the
  // jobs schedtool starts do not speak to systemd in its name. Call before any thread starts.
  static std::unique_ptr<SdNotify> from_environment();

  SdNotify(std::string socket, std::optional<Duration> watchdog);
  ~SdNotify() override;
  SdNotify(const SdNotify&) = delete;
  SdNotify& operator=(const SdNotify&) = delete;

  // Best effort, as sd_notify: a manager that went away must not stop the scheduler.
  void notify(const std::string& message) override;
  std::optional<Duration> watchdog_timeout() const override { return watchdog_; }

 private:
  std::string socket_;
  std::optional<Duration> watchdog_;
  int fd_ = -1;
};

}  // namespace schedtool
