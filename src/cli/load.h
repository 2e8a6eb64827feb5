#pragma once
// The edge where commands meet the world: the real clock, the machine's zone, the jobs file.
#include <optional>
#include <string>

#include "config/config.h"

namespace schedtool {

Instant real_now();

// `tz` ("" = the machine's zone) and `now` ("" = the real clock; else a time, naive ones in that zone).
LoadContext make_context(const std::string& now, const std::string& tz);

// Loads the file; prints warnings and errors to stderr. nullopt when it has errors.
std::optional<Config> load_or_report(const std::string& path, const LoadContext& context);

}  // namespace schedtool
