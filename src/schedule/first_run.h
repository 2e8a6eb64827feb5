#pragma once
// When a job first runs once the scheduler has it: APScheduler's add_job() computes
// trigger.get_next_fire_time(None, now); a paused job has no next run time.
#include <optional>
#include <vector>

#include "config/config.h"

namespace schedtool {

std::optional<Instant> first_run_time(const JobConfig& job, Instant now);

// A job with its next run time, as print_jobs shows it.
struct ScheduledJob {
  const JobConfig* job;
  std::optional<Instant> next_run;  // nullopt: paused, or the trigger has no fire time left
  bool paused = false;
};

// Every job of the config with its first run time, in print_jobs order: by next run time, then id;
// jobs without a next run time last.
std::vector<ScheduledJob> initial_schedule(const Config& config, Instant now);

// Sorts into print_jobs order (as above).
void sort_for_listing(std::vector<ScheduledJob>& jobs);

}  // namespace schedtool
