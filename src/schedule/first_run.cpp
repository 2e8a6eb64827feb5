#include "schedule/first_run.h"

#include <algorithm>

namespace schedtool {

std::optional<Instant> first_run_time(const JobConfig& job, Instant now) {
  if (job.paused) return std::nullopt;
  return job.trigger->next_fire_time(std::nullopt, now);
}

std::vector<ScheduledJob> initial_schedule(const Config& config, Instant now) {
  std::vector<ScheduledJob> jobs;
  jobs.reserve(config.jobs.size());
  for (const JobConfig& job : config.jobs) jobs.push_back({&job, first_run_time(job, now), job.paused});
  sort_for_listing(jobs);
  return jobs;
}

void sort_for_listing(std::vector<ScheduledJob>& jobs) {
  std::stable_sort(jobs.begin(), jobs.end(), [](const ScheduledJob& a, const ScheduledJob& b) {
    if (a.next_run.has_value() != b.next_run.has_value()) return a.next_run.has_value();
    if (a.next_run && *a.next_run != *b.next_run) return *a.next_run < *b.next_run;
    return a.job->id < b.job->id;
  });
}

}  // namespace schedtool
