#pragma once
// What root will not run. As root, schedtool executes whatever the jobs file says, so — as cron
// does with crontabs — it refuses a jobs file that a user other than root could have changed:
//   - the file, or its directory, writable by group or others (a sticky directory such as /tmp
//     is accepted when root owns the file: others cannot replace it there);
//   - a symlink owned by another user anywhere on the path of the jobs file, or of a path it
//     names (cwd, the state file; env_file is checked before it is read, in config/env_file.h)
//     — fs.protected_symlinks' rule, applied to every component, so such a link cannot redirect
//     root's reads or writes.
// Not running as root: nothing is refused (the user can only hurt themselves).
// This is an edge: it reads file metadata (lstat). `check` and `run` call it with geteuid().
#include <sys/types.h>

#include <string>
#include <vector>

#include "config/config.h"

namespace schedtool {

// Every problem, as errors at the place the path was written; empty when euid is not 0.
std::vector<Diagnostic> trust_problems(const Config& config, uid_t euid);

// The first component of `path` (made absolute) that is a symlink owned by neither root nor
// `euid`, with its owner; "" when there is none.
std::string foreign_symlink(const std::string& path, uid_t euid, uid_t& owner);

}  // namespace schedtool
