#pragma once
// The edge where commands meet the world: the real clock, the machine's zone, the jobs file.
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "config/config.h"

namespace schedtool {

Instant real_now();

// `tz` ("" = the machine's zone) and `now` ("" = the real clock; else a time, naive ones in that zone);
// `format` as --format gives it ("" = detect).
LoadContext make_context(const std::string& now, const std::string& tz, const std::string& format = "");

// --format toml|crontab|system-crontab, for the commands that read a jobs file.
void add_format_option(CLI::App& sub, std::string& format);

// Loads the file; prints warnings and errors to stderr. nullopt when it has errors.
std::optional<Config> load_or_report(const std::string& path, const LoadContext& context);

}  // namespace schedtool
