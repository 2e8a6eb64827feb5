#pragma once
// The jobs file, loaded: what `check`, `jobs`, `next --file` and `run` work from.
// It mirrors APScheduler's configure(...) and add_job(...) vocabulary; see man/schedtool.1, FILES.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "time/instant.h"
#include "time/zone.h"
#include "trigger/trigger.h"

namespace schedtool {

enum class ExecutorKind { threadpool, subprocess };

struct ExecutorConfig {
  std::string name;
  ExecutorKind kind = ExecutorKind::threadpool;
  int max_workers = 10;
};

// A failed run's retries, for the same scheduled time: attempt n + 1 starts
// retry_delay(policy, n) after attempt n ended (schedule/retry.h): delay × backoff^(n-1), capped at max_delay.
struct RetryPolicy {
  int retries = 0;                               // attempts after the first; 0 = a failure is final
  Duration delay = std::chrono::seconds{10};
  double backoff = 1.0;                          // 2.0: 10s, 20s, 40s, …
  std::optional<Duration> max_delay;             // nullopt = no cap
  int attempts() const { return retries + 1; }
};

// What runs: an argv executed directly, or a string given to /bin/sh -c.
struct JobCommand {
  std::vector<std::string> argv;  // for a shell string: {"/bin/sh", "-c", text}
  bool shell = false;
};

// Where a job's definition comes from: the jobs file, `ctl add`, or the file's changed by
// `ctl modify` / `ctl reschedule` (config/runtime_jobs.h).
enum class JobOrigin { file, added, modified };
// Where a job's events go: a [[listeners]] table, or a job's on_failure / on_success
// (events/listeners.h decides which events reach it; exec/listener_runner.h runs it).
struct ListenerConfig {
  std::vector<std::string> events;  // kinds (config/event_names.h); empty = all
  std::vector<std::string> jobs;    // globs on job ids; empty = every event, scheduler_* included
  std::string job;                  // on_failure / on_success: exactly this job
  bool final_only = false;          // on_failure: job_error / job_timeout only when no retry follows
  JobCommand command;
  Duration timeout = std::chrono::seconds{30};
  std::string executor;             // "": one at a time; else up to that executor's max_workers side by side
  std::string origin;               // for logs: "listener at jobs.toml:40", "on_failure of job \"backup\""
};

struct JobConfig {
  std::string id;
  std::string name;
  std::string trigger_type;  // "cron", "interval", "date", … or the form "every" / "calendar"
  TriggerPtr trigger;
  std::string every;         // the phrase of `every = "..."`, as written ("" for other triggers)
  std::vector<std::string> calendar;  // the lines of `calendar = "..."` / `[...]`, as written
  std::vector<std::string> tags;  // labels for selection (jobs --tag); not part of the fingerprint
  JobCommand command;
  std::string executor = "default";
  bool coalesce = true;
  int max_instances = 1;
  std::optional<Duration> misfire_grace_time;  // nullopt = no limit
  Duration jitter{0};
  std::optional<Instant> end_date;             // for jitter clipping
  std::optional<Duration> timeout;             // nullopt = none
  Duration kill_timeout = std::chrono::seconds{10};
  RetryPolicy retry;                           // retries, retry_delay, retry_backoff, retry_max_delay
  std::optional<JobCommand> on_failure, on_success;  // become Config::listeners scoped to this job
  std::string cwd;
  std::vector<std::pair<std::string, std::string>> env;
  // env_file: variables kept out of the jobs file (secrets). parse_config records where the file
  // is; load_config reads it into secret_env, whose values are never printed or logged.
  struct FileRef {
    std::string path;  // resolved against the jobs file's folder
    int line = 0, column = 0;
  };
  std::optional<FileRef> env_file;
  std::vector<std::pair<std::string, std::string>> secret_env;
  // Run as this user / group (names or numeric ids) — only when schedtool runs as root. The switch
  // happens in the child; a failure fails the run, never the scheduler.
  std::string user, group;
  bool paused = false;
  bool run_on_start = false;
  bool rerun_interrupted = false;  // with a job store: run again what a crash cut off (at least once)
  JobOrigin origin = JobOrigin::file;
  int line = 0;  // where the [[jobs]] table starts, for messages
  // The definition as written plus what it inherits: equal fingerprints mean the same job, so a
  // reload keeps its state (next run time, running instances).
  std::string fingerprint;
};

enum class StoreType { memory, sqlite, postgresql };

// [jobstores.default]: where state survives restarts (store/job_store.h).
struct StoreConfig {
  StoreType type = StoreType::memory;  // "memory" (the default) keeps nothing
  std::string path;                    // sqlite: the state file, resolved against the jobs file's folder
  // postgresql: a libpq connection string or URI, possibly partial or empty (libpq's PGHOST, PGUSER,
  // PGPASSFILE, PGSERVICE... fill the rest), or the name of an environment variable that holds it.
  std::string url;
  std::string url_env;
  Duration lease = std::chrono::seconds{10};            // a member's lease, renewed well inside it
  Duration max_clock_offset = std::chrono::seconds{1};  // past it the instance warns (it keeps claiming)
  std::string instance;                                 // this member's name; "" = HOST:PID
  std::size_t history_limit = 100;
  std::size_t output_limit = 64 * 1024;
  bool persistent() const { return type != StoreType::memory; }
};

// Job options inherited from [job_defaults] (APScheduler 3's defaults when absent).
struct JobDefaults {
  bool coalesce = true;
  int max_instances = 1;
  std::optional<Duration> misfire_grace_time = std::chrono::seconds{1};
  RetryPolicy retry;  // schedtool's: no retries unless asked
};

struct Config {
  std::string path;
  JobDefaults job_defaults;
  StoreConfig store;
  ZonePtr zone;  // [scheduler] timezone, else the machine's zone
  std::vector<ExecutorConfig> executors;  // "default" first
  std::vector<JobConfig> jobs;            // in file order
  std::vector<ListenerConfig> listeners;  // [[listeners]] in file order, then each job's on_failure/on_success
};

// One finding of the validator. line/column are 1-based; 0 when not tied to a place.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
};

struct LoadResult {
  std::optional<Config> config;  // set only when there are no errors: nothing is half-loaded
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
};

// How the jobs file is written. `detect`: a file named *.toml is TOML; another is a crontab when
// it reads as one (config/crontab_file.h: looks_like_crontab), a system crontab in /etc/crontab
// and /etc/cron.d.
enum class FileFormat { detect, toml, crontab, system_crontab };

// What parsing needs from the outside world, passed in so that parsing stays pure.
struct LoadContext {
  Instant now;            // interval triggers start one interval after this; past dates are warned about
  ZonePtr default_zone;   // used when neither the job nor [scheduler] names a zone
  FileFormat format = FileFormat::detect;
};

// Whether `tag` is one of the job's tags (jobs --tag, next --tag).
inline bool has_tag(const JobConfig& job, std::string_view tag) {
  for (const std::string& t : job.tags)
    if (t == tag) return true;
  return false;
}

// Validates the whole text and reports every error in one pass.
LoadResult parse_config(std::string_view text, const std::string& path, const LoadContext& context);

// Reads `path` and parses it, then reads each job's env_file; an unreadable file is one error.
LoadResult load_config(const std::string& path, const LoadContext& context);

// A path as written when absolute, else relative to the jobs file's folder.
std::string path_beside(const std::string& config_path, const std::string& path);

// "jobs.toml:12:9: message" (or "jobs.toml: message" without a place).
std::string format_diagnostic(const Diagnostic& d, bool warning);

}  // namespace schedtool
