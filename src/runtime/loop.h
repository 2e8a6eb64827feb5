#pragma once
// The blocking scheduler: a thin loop around Schedule (what is due) and Dispatcher (executors).
// It sleeps until the next deadline — no polling tick — and wakes for a run's end or a signal.
//
// Stopping: SIGINT/SIGTERM stop scheduling, send SIGTERM to every running job's process group and
// wait up to shutdown_timeout before SIGKILL; a second signal kills at once. --for/--until/--max-runs
// stop scheduling and let running jobs finish (SIGKILL after shutdown_timeout).
// Exit status: 0 when no job had to be killed, 1 otherwise.
#include <chrono>
#include <functional>
#include <optional>

#include "config/config.h"
#include "runtime/driver.h"
#include "store/job_store.h"

namespace schedtool {

struct LoopOptions {
  std::optional<Instant> until;
  std::optional<std::uint64_t> max_runs;
  Duration shutdown_timeout = std::chrono::seconds{30};
  std::uint64_t jitter_seed = 0;
  // SIGHUP: a fresh, validated config, or nullopt (the errors were reported) to keep the old one.
  std::function<std::optional<Config>()> reload;
  // Where state survives restarts; nullptr = memory only. Jobs whose definition is unchanged
  // resume from their stored next run time; the next run time is stored before a run starts
  // (so a run interrupted by a crash is not run again: at most once).
  JobStore* store = nullptr;
  std::size_t output_limit = 64 * 1024;  // bytes of each run's output kept in its history
};

struct LoopResult {
  int exit_code = 0;
  std::uint64_t completed_runs = 0;
};

LoopResult run_scheduler(const Config& config, Driver& driver, EventSink& sink, const LoopOptions& options);

}  // namespace schedtool
