#include "runtime/posix_driver.h"

#include "exec/orphan_reaper.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace schedtool {
namespace {

// epoll tags: run id << 2 | kind; run ids start at 1, so id 0 marks the driver's own fds.
enum Kind : std::uint64_t { kPidfd = 0, kStdout = 1, kStderr = 2 };
constexpr std::uint64_t kSignalTag = 0, kTimerTag = 1, kMailTag = 2, kControlTag = 3;

std::uint64_t tag(std::uint64_t run_id, Kind kind) { return run_id << 2 | kind; }

sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (const int s : {SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGCHLD}) sigaddset(&set, s);
  return set;
}

int checked(int fd, const char* what) {
  if (fd < 0) throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
  return fd;
}

void add_fd(int epoll_fd, int fd, std::uint64_t data) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = data;
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
}

}  // namespace

PosixDriver::PosixDriver(const std::vector<ExecutorConfig>& executors, ControlServer* control, StageTrace* trace)
    : control_(control), trace_(trace) {
  // Block the handled signals before any thread exists, so only the signalfd sees them.
  const sigset_t signals = handled_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  epoll_fd_ = checked(epoll_create1(EPOLL_CLOEXEC), "epoll_create1");
  signal_fd_ = checked(signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK), "signalfd");
  timer_fd_ = checked(timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK), "timerfd_create");
  add_fd(epoll_fd_, signal_fd_, kSignalTag);
  add_fd(epoll_fd_, timer_fd_, kTimerTag);
  add_fd(epoll_fd_, mailbox_.fd(), kMailTag);
  if (control_) add_fd(epoll_fd_, control_->fd(), kControlTag);
  for (const ExecutorConfig& e : executors) {
    if (e.kind == ExecutorKind::threadpool)
      pools_[e.name] = std::make_unique<ThreadPool>(e.max_workers, mailbox_, [this] { return now(); });
    else if (!spawner_)
      spawner_ = std::make_unique<Spawner>(mailbox_, [this] { return now(); });
  }
}

PosixDriver::~PosixDriver() {
  pools_.clear();  // joins the threads (the loop ends only when no run is left)
  spawner_.reset();
  children_.clear();
  for (const int fd : {epoll_fd_, signal_fd_, timer_fd_})
    if (fd >= 0) close(fd);
}

Instant PosixDriver::now() { return date::floor<Duration>(std::chrono::system_clock::now()); }

void PosixDriver::start(const RunStart& run) {
  if (run.kind == ExecutorKind::threadpool) return pools_.at(run.executor)->submit(run);
  if (trace_) trace_->dispatched(run.run_id, run.scheduled, woke_, now());
  spawner_->spawn(run);  // comes back through the mailbox once started
}

void PosixDriver::watch(std::uint64_t run_id, Watched watched) {
  Child& child = *watched.child;
  if (child.pidfd() >= 0) add_fd(epoll_fd_, child.pidfd(), tag(run_id, kPidfd));
  if (child.out_fd() >= 0) add_fd(epoll_fd_, child.out_fd(), tag(run_id, kStdout));
  if (child.err_fd() >= 0) add_fd(epoll_fd_, child.err_fd(), tag(run_id, kStderr));
  child.observe_fds(this);
  children_.emplace(run_id, std::move(watched));
}

// Without this, a finished run's pipes and pidfd stayed in the epoll set while a child spawned
// meanwhile still held copies of them, and epoll_wait returned them again and again: 3 million
// calls in 7 s at 1,500 runs/s, the loop at 100 % CPU (bench/README.md, "Spawn throughput").
void PosixDriver::closing(int fd) { epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr); }

void PosixDriver::arm_timer(std::optional<Instant> deadline) {
  // Unchanged since the last wait (a run ended, output came): the timer is already right. Re-arming
  // costs a system call per wake-up, a quarter of the loop's time at thousands of runs a second.
  if (armed_ && *armed_ == deadline) return;
  armed_ = deadline;
  itimerspec spec{};
  if (deadline) {
    const auto since_epoch = deadline->time_since_epoch();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    spec.it_value.tv_sec = static_cast<time_t>(secs.count());
    spec.it_value.tv_nsec = static_cast<long>(std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - secs).count());
    if (spec.it_value.tv_sec <= 0 && spec.it_value.tv_nsec <= 0) spec.it_value.tv_nsec = 1;  // already due
  }
  timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, nullptr);
}

