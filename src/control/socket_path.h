#pragma once
// Where a scheduler's control socket is, when --control does not say:
//   /run/schedtool/NAME.sock          for a jobs file /etc/schedtool/NAME.toml (the systemd units'
//                                     place: a system service has no XDG_RUNTIME_DIR, and a socket
//                                     beside a file in /etc would be wrong);
//   $XDG_RUNTIME_DIR/schedtool.sock   when XDG_RUNTIME_DIR is set (a per-user, private directory);
//   JOBS_FILE.sock                    otherwise, next to the jobs file (jobs.toml → jobs.toml.sock).
// `schedtool run` and `schedtool ctl --file` use the same rule, so they meet without a flag.
#include <string>

namespace schedtool {

std::string default_control_path(const std::string& jobs_file);

}  // namespace schedtool
