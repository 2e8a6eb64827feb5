// schedtool check FILE [--json] [--strict] [--now TIME]
#include <unistd.h>

#include <memory>

#include <fmt/format.h>

#include "base/json.h"
#include "cli/cli_main.h"
#include "config/file_trust.h"
#include "cli/commands.h"
#include "cli/host_check.h"
#include "cli/load.h"
#include "config/job_keys.h"

namespace schedtool {
namespace {

struct CheckOptions {
  std::string path;
  std::string now;
  bool json = false;
  bool strict = false;
  std::string format;
};

std::string diagnostics_json(const std::vector<Diagnostic>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i)
    out += fmt::format("{}{{\"file\":{},\"line\":{},\"column\":{},\"message\":{}}}", i ? "," : "",
                       json_string(list[i].file), list[i].line, list[i].column, json_string(list[i].message));
  return out + "]";
}

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

int run_check(const CheckOptions& options) {
  LoadResult result = load_config(options.path, make_context(options.now, "", options.format));
  if (result.config) {  // what `run` would refuse as root (config/file_trust.h)
    for (Diagnostic d : trust_problems(*result.config, geteuid())) {
      d.message = "schedtool run would refuse this: " + d.message;
      result.warnings.push_back(std::move(d));
    }
    for (Diagnostic& d : host_problems(*result.config)) result.warnings.push_back(std::move(d));
  }
  const bool ok = result.errors.empty() && !(options.strict && !result.warnings.empty());
  if (options.json) {
    fmt::print("{{\"ok\":{},\"errors\":{},\"warnings\":{}}}\n", ok ? "true" : "false", diagnostics_json(result.errors),
               diagnostics_json(result.warnings));
    return ok ? kExitOk : kExitUsage;
  }
  for (const Diagnostic& d : result.warnings) fmt::print(stderr, "{}\n", format_diagnostic(d, true));
  for (const Diagnostic& d : result.errors) fmt::print(stderr, "{}\n", format_diagnostic(d, false));
  if (!result.errors.empty()) {
    fmt::print(stderr, "{}: {}\n", options.path, plural(result.errors.size(), "error"));
    return kExitUsage;
  }
  if (!ok) {
    fmt::print(stderr, "{}: {} (--strict: warnings are errors)\n", options.path, plural(result.warnings.size(), "warning"));
    return kExitUsage;
  }
  const Config& config = *result.config;
  fmt::print("{}: {}, {}, ok{}\n", options.path, plural(config.jobs.size(), "job"),
             plural(config.executors.size(), "executor"),
             result.warnings.empty() ? "" : fmt::format(" ({})", plural(result.warnings.size(), "warning")));
  return kExitOk;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* sub = app.add_subcommand("check", "Validate a jobs file and report every error in one pass");
  sub->add_option("file", options->path, "The jobs file (TOML, or a crontab)")->required();
  add_format_option(*sub, options->format);
  sub->add_flag("--json", options->json,
                "Print {\"ok\": bool, \"errors\": [{file, line, column, message}], \"warnings\": [...]}");
  sub->add_option("--now", options->now, "Pretend it is this time (for reproducible output)");
  sub->add_flag("--strict", options->strict, "Treat warnings as errors (exit 2), for CI");
  sub->footer("Top-level tables: [scheduler] timezone; [job_defaults] coalesce, max_instances,\n"
              "misfire_grace_time, retries, retry_delay, retry_backoff, retry_max_delay;\n"
              "[executors.NAME] type (threadpool|subprocess), max_workers.\n"
              "[[listeners]] events (kinds, or \"all\"), jobs (globs), command, timeout, executor.\n" +
              job_keys_help() + "See schedtool(1), FILES.");
  return {sub, [options] { return run_check(*options); }};
}

}  // namespace schedtool