Wakeup PosixDriver::wait(std::optional<Instant> deadline) {
  Wakeup wake;
  if (const auto alarm = child_alarms(); alarm && (!deadline || *alarm < *deadline)) deadline = alarm;
  if (const auto idle = control_ ? control_->next_deadline() : std::nullopt; idle && (!deadline || *idle < *deadline))
    deadline = idle;
  arm_timer(deadline);

  epoll_event events[64];
  const int n = epoll_wait(epoll_fd_, events, 64, -1);
  if (trace_) woke_ = now();
  for (int i = 0; i < n; ++i) {
    const std::uint64_t data = events[i].data.u64;
    if (data == kSignalTag) {
      on_signals(wake);
    } else if (data == kTimerTag) {
      std::uint64_t expirations;  // ECANCELED on a clock jump: the loop simply looks again
      [[maybe_unused]] const auto r = read(timer_fd_, &expirations, sizeof expirations);
      armed_.reset();  // expired or cancelled: arm again at the next wait
    } else if (data == kMailTag) {
      on_pool_mail(wake);
    } else if (data == kControlTag) {
      control_->poll(now(), wake.requests, wake.notices);
    } else {
      on_child_io(data >> 2, static_cast<int>(data & 3), wake);
    }
  }
  if (control_) control_->expire(now());
  return wake;
}

void PosixDriver::on_signals(Wakeup& wake) {
  signalfd_siginfo info;
  while (read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    switch (info.ssi_signo) {
      case SIGINT:
      case SIGTERM: wake.signals.push_back(Signal::stop); break;
      case SIGHUP: wake.signals.push_back(Signal::reload); break;
      case SIGUSR1: wake.signals.push_back(Signal::print_jobs); break;
      case SIGCHLD: orphan_reaper::reap_orphans(); break;  // only as PID 1 (exec/orphan_reaper.h)
    }
  }
}

void PosixDriver::on_child_io(std::uint64_t run_id, int kind, Wakeup& wake) {
  const auto it = children_.find(run_id);
  if (it == children_.end()) return;
  Child& child = *it->second.child;
  std::vector<OutputLine> lines;
  if (kind == kPidfd) {
    if (child.try_reap(lines)) {
      emit(run_id, it->second.job_id, lines, wake);
      return finish_child(run_id, wake);
    }
  } else if (const int fd = kind == kStdout ? child.out_fd() : child.err_fd(); fd >= 0) {
    child.read_from(fd, lines);  // at end of file it closes the fd (out of the epoll set first)
  }
  emit(run_id, it->second.job_id, lines, wake);
}

void PosixDriver::finish_child(std::uint64_t run_id, Wakeup& wake) {
  const auto it = children_.find(run_id);
  const Child& child = *it->second.child;
  wake.completions.push_back({run_id, child.outcome(), child.started(), now()});
  children_.erase(it);  // closes its fds, taking them out of the epoll set first
}

// Sends the timeout signals that are due; the earliest time one of them is due next.
std::optional<Instant> PosixDriver::child_alarms() {
  std::optional<Instant> earliest;
  const Instant t = now();
  for (auto& [id, w] : children_)
    if (const auto alarm = w.child->on_time(t); alarm && (!earliest || *alarm < *earliest)) earliest = alarm;
  return earliest;
}

void PosixDriver::on_pool_mail(Wakeup& wake) {
  for (PoolMessage& m : mailbox_.take()) {
    emit(m.run_id, m.job_id, m.lines, wake);
    if (m.completion) wake.completions.push_back(*m.completion);
    if (!m.spawned) continue;
    if (trace_) trace_->watched(m.run_id, m.job_id, m.spawned->started(), m.exec_returned, now());
    if (terminating_) m.spawned->signal_group(terminating_ == 2);  // started while we were stopping
    const bool failed = m.spawned->finished();
    watch(m.run_id, {m.job_id, std::move(m.spawned)});
    if (failed) finish_child(m.run_id, wake);
  }
}

void PosixDriver::emit(std::uint64_t run_id, const std::string& job_id, std::vector<OutputLine>& lines, Wakeup& wake) {
  for (OutputLine& line : lines) wake.output.push_back({run_id, job_id, line.is_stderr, std::move(line.text)});
  lines.clear();
}

void PosixDriver::reply(std::uint64_t client, const std::string& line) {
  if (control_) control_->reply(client, line, now());
}

std::optional<int> PosixDriver::pid_of(std::uint64_t run_id) {
  if (const auto it = children_.find(run_id); it != children_.end()) return it->second.child->pid();
  for (auto& [name, pool] : pools_)
    if (const auto pid = pool->pid_of(run_id)) return *pid;
  return std::nullopt;
}

void PosixDriver::kill_run(std::uint64_t run_id) {
  if (const auto it = children_.find(run_id); it != children_.end()) return it->second.child->signal_group(true);
  for (auto& [name, pool] : pools_) pool->signal(run_id, true);
}

void PosixDriver::terminate_all(bool force) {
  terminating_ = std::max(terminating_, force ? 2 : 1);
  for (auto& [id, w] : children_) w.child->signal_group(force);
  for (auto& [name, pool] : pools_) pool->signal_all(force);
}

}  // namespace schedtool
