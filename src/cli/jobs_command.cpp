// schedtool jobs FILE [--json] [--now TIME]
#include <memory>

#include <fmt/format.h>

#include "cli/cli_main.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "output/print_jobs.h"

namespace schedtool {
namespace {

struct JobsOptions {
  std::string path;
  std::string now;
  bool json = false;
};

int run_jobs(const JobsOptions& options) {
  const LoadContext context = make_context(options.now, "");
  const auto config = load_or_report(options.path, context);
  if (!config) return kExitUsage;
  const auto schedule = initial_schedule(*config, context.now);
  fmt::print("{}", options.json ? print_jobs_json(schedule) : print_jobs_text(schedule));
  return kExitOk;
}

}  // namespace

Command add_jobs_command(CLI::App& app) {
  auto options = std::make_shared<JobsOptions>();
  CLI::App* sub = app.add_subcommand("jobs", "Print the schedule as APScheduler's print_jobs() does");
  sub->add_option("file", options->path, "The jobs file (TOML)")->required();
  sub->add_flag("--json", options->json,
                "Print [{id, name, trigger, executor, next_run_time, paused}] instead");
  sub->add_option("--now", options->now, "Pretend it is this time (for reproducible output)");
  return {sub, [options] { return run_jobs(*options); }};
}

}  // namespace schedtool
