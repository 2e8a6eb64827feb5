#include "exec/listener_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "exec/orphan_reaper.h"
#include "time/duration_text.h"

extern char** environ;

namespace schedtool {
namespace {

struct Spawned {
  pid_t pid = -1;
  int stdin_fd = -1;
  std::string error;  // could not start
};

std::vector<std::string> environment(const ListenerDelivery& d) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    const bool replaced = std::any_of(d.env.begin(), d.env.end(), [&](const auto& kv) {
      return entry.size() > kv.first.size() && entry.starts_with(kv.first) && entry[kv.first.size()] == '=';
    });
    if (!replaced) env.emplace_back(entry);
  }
  for (const auto& [name, value] : d.env) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

Spawned spawn(const ListenerDelivery& d) {
  Spawned s;
  int in[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return {-1, -1, std::strerror(errno)};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGCHLD, SIGPIPE, SIGQUIT}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<std::string> argv_strings = d.listener->command.argv;
  std::vector<std::string> env_strings = environment(d);
  const std::vector<char*> argv = pointers(argv_strings);
  const std::vector<char*> envp = pointers(env_strings);
  orphan_reaper::Spawning spawning;
  const int rc = ::posix_spawnp(&s.pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in[0]);
  if (rc != 0) {
    ::close(in[1]);
    return {-1, -1, std::strerror(rc)};
  }
  spawning.started(s.pid);
  s.stdin_fd = in[1];
  return s;
}

// The JSON is a few KiB (the output tail is bounded), well under a pipe's buffer: the write does
// not wait for the listener. A listener that exits without reading gets EPIPE here, not SIGPIPE
// (the thread blocks it).
void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// Waits up to `timeout`; true when the process exited by then (status set), false when it is still running.
bool wait_for(pid_t pid, Duration timeout, int& status) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
    int rc;
    do rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(ms, INT32_MAX)));
    while (rc < 0 && errno == EINTR);
    ::close(pidfd);
    if (rc == 0) return false;
  }
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return true;
}

std::string ending(int status) {
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
  return fmt::format("exit status {}", WEXITSTATUS(status));
}

}  // namespace

ListenerRunner::ListenerRunner(std::size_t capacity, unsigned threads) : capacity_(capacity) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) threads_.emplace_back([this] { work(); });
}

ListenerRunner::~ListenerRunner() { close(); }

bool ListenerRunner::post(ListenerDelivery delivery) {
  {
    std::lock_guard lock(mutex_);
    if (closing_) return false;
    if (queue_.size() >= capacity_) {
      ++dropped_;
      if (!dropping_)
        reports_.push_back(fmt::format("Listener queue full ({} waiting): dropping events until the listeners catch "
                                       "up (the summary counts them)", capacity_));
      dropping_ = true;
      return false;
    }
    dropping_ = false;
    queue_.push_back(std::move(delivery));
  }
  wake_.notify_one();
  return true;
}

std::vector<std::string> ListenerRunner::take_reports() {
  std::lock_guard lock(mutex_);
  return std::exchange(reports_, {});
}

std::uint64_t ListenerRunner::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void ListenerRunner::close() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
}

ListenerRunners::ListenerRunners(const std::vector<ListenerConfig>& listeners,
                                 const std::vector<ExecutorConfig>& executors) {
  for (const ListenerConfig& l : listeners) {
    if (l.executor.empty() || by_executor_.count(l.executor)) continue;
    const auto e = std::find_if(executors.begin(), executors.end(), [&](const ExecutorConfig& x) { return x.name == l.executor; });
    const int workers = e == executors.end() ? 1 : std::clamp(e->max_workers, 1, 64);  // threads, not processes: bounded
    by_executor_.emplace(l.executor, std::make_unique<ListenerRunner>(ListenerRunner::kDefaultCapacity, workers));
  }
}

ListenerRunner& ListenerRunners::for_listener(const ListenerConfig& listener) {
  const auto it = by_executor_.find(listener.executor);
  return it == by_executor_.end() ? serial_ : *it->second;
}

std::vector<std::string> ListenerRunners::take_reports() {
  std::vector<std::string> reports = serial_.take_reports();
  for (auto& [name, runner] : by_executor_)
    for (std::string& r : runner->take_reports()) reports.push_back(std::move(r));
  return reports;
}

void ListenerRunners::close() {
  serial_.close();
  for (auto& [name, runner] : by_executor_) runner->close();
}

std::uint64_t ListenerRunners::dropped() const {
  std::uint64_t n = serial_.dropped();
  for (const auto& [name, runner] : by_executor_) n += runner->dropped();
  return n;
}

void ListenerRunner::report(std::string message) {
  std::lock_guard lock(mutex_);
  reports_.push_back(std::move(message));
}

void ListenerRunner::work() {
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
  for (;;) {
    ListenerDelivery d;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing, and everything delivered
      d = std::move(queue_.front());
      queue_.pop_front();
    }
    deliver(d);
  }
}

void ListenerRunner::deliver(const ListenerDelivery& d) {
  const ListenerConfig& l = *d.listener;
  Spawned s = spawn(d);
  if (s.pid < 0) return report(fmt::format("Listener ({}) for {} could not start: {}", l.origin, d.kind, s.error));
  write_all(s.stdin_fd, d.json);
  ::close(s.stdin_fd);
  int status = 0;
  if (!wait_for(s.pid, l.timeout, status)) {
    ::kill(-s.pid, SIGKILL);  // its whole process group: what it started goes too
    wait_for(s.pid, Duration::max(), status);
    orphan_reaper::reaped(s.pid);
    return report(fmt::format("Listener ({}) for {} was killed: still running after its timeout of {}", l.origin,
                              d.kind, format_duration(l.timeout)));
  }
  orphan_reaper::reaped(s.pid);
  if (status != 0) report(fmt::format("Listener ({}) for {} failed: {}", l.origin, d.kind, ending(status)));
}

}  // namespace schedtool
