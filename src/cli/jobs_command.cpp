// schedtool jobs FILE [--json] [--now TIME]
#include <unistd.h>

#include <memory>

#include <fmt/format.h>

#include "cli/cli_main.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "output/print_jobs.h"
#include "config/runtime_jobs.h"
#include "store/sqlite_store.h"

namespace schedtool {
namespace {

struct JobsOptions {
  std::string format;
  std::string path;
  std::string now;
  std::string tag;
  bool json = false;
};

// Each job's newest run from the file's job store, if it has one and it exists (never created here).
LastRuns read_last_runs(const Config& config) {
  LastRuns last;
  if (config.store.type != StoreType::sqlite || access(config.store.path.c_str(), F_OK) != 0) return last;
  StoreOptions options;
  options.read_only = true;
  const auto store = SqliteStore::open(config.store.path, options);
  for (const JobConfig& job : config.jobs)
    if (auto runs = store->history(job.id, 1); !runs.empty()) last.emplace(job.id, std::move(runs.front()));
  return last;
}

// The jobs added or changed at run time that the file's job store keeps, laid over the file's as a
// starting scheduler would (config/runtime_jobs.h); what that would drop is said on stderr.
void merge_stored_definitions(Config& config, const LoadContext& context) {
  if (config.store.type != StoreType::sqlite || access(config.store.path.c_str(), F_OK) != 0) return;
  StoreOptions options;
  options.read_only = true;
  std::vector<RuntimeJob> runtime;
  for (const StoredDefinition& d : SqliteStore::open(config.store.path, options)->definitions())
    runtime.push_back({d.id, d.definition, d.base_fingerprint, d.changed_at});
  std::vector<std::string> notes;
  merge_runtime_jobs(config, runtime, context, notes);
  for (const std::string& note : notes) fmt::print(stderr, "{}: note: {}\n", config.path, note);
}

int run_jobs(const JobsOptions& options) {
  const LoadContext context = make_context(options.now, "", options.format);
  auto config = load_or_report(options.path, context);
  if (!config) return kExitUsage;
  merge_stored_definitions(*config, context);
  auto schedule = initial_schedule(*config, context.now);
  if (!options.tag.empty())
    std::erase_if(schedule, [&](const ScheduledJob& s) { return !has_tag(*s.job, options.tag); });
  const LastRuns last_runs = read_last_runs(*config);
  fmt::print("{}", options.json ? print_jobs_json(schedule, last_runs) : print_jobs_text(schedule, last_runs));
  if (!options.json) fmt::print("{}", print_listeners_text(config->listeners));
  return kExitOk;
}

}  // namespace

Command add_jobs_command(CLI::App& app) {
  auto options = std::make_shared<JobsOptions>();
  CLI::App* sub = app.add_subcommand("jobs", "Print the schedule as APScheduler's print_jobs() does");
  sub->add_option("file", options->path, "The jobs file (TOML, or a crontab)")->required();
  add_format_option(*sub, options->format);
  sub->add_flag("--json", options->json,
                "Print [{id, name, trigger, executor, next_run_time, paused}] instead");
  sub->add_option("--tag", options->tag, "Only the jobs with this tag (tags = [...] in the file)");
  sub->add_option("--now", options->now, "Pretend it is this time (for reproducible output)");
  return {sub, [options] { return run_jobs(*options); }};
}

}  // namespace schedtool
