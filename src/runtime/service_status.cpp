// The one-line STATUS= the loop gives systemd (`systemctl status` shows it under the unit's name).
#include <fmt/format.h>

#include "runtime/scheduler_loop.h"
#include "time/time_text.h"

namespace schedtool {

std::string SchedulerLoop::service_status(Instant now) const {
  const std::size_t n = schedule_.size();
  const std::string jobs = fmt::format("{} job{}", n, n == 1 ? "" : "s");
  if (stopping_) {
    const std::size_t running = dispatcher_.running();
    return fmt::format("Stopping: {} run{} still going", running, running == 1 ? "" : "s");
  }
  if (paused_) return jobs + ", paused (ctl resume-all)";
  const std::optional<Instant> next = deadline();
  if (!next) return jobs + ", nothing scheduled";
  return jobs + ", next wake-up " + format_local(std::max(*next, now), *zone_);
}

}  // namespace schedtool
