#include "exec/thread_pool.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>

namespace schedtool {

Mailbox::Mailbox() : event_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
Mailbox::~Mailbox() { close(event_fd_); }

void Mailbox::post(PoolMessage message) {
  std::unique_lock lock(mutex_);
  has_room_.wait(lock, [&] { return pending_lines_ < kMaxPendingLines || message.completion || message.spawned; });
  pending_lines_ += message.lines.size();
  messages_.push_back(std::move(message));
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = write(event_fd_, &one, sizeof one);
}

std::vector<PoolMessage> Mailbox::take() {
  std::uint64_t count;
  [[maybe_unused]] const auto n = read(event_fd_, &count, sizeof count);
  std::lock_guard lock(mutex_);
  std::vector<PoolMessage> out(std::make_move_iterator(messages_.begin()), std::make_move_iterator(messages_.end()));
  messages_.clear();
  pending_lines_ = 0;
  has_room_.notify_all();
  return out;
}

ThreadPool::ThreadPool(int workers, Mailbox& mailbox, std::function<Instant()> clock)
    : mailbox_(mailbox), clock_(std::move(clock)) {
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
  queue_.close();
  for (std::thread& t : threads_) t.join();
}

void ThreadPool::submit(RunStart run) { queue_.push(std::move(run)); }

void ThreadPool::signal_all(bool force) {
  std::lock_guard lock(running_mutex_);
  for (const auto& [id, child] : running_) child->signal_group(force);
}

void ThreadPool::signal(std::uint64_t run_id, bool force) {
  std::lock_guard lock(running_mutex_);
  if (const auto it = running_.find(run_id); it != running_.end()) it->second->signal_group(force);
}

std::optional<pid_t> ThreadPool::pid_of(std::uint64_t run_id) {
  std::lock_guard lock(running_mutex_);
  const auto it = running_.find(run_id);
  if (it == running_.end() || it->second->pid() <= 0) return std::nullopt;
  return it->second->pid();
}

void ThreadPool::work() {
  while (std::optional<RunStart> next = queue_.pop()) {
    const RunStart& run = *next;
    Child child(*run.job, run.scheduled, clock_());
    {
      std::lock_guard lock(running_mutex_);
      running_.emplace(run.run_id, &child);
    }
    supervise(child, run);
    {
      std::lock_guard lock(running_mutex_);
      running_.erase(run.run_id);
    }
    PoolMessage done;
    done.job_id = run.job->id;
    done.completion = Completion{run.run_id, child.outcome(), child.started(), clock_()};
    mailbox_.post(std::move(done));
  }
}

// Waits for the child while forwarding its output; enforces its timeout.
void ThreadPool::supervise(Child& child, const RunStart& run) {
  std::vector<OutputLine> lines;
  while (!child.finished()) {
    const std::optional<Instant> alarm = child.on_time(clock_());
    int timeout_ms = child.pidfd() >= 0 ? -1 : 100;  // without a pidfd, look every 100 ms
    if (alarm) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*alarm - clock_()).count() + 1;
      timeout_ms = static_cast<int>(std::clamp<long long>(ms, 0, timeout_ms < 0 ? 1 << 30 : timeout_ms));
    }
    pollfd fds[3] = {{child.pidfd(), POLLIN, 0}, {child.out_fd(), POLLIN, 0}, {child.err_fd(), POLLIN, 0}};
    poll(fds, 3, timeout_ms);
    for (int i = 1; i < 3; ++i)
      if (fds[i].fd >= 0 && fds[i].revents) child.read_from(fds[i].fd, lines);
    child.try_reap(lines);
    if (!lines.empty()) {
      PoolMessage message;
      message.job_id = run.job->id;
      message.run_id = run.run_id;
      message.lines = std::move(lines);
      mailbox_.post(std::move(message));
    }
    lines.clear();
  }
}

}  // namespace schedtool
