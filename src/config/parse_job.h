#pragma once
#include <optional>

#include "config/config.h"
#include "config/toml_reader.h"

namespace schedtool {

// One [[jobs]] table. Reports every error through `reader`; nullopt when there was one.
std::optional<JobConfig> parse_job(TomlReader& reader, const toml::table& job, const JobDefaults& defaults,
                                   const ZonePtr& scheduler_zone, const LoadContext& context);

// The job's executor is one of `names` (the [executors.*] tables); else an error at its key.
void check_executor(TomlReader& reader, const toml::table& table, const JobConfig& job,
                    const std::vector<std::string>& names);

}  // namespace schedtool
