#pragma once
// APScheduler 3's print_jobs() for a started scheduler, byte for byte in layout:
//   Jobstore default:
//       Daily report (trigger: cron[day_of_week='mon-fri', hour='9', minute='30'], next run at: 2026-11-24 09:30:00 CST)
//       paused one (trigger: interval[0:01:00], paused)
// and the same as JSON. Pure: returns strings.
#include <string>
#include <vector>

#include "schedule/first_run.h"
#include "schedule/job_text.h"

namespace schedtool {

std::string print_jobs_text(const std::vector<ScheduledJob>& jobs, const std::string& jobstore = "default");

// [{"id", "name", "trigger", "executor", "next_run_time" (RFC 3339 or null), "paused"}, …]
std::string print_jobs_json(const std::vector<ScheduledJob>& jobs);

}  // namespace schedtool
