#pragma once
// The threadpool executor (APScheduler's default): max_workers threads; each takes a queued run,
// starts its command and waits for it (poll on the pidfd and the pipes), then takes the next.
// Threads never touch the terminal or the schedule: output and ends go through a Mailbox to the
// scheduler thread, which a full mailbox makes the workers wait for (memory stays bounded).
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <map>
#include <thread>
#include <vector>

#include "exec/child.h"
#include "exec/work_queue.h"
#include "schedule/dispatcher.h"

namespace schedtool {

// What another thread hands the scheduler thread: output lines, a run's end, or a child just
// started by the Spawner for the event loop to watch.
struct PoolMessage {
  std::string job_id;
  std::vector<OutputLine> lines;
  std::optional<Completion> completion;
  std::uint64_t run_id = 0;         // whose lines, or which child was spawned
  std::unique_ptr<Child> spawned;
  Instant exec_returned{};          // with `spawned`: when its clone returned (runtime/stage_trace.h)
};

class Mailbox {
 public:
  Mailbox();
  ~Mailbox();
  int fd() const { return event_fd_; }  // readable when messages wait
  void post(PoolMessage message);       // waits while the mailbox is full
  std::vector<PoolMessage> take();

 private:
  static constexpr std::size_t kMaxPendingLines = 10'000;
  std::mutex mutex_;
  std::condition_variable has_room_;
  std::deque<PoolMessage> messages_;
  std::size_t pending_lines_ = 0;
  int event_fd_;
};

class ThreadPool {
 public:
  ThreadPool(int workers, Mailbox& mailbox, std::function<Instant()> clock);
  ~ThreadPool();  // stops taking runs and joins the threads
  void submit(RunStart run);
  void signal_all(bool force);
  void signal(std::uint64_t run_id, bool force);  // one run's process group
  std::optional<pid_t> pid_of(std::uint64_t run_id);  // while that run's process lives

 private:
  void work();
  void supervise(Child& child, const RunStart& run);

  Mailbox& mailbox_;
  std::function<Instant()> clock_;
  WorkQueue<RunStart> queue_;
  std::mutex running_mutex_;
  std::map<std::uint64_t, Child*> running_;  // by run id
  std::vector<std::thread> threads_;
};

}  // namespace schedtool
