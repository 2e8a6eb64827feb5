#pragma once
// How a recorded run ended, in a word or two: "ok", "exit 3", "signal 9", "timed out",
// "could not start", "running", "interrupted" (schedtool stopped abruptly while it ran).
#include <string>

#include "store/job_store.h"

namespace schedtool {

std::string run_status(const RunRecord& run);

}  // namespace schedtool
