#pragma once
// Starts the subprocess executor's children off the scheduler thread. glibc's posix_spawn returns
// only once the child has exec'd (CLONE_VFORK), which takes milliseconds on a busy machine; a run
// due meanwhile would wait for it. One thread does the spawning and hands each Child back through
// the Mailbox; the scheduler's event loop then watches it (pidfd and pipes), so there is still no
// thread per run.
#include <functional>
#include <thread>

#include "exec/thread_pool.h"
#include "exec/work_queue.h"

namespace schedtool {

class Spawner {
 public:
  Spawner(Mailbox& mailbox, std::function<Instant()> clock);
  ~Spawner();
  void spawn(RunStart run);

 private:
  void work();

  Mailbox& mailbox_;
  std::function<Instant()> clock_;
  WorkQueue<RunStart> queue_;
  std::thread thread_;
};

}  // namespace schedtool
