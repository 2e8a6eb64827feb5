#pragma once
// Jobs added or changed while the scheduler runs (`ctl add`, `ctl modify`, `ctl reschedule`;
// APScheduler's add_job / modify_job / reschedule_job). Each is kept as a TOML job table — the
// same keys and validation as a [[jobs]] table — in the job store, so it survives restarts and
// reloads (with the memory store, until the scheduler exits).
//
// The rule when the jobs file defines the same id: the newest intent wins.
//   - `ctl add` of an id the file defines is refused (change it with `ctl modify`).
//   - A file job changed at run time keeps the change while the file's own definition of it stays
//     as it was when the change was made (its fingerprint); once the file changes that job, or
//     drops it, the file wins and the run-time change is dropped, with a notice.
//   - A job added at run time whose id the file later defines is replaced by the file's, with a
//     notice.
//   - `ctl remove` drops a run-time definition for good; a file job comes back at the next reload.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace schedtool {

// A run-time definition, as the job store keeps it.
struct RuntimeJob {
  std::string id;
  std::string definition;        // the job table's TOML text (keys at the top level)
  std::string base_fingerprint;  // the file's definition it changed; "" for a job added at run time
  Instant changed_at{};
};

// A job table read at run time. `label` names the text in messages ("ctl add:2:9: …").
struct JobText {
  std::optional<JobConfig> job;
  std::string definition;  // the table as it is kept: run_in resolved to a run_date, tables inline
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
};

// Reads `text` as one job table (bare keys, or one [[jobs]] table) in the context of the jobs file
// `base` (its [job_defaults], zone and executors). `run_in = "10m"` becomes a date trigger at
// context.now + 10 minutes. Reads the job's env_file, if it has one (the only I/O here).
JobText read_job_text(std::string_view text, const std::string& label, const Config& base, const LoadContext& context);

// What `ctl modify` (kind modify) and `ctl reschedule` (kind reschedule) make of a job's
// definition and the user's `patch` (TOML key = value lines): the text to read with read_job_text,
// whose lines after `base_lines` are the patch's own. modify may not touch the trigger, reschedule
// only the trigger (which it replaces: arguments not given take their defaults; `trigger` is kept
// unless given). Errors are positioned in the patch.
enum class PatchKind { modify, reschedule };
struct Patched {
  std::string text;
  int base_lines = 0;
  std::vector<Diagnostic> errors;
};
Patched patch_job_text(std::string_view definition, std::string_view patch, PatchKind kind, const std::string& label);

// The jobs file's definitions merged with the run-time ones under the rule above. Changes
// `config.jobs`; drops what the rule drops from `runtime` (notes say why, one line each).
void merge_runtime_jobs(Config& config, std::vector<RuntimeJob>& runtime, const LoadContext& context,
                        std::vector<std::string>& notes);

// "file", "runtime" (ctl add) or "modified" (a file job changed at run time): JSON and print_jobs.
std::string_view origin_name(JobOrigin origin);

}  // namespace schedtool
