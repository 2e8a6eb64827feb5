#pragma once
// What happened, as data. The core returns events; output/log_format.h words them in
// APScheduler's log messages; the runtime writes them.
#include <cstdint>
#include <optional>
#include <string>

#include "time/instant.h"

namespace schedtool {

enum class EventKind {
  job_added,        // Added job "…" to job store "default"
  job_removed,      // Removed job … (no next fire time)
  job_modified,     // Modified job "…" in job store "default" (ctl modify / reschedule)
  run_started,      // Running job "…" (scheduled at …)
  run_succeeded,    // Job "…" executed successfully
  run_failed,       // Job "…" failed: exit status 3 / killed by signal 9 / timed out after 10m / could not start
  run_missed,       // Run time of job "…" was missed by 0:00:05.001
  run_skipped,      // Execution of job "…" skipped: maximum number of running instances reached (1)
  run_retry,        // Job "…" will be retried in 10s, at … (attempt 2/3)
  scheduler_started,
  scheduler_shutdown,
  scheduler_paused,   // Scheduler paused (control): no job starts until resume-all
  scheduler_resumed,  // Scheduler resumed (control)
  summary,          // Runs: 12 ok, 1 failed, 2 missed — just before scheduler_shutdown
  note,             // anything else worth telling the operator (reload, shutdown progress)
};

struct RunOutcome {
  int exit_code = 0;          // when the process exited
  int signal = 0;             // when it was killed by a signal (0 = exited)
  bool timed_out = false;     // killed because of the job's timeout
  std::string start_error;    // non-empty: the command could not be started
  bool ok() const { return signal == 0 && exit_code == 0 && start_error.empty() && !timed_out; }
};

// How the runs went, for the summary at shutdown.
struct RunCounts {
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;   // ended badly on their own: exit status, signal, timeout, could not start
                              // (with retries: the last attempt only)
  std::uint64_t retried = 0;  // attempts that failed and were given another
  std::uint64_t missed = 0;   // run times missed by more than misfire_grace_time
  std::uint64_t skipped = 0;  // not started: max_instances reached
  std::uint64_t stopped = 0;  // ended by the scheduler's own shutdown (SIGTERM/SIGKILL)
};

struct Event {
  EventKind kind = EventKind::note;
  Instant at{};                       // when it happened
  std::string job_id;
  std::string job_text;              // APScheduler's str(job) at that moment
  std::optional<Instant> scheduled;  // the run time concerned
  RunOutcome outcome;                // run_succeeded / run_failed
  Duration duration{0};              // run_succeeded / run_failed: how long the run took
  Duration timeout{0};               // run_failed with outcome.timed_out: the job's configured timeout
  Duration late{0};                  // run_missed: by how much
  int limit = 0;                     // run_skipped: max_instances
  // Runs of a job with retries (schedule/retry.h): which attempt of how many. attempts == 1: no retries.
  int attempt = 1;
  int attempts = 1;
  bool final = true;                 // run_failed: no retry follows (false while attempts remain)
  std::optional<Instant> retry_at;   // run_retry: when the next attempt is due
  std::string output_tail;           // run_succeeded / run_failed: the run's last output, when listeners want it
  RunCounts counts;                  // summary
  std::string message;               // note
  bool warning = false;
  bool debug = false;                // APScheduler's DEBUG lines: shown with -v only
};

inline Event make_event(EventKind kind, Instant at, std::string job_id = {}) {
  Event e;
  e.kind = kind;
  e.at = at;
  e.job_id = std::move(job_id);
  return e;
}

}  // namespace schedtool
