#include "schedule/job_text.h"

#include <fmt/format.h>

#include "time/time_text.h"

namespace schedtool {

std::string describe_job(const JobConfig& job, const std::optional<Instant>& next_run) {
  const std::string trigger = job.trigger->describe();
  if (!next_run) return fmt::format("{} (trigger: {}, paused)", job.name, trigger);
  return fmt::format("{} (trigger: {}, next run at: {})", job.name, trigger,
                     format_local(*next_run, job.trigger->zone()));
}

}  // namespace schedtool
