#pragma once
// Job ids for crontab entries, derived from the command so that they read well and stay the same
// when lines move: the program's name, or for a runner (sh, python3, run-parts, nice…) the script
// it runs; lowercased, [a-z0-9-] only. "/usr/local/bin/backup.sh --full" → "backup",
// "cd / && run-parts --report /etc/cron.daily" → "cron-daily". Repeats get "-2", "-3"… in file order.
#include <string>
#include <string_view>
#include <vector>

#include "config/crontab_file.h"

namespace schedtool {

std::string crontab_job_id(std::string_view command);
void assign_crontab_ids(std::vector<CrontabEntry>& entries);

}  // namespace schedtool
