#include "runtime/service_reporter.h"

#include <algorithm>

namespace schedtool {

ServiceReporter::ServiceReporter(ServiceManager* manager) : manager_(manager) {
  if (!manager_) return;
  // sd_watchdog_enabled(3): ping at half the timeout, so one late wake-up is not yet a restart.
  if (const auto timeout = manager_->watchdog_timeout(); timeout && *timeout > Duration{0})
    ping_every_ = std::max(Duration{1}, *timeout / 2);
}

void ServiceReporter::ready(Instant now, const std::string& status) {
  if (!manager_) return;
  manager_->notify("READY=1\nSTATUS=" + status);
  status_ = status;
  last_status_ = now;
  status_pending_ = false;
}

void ServiceReporter::reloading() {
  if (manager_) manager_->notify("RELOADING=1");
}

void ServiceReporter::reloaded(Instant now, const std::string& status) {
  ready(now, status);
}

void ServiceReporter::stopping() {
  if (manager_) manager_->notify("STOPPING=1");
}

// A clock set back (date -s, a VM resumed) must not push the next ping past the timeout.
void ServiceReporter::ping_if_due(Instant now) {
  if (!ping_every_) return;
  if (last_ping_ && now >= *last_ping_ && now - *last_ping_ < *ping_every_) return;
  manager_->notify("WATCHDOG=1");
  last_ping_ = now;
}

void ServiceReporter::update_status(Instant now, const std::string& status) {
  status_pending_ = status != status_;
  if (!status_pending_) return;
  if (now >= last_status_ && now - last_status_ < kStatusInterval) return;  // held back: see deadline()
  status_pending_ = false;
  manager_->notify("STATUS=" + status);
  status_ = status;
  last_status_ = now;
}

std::optional<Instant> ServiceReporter::deadline(std::optional<Instant> loop_deadline) const {
  std::optional<Instant> at = loop_deadline;
  const auto earlier = [&at](Instant t) { at = at ? std::min(*at, t) : t; };
  if (ping_every_ && last_ping_) earlier(*last_ping_ + *ping_every_);
  if (status_pending_) earlier(last_status_ + kStatusInterval);
  return at;
}

}  // namespace schedtool
