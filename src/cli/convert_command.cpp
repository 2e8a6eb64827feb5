// schedtool convert CRONTAB [--format crontab|system-crontab]: the jobs file (TOML) that means the
// same as a crontab, on standard output, so a user can move on to the richer format. It is the
// text `run` itself loads for a crontab (config/crontab_file.h), so both fire at the same times.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/cli_main.h"
#include "cli/commands.h"
#include "config/crontab_file.h"
#include "config/text_file.h"

namespace schedtool {
namespace {

struct ConvertOptions {
  std::string path;
  std::string format;
};

int run_convert(const ConvertOptions& options) {
  const TextFile file = read_text_file(options.path);
  if (!file.ok()) {
    fmt::print(stderr, "{}: cannot read the crontab: {}\n", options.path, file.error);
    return kExitUsage;
  }
  const bool system = options.format.empty() ? is_system_crontab_path(options.path) : options.format == "system-crontab";
  const CrontabFile crontab = parse_crontab_file(file.text, options.path, system);
  for (const Diagnostic& d : crontab.warnings) fmt::print(stderr, "{}\n", format_diagnostic(d, true));
  for (const Diagnostic& d : crontab.errors) fmt::print(stderr, "{}\n", format_diagnostic(d, false));
  if (!crontab.errors.empty()) return kExitUsage;
  fmt::print("{}", crontab_to_toml(crontab, options.path));
  return kExitOk;
}

}  // namespace

Command add_convert_command(CLI::App& app) {
  auto options = std::make_shared<ConvertOptions>();
  CLI::App* sub = app.add_subcommand("convert", "Print the jobs file (TOML) equivalent to a crontab file");
  sub->add_option("crontab", options->path, "The crontab file (cron, cron.d or supercronic style)")->required();
  sub->add_option("--format", options->format,
                  "crontab, or system-crontab (a user column, as /etc/crontab and /etc/cron.d; the default for those paths)")
      ->check(CLI::IsMember({"crontab", "system-crontab"}));
  sub->footer("Comments are kept; each job's id comes from its command. Save the output as a .toml file and\n"
              "check it with `schedtool check`; `next --file` gives the same fire times for both files.");
  return {sub, [options] { return run_convert(*options); }};
}

}  // namespace schedtool
