#pragma once
// `user` and `group` of a job, resolved to ids before a run starts, and the start of a process
// under them. posix_spawn cannot change credentials, so such a job starts through fork + execve.
// Between the two the child makes only async-signal-safe system calls, in this order:
//   setpgid, signal mask and dispositions reset, stdin/stdout/stderr,
//   setgroups (the user's supplementary groups), setgid, setuid, chdir(cwd) as the user, execve.
// Any failure there is sent back through a close-on-exec pipe, so it fails the run with a clear
// start_error ("setuid(65534): Operation not permitted") and never the scheduler.
#include <sys/types.h>

#include <string>
#include <vector>

namespace schedtool {

struct Credentials {
  uid_t uid;
  gid_t gid;
  std::vector<gid_t> groups;  // supplementary groups (the user's, from the group database)
  std::string name, home;     // for USER/LOGNAME/HOME; empty for a numeric uid not in passwd
  bool change_user = false;   // false: only the group changes (`group` without `user`)
};

// Names or numeric ids; throws Error("user 'nobdy': no such user") and the like.
Credentials resolve_credentials(const std::string& user, const std::string& group);

struct ForkExec {
  std::vector<std::string> programs;  // candidate paths, tried in order (PATH resolved beforehand)
  std::vector<char*> argv, envp;      // null-terminated
  std::string cwd;
  int out_fd = -1, err_fd = -1;       // the child's stdout and stderr
};

// The child's pid, or -1 with `error` set.
pid_t fork_exec(const ForkExec& plan, const Credentials& credentials, std::string& error);

// Where execvp would look for `program`: itself when it has a '/', else each PATH entry.
std::vector<std::string> program_candidates(const std::string& program);

}  // namespace schedtool
