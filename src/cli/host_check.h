#pragma once
// What a valid jobs file can still get wrong on this machine: a job's `cwd` that is missing or is
// not a directory, a `user` or `group` this machine does not know. Each would fail every run of
// the job at its start ("could not start"), hours later. `check` and `run` warn about them up
// front — warnings, not errors: a volume or an account may appear before the first run.
// An edge: it reads the file system and the user and group databases.
#include <vector>

#include "config/config.h"

namespace schedtool {

std::vector<Diagnostic> host_problems(const Config& config);

}  // namespace schedtool
