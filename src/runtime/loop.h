#pragma once
// The blocking scheduler: a thin loop around Schedule (what is due) and Dispatcher (executors).
// It sleeps until the next deadline — no polling tick — and wakes for a run's end or a signal.
//
// Stopping: nothing new starts. On SIGINT/SIGTERM every running job's process group gets SIGTERM
// at once, and whatever still runs after shutdown_timeout gets SIGKILL; a second signal kills at
// once. --for/--until/--max-runs first let running jobs finish, for up to shutdown_timeout, then
// go through the same SIGTERM → shutdown_timeout → SIGKILL. A run ended by the shutdown is counted
// as stopped, not failed. Exit status: 0 when no job had to be killed, 1 otherwise.
//
// Control (`schedtool ctl`, through Driver::wait's requests): pause/resume a job (APScheduler's
// pause_job/resume_job: resuming computes the next run from now, and the runs missed meanwhile are
// dropped and counted in the reply), pause-all/resume-all (while paused nothing starts; on resume
// overdue runs go through coalesce and misfire_grace_time as any late run), run now (max_instances
// applies), remove (until the next reload), reload (replies with the file's errors) and the live
// jobs/status listings. A job's pause is stored with its state, so it survives a restart.
// add / modify / reschedule / get (config/runtime_jobs.h): run-time definitions, kept in the job
// store and merged with the file's at start and at each reload.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "runtime/driver.h"
#include "runtime/service_reporter.h"
#include "store/job_store.h"

namespace schedtool {

// What a reload (SIGHUP, `ctl reload`) read: a fresh, validated config, or the file's errors.
struct ReloadResult {
  std::optional<Config> config;
  std::vector<std::string> errors;  // "jobs.toml:3:9: …", each as the terminal shows it
};

struct LoopOptions {
  std::optional<Instant> until;
  std::optional<std::uint64_t> max_runs;
  Duration shutdown_timeout = std::chrono::seconds{30};
  std::uint64_t jitter_seed = 0;
  // SIGHUP and `ctl reload`: the file read again; with errors the old schedule is kept.
  std::function<ReloadResult()> reload;
  // Where state survives restarts; nullptr = memory only. Jobs whose definition is unchanged
  // resume from their stored next run time; the next run time is stored before a run starts
  // (so a run interrupted by a crash is not run again: at most once).
  JobStore* store = nullptr;
  std::size_t output_limit = 64 * 1024;  // bytes of each run's output kept in its history
  // systemd's notify protocol (runtime/service_reporter.h); nullptr = no service manager listens.
  ServiceManager* service = nullptr;
  // A shared store (postgresql): an offset between this host's clock and the database server's
  // beyond this is logged (the server's clock decides either way).
  Duration max_clock_offset = std::chrono::seconds{1};
  // run --paused (APScheduler's start(paused=True)): nothing starts until `ctl resume-all`.
  bool start_paused = false;
  // The jobs file's own table of a job, as TOML text (config/file_definitions.h): what `ctl get`
  // shows of a file job and what `ctl modify` changes. Unset: file jobs cannot be modified.
  std::function<std::optional<std::string>(const std::string& id)> file_definition;
};

struct LoopResult {
  int exit_code = 0;
  std::uint64_t completed_runs = 0;
  RunCounts runs;
};

// Takes the config by value: its jobs move into the schedule (pass an rvalue to avoid a copy).
LoopResult run_scheduler(Config config, Driver& driver, EventSink& sink, const LoopOptions& options);

}  // namespace schedtool
