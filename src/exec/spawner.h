#pragma once
// Starts the subprocess executor's children off the scheduler thread. A vfork-style start
// (exec/launch.h) returns only once the child has exec'd, which takes milliseconds on a busy
// machine; a run due meanwhile would wait for it. A few threads (one per CPU, at least two) take
// the runs from one FIFO and hand each Child back through the Mailbox; the scheduler's event loop
// then watches it (pidfd and pipes), so there is still no thread per run. One thread alone could
// not keep up: while it waits for a child's exec, the other CPU is idle, and at 1,000 runs a second
// on a busy machine the runs queued behind it (bench/README.md, "Fire lateness").
#include <functional>
#include <thread>
#include <vector>

#include "exec/thread_pool.h"
#include "exec/work_queue.h"

namespace schedtool {

class Spawner {
 public:
  Spawner(Mailbox& mailbox, std::function<Instant()> clock, unsigned threads = default_threads());
  static unsigned default_threads();
  ~Spawner();
  void spawn(RunStart run);

 private:
  void work();

  Mailbox& mailbox_;
  std::function<Instant()> clock_;
  WorkQueue<RunStart> queue_;
  std::vector<std::thread> threads_;
};

}  // namespace schedtool
