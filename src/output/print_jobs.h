#pragma once
// APScheduler 3's print_jobs() for a started scheduler, byte for byte in layout:
//   Jobstore default:
//       Daily report (trigger: cron[day_of_week='mon-fri', hour='9', minute='30'], next run at: 2026-11-24 09:30:00 CST)
//       paused one (trigger: interval[0:01:00], paused)
// and the same as JSON. Pure: returns strings.
#include <map>
#include <string>
#include <vector>

#include "schedule/first_run.h"
#include "schedule/job_text.h"
#include "store/job_store.h"

namespace schedtool {

// Each job's last recorded run, when a job store keeps history (by job id).
using LastRuns = std::map<std::string, RunRecord>;

// Running instances by job id, in a running scheduler's live listing (`ctl jobs`).
using RunningCounts = std::map<std::string, int>;

// With `last_runs`, a job that has one gets a line "        last run: 2026-11-23 14:05:00 CET, ok";
// with `running`, a job with running instances gets "        running: 2 instances".
std::string print_jobs_text(const std::vector<ScheduledJob>& jobs, const LastRuns& last_runs = {},
                            const RunningCounts* running = nullptr);

// [{"id", "name", "trigger", "executor", "next_run_time" (RFC 3339 or null), "paused"}, …], plus
// "last_run": {"started_at", "status"} when a job store has one, and "running": N with `running`.
std::string print_jobs_json(const std::vector<ScheduledJob>& jobs, const LastRuns& last_runs = {},
                            const RunningCounts* running = nullptr);

// "Listeners:" and a line per [[listeners]] table ("" when there is none); a job's on_failure /
// on_success is shown under the job instead.
std::string print_listeners_text(const std::vector<ListenerConfig>& listeners);

// One job of that array, on one line.
std::string job_json(const ScheduledJob& job, const LastRuns& last_runs = {}, const RunningCounts* running = nullptr);

}  // namespace schedtool
