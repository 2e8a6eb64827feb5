#include "output/print_jobs.h"

#include <fmt/format.h>

#include "base/json.h"
#include "time/time_text.h"

namespace schedtool {

std::string print_jobs_text(const std::vector<ScheduledJob>& jobs, const std::string& jobstore) {
  std::string out = fmt::format("Jobstore {}:\n", jobstore);
  if (jobs.empty()) out += "    No scheduled jobs\n";
  for (const ScheduledJob& s : jobs) out += "    " + describe_job(*s.job, s.next_run) + "\n";
  return out;
}

std::string print_jobs_json(const std::vector<ScheduledJob>& jobs) {
  std::string out = "[";
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const JobConfig& job = *jobs[i].job;
    const std::string next = jobs[i].next_run ? json_string(format_rfc3339(*jobs[i].next_run, job.trigger->zone()))
                                              : "null";
    out += fmt::format("{}{{\"id\":{},\"name\":{},\"trigger\":{},\"executor\":{},\"next_run_time\":{},\"paused\":{}}}",
                       i ? ",\n " : "", json_string(job.id), json_string(job.name),
                       json_string(job.trigger->describe()), json_string(job.executor), next,
                       job.paused ? "true" : "false");
  }
  return out + "]\n";
}

}  // namespace schedtool
