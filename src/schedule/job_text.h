#pragma once
#include <optional>
#include <string>

#include "config/config.h"

namespace schedtool {

// APScheduler's str(job): "name (trigger: …, next run at: 2026-11-24 09:30:00 CST)", or
// "name (trigger: …, paused)" when the job has no next run time.
std::string describe_job(const JobConfig& job, const std::optional<Instant>& next_run);

}  // namespace schedtool
