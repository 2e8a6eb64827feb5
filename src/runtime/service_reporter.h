#pragma once
// What the scheduler loop tells a service manager (systemd's notify protocol, sd_notify(3)), kept
// apart from how it is sent: `ServiceManager` is the edge (runtime/sd_notify.h sends datagrams to
// $NOTIFY_SOCKET; tests record), `ServiceReporter` decides what to say and when, from the loop's
// own clock — pure, so the fake driver can run an hour of watchdog in microseconds.
//
//   READY=1 + STATUS=    once the scheduler has started (its "Scheduler started" event)
//   RELOADING=1, READY=1 around a reload (SIGHUP or `ctl reload`), whatever its outcome
//   STOPPING=1           when the stop sequence begins
//   STATUS=              "3 jobs, next wake-up 2026-11-23 12:05:00 UTC": sent when it changed,
//                        at most once a minute (a changed status waits for the minute to pass)
//   WATCHDOG=1           every half WATCHDOG_USEC, from the loop between two waits — so a wedged
//                        loop is restarted, not a helper thread that merely lives.
//
// The loop folds deadline() into its own wait: only an enabled watchdog or a held-back status adds
// a wake-up, so a scheduler without a service manager wakes exactly as before.
#include <optional>
#include <string>

#include "time/instant.h"

namespace schedtool {

class ServiceManager {
 public:
  virtual ~ServiceManager() = default;
  // One notify message: "KEY=VALUE" lines joined by '\n'.
  virtual void notify(const std::string& message) = 0;
  // WATCHDOG_USEC, when the watchdog is enabled for this process.
  virtual std::optional<Duration> watchdog_timeout() const = 0;
};

class ServiceReporter {
 public:
  static constexpr Duration kStatusInterval = std::chrono::minutes{1};

  explicit ServiceReporter(ServiceManager* manager);  // nullptr: says nothing, adds no wake-up

  void ready(Instant now, const std::string& status);
  void reloading();
  void reloaded(Instant now, const std::string& status);
  void stopping();
  // Between two waits: a watchdog ping when due, the status when it changed and may be sent.
  // `status` is called only when a service manager listens.
  template <typename StatusText>
  void tick(Instant now, StatusText&& status) {
    if (!manager_) return;
    ping_if_due(now);
    update_status(now, status());
  }
  // The earlier of the loop's deadline and the next ping or held-back status.
  std::optional<Instant> deadline(std::optional<Instant> loop_deadline) const;

 private:
  void ping_if_due(Instant now);
  void update_status(Instant now, const std::string& status);

  ServiceManager* manager_;
  std::optional<Duration> ping_every_;  // half of WATCHDOG_USEC
  std::optional<Instant> last_ping_;
  Instant last_status_{};
  std::string status_;
  bool status_pending_ = false;  // changed, and waiting for the minute to pass
};

}  // namespace schedtool
