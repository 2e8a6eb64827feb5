#pragma once
// Starts a job's process without changing credentials: clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD),
// what glibc's posix_spawn does, minus what it costs per call in a multi-threaded scheduler — a
// fresh child stack mapped and unmapped each time (the munmap stops the other CPU to flush its TLB),
// a getrlimit, some 64 sigaction calls in the child, and a separate pidfd_open. The child runs on a
// stack carved from the caller's own (the caller is suspended until the child execs or exits) and
// makes only async-signal-safe calls, in this order:
//   setpgid(0, 0), the scheduler's signals back to SIG_DFL, an empty signal mask,
//   stdin from /dev/null, stdout/stderr onto the pipes, chdir(cwd), execve of each candidate.
// A failed step is written into the caller's memory (shared until the exec) and fails the run.
// `bench/run --only spawn` measures it: see bench/README.md, "Spawn throughput".
#include <sys/types.h>

#include <string>
#include <vector>

namespace schedtool {

struct LaunchPlan {
  const std::vector<std::string>* programs;  // candidate paths, tried in order (PATH resolved beforehand)
  char* const* argv;                          // null-terminated
  char* const* envp;                          // null-terminated
  const char* cwd = nullptr;                  // null: the scheduler's
  int out_fd = -1, err_fd = -1;               // the child's stdout and stderr
};

struct Launched {
  pid_t pid = -1;      // -1: not started, `error` says why
  int pidfd = -1;      // -1 on a kernel without CLONE_PIDFD (before 5.2)
  std::string error;   // "No such file or directory" (the exec), "chdir: Permission denied", ...
  bool exec_failed = false;  // the error is the program's, not a step before it
};

Launched launch(const LaunchPlan& plan);

// In a child: execve of each candidate in turn. Returns only when none could be executed, with the
// errno to report, as execvp chooses it (EACCES from any candidate beats ENOENT). Async-signal-safe.
int exec_candidates(const std::vector<std::string>& programs, char* const* argv, char* const* envp);

}  // namespace schedtool
