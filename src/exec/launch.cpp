#include "exec/launch.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#if defined(__SANITIZE_ADDRESS__)
#define SCHEDTOOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SCHEDTOOL_ASAN 1
#endif
#endif
#ifdef SCHEDTOOL_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace schedtool {
namespace {

// The signals whose disposition the scheduler changes (SIGPIPE is ignored; the others are taken
// through a signalfd and have no handler). schedtool installs no signal handler — a handler
// would run in the child on the shared memory between its unblocking and the exec — so putting
// these back to SIG_DFL is all the child needs, instead of a sigaction call for every signal.
constexpr int kResetSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGCHLD, SIGPIPE, SIGQUIT};

enum Step { kSetpgid, kStdin, kDup2, kChdir, kExec };
constexpr const char* kStepNames[] = {"setpgid", "stdin", "dup2", "chdir", "exec"};

// /dev/null, opened once for every child's stdin (close-on-exec here; dup2 clears it in the child).
int dev_null() {
  static const int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  return fd;
}

struct ChildArgs {
  const LaunchPlan* plan;
  int null_fd;
  int failed_step = -1;  // written by the child, read once it has exited
  int error = 0;
};

[[noreturn]] void fail(ChildArgs& args, Step step, int error) {
  args.failed_step = step;
  args.error = error;
  _exit(127);
}

// The child, on the caller's memory: no allocation, no locks, async-signal-safe calls only.
int child_main(void* raw) {
  ChildArgs& args = *static_cast<ChildArgs*>(raw);
  const LaunchPlan& plan = *args.plan;
  if (setpgid(0, 0) != 0) fail(args, kSetpgid, errno);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (const int s : kResetSignals) sigaction(s, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int null_fd = args.null_fd >= 0 ? args.null_fd : open("/dev/null", O_RDONLY);
  if (null_fd < 0 || dup2(null_fd, 0) < 0) fail(args, kStdin, errno);
  if (dup2(plan.out_fd, 1) < 0 || dup2(plan.err_fd, 2) < 0) fail(args, kDup2, errno);
  if (plan.cwd && chdir(plan.cwd) != 0) fail(args, kChdir, errno);
  fail(args, kExec, exec_candidates(*plan.programs, plan.argv, plan.envp));
}

}  // namespace

int exec_candidates(const std::vector<std::string>& programs, char* const* argv, char* const* envp) {
  int exec_errno = ENOENT;
  for (const std::string& program : programs) {
    execve(program.c_str(), argv, envp);
    if (errno != ENOENT || exec_errno == ENOENT) exec_errno = errno;
  }
  return exec_errno;
}

Launched launch(const LaunchPlan& plan) {
  Launched out;
  ChildArgs args{&plan, dev_null()};
  // The child's stack: 16 KiB of this frame, unused while this thread waits (CLONE_VFORK). All
  // signals stay blocked across the clone, as in posix_spawn, so nothing runs on it but the child.
  alignas(64) char stack[16384];
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  int pidfd = -1;
  constexpr int kFlags = CLONE_VM | CLONE_VFORK | SIGCHLD;
  pid_t pid = clone(child_main, stack + sizeof stack, kFlags | CLONE_PIDFD, &args, &pidfd);
  if (pid < 0 && errno == EINVAL) pid = clone(child_main, stack + sizeof stack, kFlags, &args);  // before Linux 5.2
  const int clone_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
#ifdef SCHEDTOOL_ASAN
  // The child's instrumented frames left AddressSanitizer's redzone marks on this area, and the
  // child never returns to clear them: without this, the next call that reuses this stack memory
  // reads as an overflow.
  ASAN_UNPOISON_MEMORY_REGION(stack, sizeof stack);
#endif
  if (pid < 0) {
    out.error = std::string("clone: ") + std::strerror(clone_errno);
    return out;
  }
  if (args.failed_step >= 0) {  // the child has exited: reap it here, it never ran the program
    siginfo_t info;
    waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED);
    if (pidfd >= 0) close(pidfd);
    out.exec_failed = args.failed_step == kExec;
    out.error = out.exec_failed ? std::strerror(args.error)
                                : std::string(kStepNames[args.failed_step]) + ": " + std::strerror(args.error);
    return out;
  }
  out.pid = pid;
  out.pidfd = pidfd;
  return out;
}

}  // namespace schedtool
