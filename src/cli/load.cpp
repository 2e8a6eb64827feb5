#include "cli/load.h"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "time/time_text.h"

namespace schedtool {

Instant real_now() { return date::floor<Duration>(std::chrono::system_clock::now()); }

LoadContext make_context(const std::string& now, const std::string& tz, const std::string& format) {
  LoadContext context;
  context.format = format == "toml"             ? FileFormat::toml
                   : format == "crontab"        ? FileFormat::crontab
                   : format == "system-crontab" ? FileFormat::system_crontab
                                                : FileFormat::detect;
  context.default_zone = tz.empty() ? local_zone() : find_zone(tz);
  context.now = now.empty() ? real_now() : parse_time_in(now, *context.default_zone);
  return context;
}

void add_format_option(CLI::App& sub, std::string& format) {
  sub.add_option("--format", format,
                 "How the jobs file is written: toml, crontab, or system-crontab (a user column, as /etc/crontab);\n"
                 "default: *.toml is TOML, another file is a crontab when it reads as one")
      ->check(CLI::IsMember({"toml", "crontab", "system-crontab"}));
}

std::optional<Config> load_or_report(const std::string& path, const LoadContext& context) {
  LoadResult result = load_config(path, context);
  for (const Diagnostic& d : result.warnings) fmt::print(stderr, "{}\n", format_diagnostic(d, true));
  for (const Diagnostic& d : result.errors) fmt::print(stderr, "{}\n", format_diagnostic(d, false));
  return std::move(result.config);
}

}  // namespace schedtool
