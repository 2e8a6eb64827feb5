#pragma once
// Reaping orphans as PID 1 (a container's init). Processes that a job leaves behind are re-parented
// to us, and only we can reap them once they exit. A blind waitpid(-1) would also take a run's own
// process before its owner (a pool thread, or the loop through the pidfd) reaps it, and that run
// would never end. So a run's process counts as ours from before it is spawned until its owner
// has reaped it, and reap_orphans() reaps only the zombies that are not ours.
// Outside PID 1 none of this costs anything: nothing is recorded and reap_orphans() returns at once.
#include <sys/types.h>

namespace schedtool::orphan_reaper {

// Lives while a Child starts its process; the reaper leaves every zombie alone meanwhile, since
// the one it sees may be this process before its pid is known.
class Spawning {
 public:
  Spawning();
  ~Spawning();  // the last spawn in flight looks for orphans it held back
  Spawning(const Spawning&) = delete;
  Spawning& operator=(const Spawning&) = delete;
  void started(pid_t pid);  // the new process is ours until reaped()
};

// The owner has reaped `pid`; look for orphans that waited behind it.
void reaped(pid_t pid);

// Reaps every exited process that is not a run's own. Safe from any thread (one reaper at a time).
void reap_orphans();

}  // namespace schedtool::orphan_reaper
