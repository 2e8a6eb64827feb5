#pragma once
// The real Driver: the system clock, real processes, and one epoll loop that sleeps until the next
// deadline (no polling tick: zero CPU while idle). It wakes at once for
//   a signal      — signalfd: SIGINT/SIGTERM stop, SIGHUP reload, SIGUSR1 print the schedule,
//                   SIGCHLD (as PID 1, every orphaned zombie is reaped too);
//   a clock jump  — the deadline is a CLOCK_REALTIME timerfd with TFD_TIMER_CANCEL_ON_SET, so
//                   `date -s` or a resume from suspend is noticed at once;
//   a request     — the control socket (control/control_server.h), when there is one;
//   a run's end   — subprocess executor: the child's pidfd in this loop (children are started by
//                   the Spawner's threads, so the loop never waits for an exec); threadpool executor:
//                   the pool's mailbox eventfd.
// Job output is handed to the loop line by line as it arrives (Wakeup::output).
#include <functional>
#include <map>
#include <memory>

#include "control/control_server.h"
#include "exec/child.h"
#include "exec/spawner.h"
#include "exec/thread_pool.h"
#include "runtime/driver.h"
#include "runtime/stage_trace.h"

namespace schedtool {

class PosixDriver final : public Driver, private FdObserver {
 public:
  // `control` (may be null) must outlive the driver; create it before the driver, whose threads
  // must not see the umask the socket is created with.
  // `trace` (may be null) likewise: runtime/stage_trace.h.
  PosixDriver(const std::vector<ExecutorConfig>& executors, ControlServer* control, StageTrace* trace = nullptr);
  ~PosixDriver() override;

  Instant now() override;
  void start(const RunStart& run) override;
  Wakeup wait(std::optional<Instant> deadline) override;
  void terminate_all(bool force) override;
  void kill_run(std::uint64_t run_id) override;
  void reply(std::uint64_t client, const std::string& line) override;
  std::optional<int> pid_of(std::uint64_t run_id) override;

 private:
  struct Watched {
    std::string job_id;
    std::unique_ptr<Child> child;
  };

  void watch(std::uint64_t run_id, Watched watched);
  void closing(int fd) override;
  void arm_timer(std::optional<Instant> deadline);
  void on_signals(Wakeup& wake);
  void on_child_io(std::uint64_t run_id, int kind, Wakeup& wake);
  void on_pool_mail(Wakeup& wake);
  std::optional<Instant> child_alarms();
  void finish_child(std::uint64_t run_id, Wakeup& wake);
  static void emit(std::uint64_t run_id, const std::string& job_id, std::vector<OutputLine>& lines, Wakeup& wake);

  int epoll_fd_ = -1, signal_fd_ = -1, timer_fd_ = -1;
  Mailbox mailbox_;
  std::map<std::string, std::unique_ptr<ThreadPool>> pools_;
  std::unique_ptr<Spawner> spawner_;
  std::map<std::uint64_t, Watched> children_;  // subprocess executor's runs
  ControlServer* control_;
  std::optional<std::optional<Instant>> armed_;  // the deadline the timer holds (outer nullopt: unknown)
  StageTrace* trace_;
  Instant woke_ = now();  // when epoll_wait last returned (until the first wait: the driver's start)
  int terminating_ = 0;                        // 1 after SIGTERM to all, 2 after SIGKILL: late arrivals get it too
};

}  // namespace schedtool
