#pragma once
// [[listeners]] tables and a job's on_failure / on_success, as ListenerConfig (config/config.h):
//
//   [[listeners]]
//   events = ["job_error", "job_missed"]   # or "all"; unknown names get a did-you-mean
//   jobs = ["backup", "report-*"]          # optional: globs on job ids
//   command = "mail -s \"$SCHEDTOOL_JOB_ID failed\" ops"   # or an argv array, as a job's
//   timeout = "30s"                        # a listener still running then is killed (default 30s)
//   executor = "alerts"                    # optional: up to its max_workers deliveries at once
#include <vector>

#include "config/config.h"
#include "config/toml_reader.h"

namespace schedtool {

std::vector<ListenerConfig> read_listeners(TomlReader& reader, const toml::table& root,
                                           const std::vector<ExecutorConfig>& executors);

// The listeners a job's on_failure / on_success stand for, scoped to that job.
void add_job_listeners(const std::vector<JobConfig>& jobs, std::vector<ListenerConfig>& out);

}  // namespace schedtool
