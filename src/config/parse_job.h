#pragma once
#include <optional>

#include "config/config.h"
#include "config/toml_reader.h"

namespace schedtool {

// Job options inherited from [job_defaults] (APScheduler 3's defaults when absent).
struct JobDefaults {
  bool coalesce = true;
  int max_instances = 1;
  std::optional<Duration> misfire_grace_time = std::chrono::seconds{1};
  RetryPolicy retry;  // schedtool's: no retries unless asked
};

// One [[jobs]] table. Reports every error through `reader`; nullopt when there was one.
std::optional<JobConfig> parse_job(TomlReader& reader, const toml::table& job, const JobDefaults& defaults,
                                   const ZonePtr& scheduler_zone, const LoadContext& context);

}  // namespace schedtool
