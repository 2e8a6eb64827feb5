#include "exec/child.h"

#include "base/error.h"
#include "exec/credentials.h"
#include "exec/launch.h"
#include "exec/orphan_reaper.h"
#include "time/time_text.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace schedtool {
namespace {

int open_pidfd(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

// The scheduler's own environment, split once: schedtool never changes it, and rebuilding it for
// every spawn was a measurable share of spawning at thousands of runs a second.
const std::map<std::string, std::string>& inherited_environment() {
  static const std::map<std::string, std::string> vars = [] {
    std::map<std::string, std::string> out;
    for (char** e = environ; *e; ++e) {
      const std::string_view entry(*e);
      const auto eq = entry.find('=');
      if (eq != std::string_view::npos) out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return out;
  }();
  return vars;
}

// The inherited environment; for a job run as another user, its HOME, USER and LOGNAME; then the
// job's env_file, then its `env` table, each laid over what came before.
std::vector<std::string> child_environment(const JobConfig& job, Instant scheduled, const Credentials* as) {
  // Views into the cached environment, the job and the literals below: nothing is copied but the result.
  std::map<std::string_view, std::string_view> vars(inherited_environment().begin(), inherited_environment().end());
  if (as && as->change_user && !as->name.empty()) {
    vars["HOME"] = as->home;
    vars["USER"] = vars["LOGNAME"] = as->name;
  }
  for (const auto& [name, value] : job.secret_env) vars[name] = value;
  for (const auto& [name, value] : job.env) vars[name] = value;
  const std::string scheduled_at = format_wall(WallTime{scheduled.time_since_epoch()}, 'T', true) + 'Z';
  vars["SCHEDTOOL_JOB_ID"] = job.id;
  vars["SCHEDTOOL_SCHEDULED_AT"] = scheduled_at;
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [name, value] : vars) {
    std::string entry;
    entry.reserve(name.size() + 1 + value.size());
    out.push_back(entry.append(name).append("=").append(value));
  }
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Why `cwd` cannot be a working directory ("" when it can): checked before spawning, so the error
// names the directory instead of a bare "No such file or directory".
std::string cwd_problem(const std::string& cwd) {
  if (cwd.empty()) return {};
  struct stat st {};
  if (stat(cwd.c_str(), &st) != 0) return std::strerror(errno);
  return S_ISDIR(st.st_mode) ? std::string() : "not a directory";
}

// "user nobody", "group adm", "user nobody, group adm" for messages.
std::string describe(const JobConfig& job) {
  std::string out;
  if (!job.user.empty()) out = "user " + job.user;
  if (!job.group.empty()) out += (out.empty() ? "group " : ", group ") + job.group;
  return out;
}

}  // namespace

Child::Child(const JobConfig& job, Instant scheduled, Instant now) : started_(now), kill_timeout_(job.kill_timeout) {
  orphan_reaper::Spawning spawning;  // as PID 1, the orphan reaper must not take this process
  start(job, scheduled, now);
  spawning.started(pid_);
}

void Child::start(const JobConfig& job, Instant scheduled, Instant now) {
  if (const std::string problem = cwd_problem(job.cwd); !problem.empty()) {
    outcome_.start_error = "cwd '" + job.cwd + "': " + problem;
    finished_ = true;
    return;
  }
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    outcome_.start_error = std::strerror(errno);
    finished_ = true;
    return;
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    outcome_.start_error = std::strerror(errno);
    close(out[0]), close(out[1]);
    finished_ = true;
    return;
  }
  if (!job.user.empty() || !job.group.empty()) {
    start_as_user(job, scheduled, now, out, err);
    return;
  }
  std::vector<std::string> argv_strings = job.command.argv, env_strings = child_environment(job, scheduled, nullptr);
  std::vector<char*> argv = c_strings(argv_strings), envp = c_strings(env_strings);
  const std::vector<std::string> programs = program_candidates(job.command.argv[0]);
  LaunchPlan plan{&programs, argv.data(), envp.data(), job.cwd.empty() ? nullptr : job.cwd.c_str(), out[1], err[1]};
  const Launched launched = launch(plan);
  close(out[1]), close(err[1]);
  if (launched.pid < 0) {
    outcome_.start_error = launched.exec_failed ? "'" + job.command.argv[0] + "': " + launched.error : launched.error;
    close(out[0]), close(err[0]);
    finished_ = true;
    return;
  }
  pid_ = launched.pid;
  pidfd_ = launched.pidfd;
  watch_pipes(job, now, out[0], err[0]);
}

void Child::watch_pipes(const JobConfig& job, Instant now, int out_fd, int err_fd) {
  out_fd_ = out_fd;
  err_fd_ = err_fd;
  fcntl(out_fd_, F_SETFL, O_NONBLOCK);
  fcntl(err_fd_, F_SETFL, O_NONBLOCK);
  if (pidfd_ < 0) pidfd_ = open_pidfd(pid_);
  if (job.timeout) term_at_ = now + *job.timeout;
}

// `user` / `group`: fork + execve with the credential switch in the child (exec/credentials.h).
void Child::start_as_user(const JobConfig& job, Instant scheduled, Instant now, int out[2], int err[2]) {
  const auto fail = [&](std::string why) {
    outcome_.start_error = std::move(why);
    close(out[0]), close(out[1]), close(err[0]), close(err[1]);
    finished_ = true;
  };
  Credentials as;
  try {
    as = resolve_credentials(job.user, job.group);
  } catch (const Error& e) {
    return fail(e.message);
  }
  ForkExec plan;
  plan.programs = program_candidates(job.command.argv[0]);
  std::vector<std::string> argv_strings = job.command.argv, env_strings = child_environment(job, scheduled, &as);
  plan.argv = c_strings(argv_strings);
  plan.envp = c_strings(env_strings);
  plan.cwd = job.cwd;
  plan.out_fd = out[1];
  plan.err_fd = err[1];
  std::string error;
  pid_ = fork_exec(plan, as, error);
  if (pid_ < 0) return fail("'" + job.command.argv[0] + "' as " + describe(job) + ": " + error);
  close(out[1]), close(err[1]);
  watch_pipes(job, now, out[0], err[0]);
}

Child::~Child() {
  for (int* fd : {&pidfd_, &out_fd_, &err_fd_}) close_fd(*fd);
  if (pid_ > 0 && !finished_) {  // only on abnormal teardown: do not leave the group running
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    orphan_reaper::reaped(pid_);
  }
}

Child::ReadResult Child::read_from(int fd, std::vector<OutputLine>& lines) {
  const bool is_stderr = fd == err_fd_;
  LineBuffer& buffer = is_stderr ? err_buffer_ : out_buffer_;
  char chunk[16384];
  for (int round = 0; round < 16; ++round) {  // bounded, so one flooding child cannot starve the loop
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n > 0) {
      for (std::string& line : buffer.append({chunk, static_cast<std::size_t>(n)})) lines.push_back({is_stderr, std::move(line)});
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return ReadResult::drained;
    for (std::string& line : buffer.flush()) lines.push_back({is_stderr, std::move(line)});
    close_fd(is_stderr ? err_fd_ : out_fd_);
    return ReadResult::closed;
  }
  return ReadResult::more;
}

std::optional<Instant> Child::on_time(Instant now) {
  if (term_at_ && now >= *term_at_) {
    outcome_.timed_out = true;
    kill(-pid_, SIGTERM);
    term_at_.reset();
    kill_at_ = now + kill_timeout_;
  }
  if (kill_at_ && now >= *kill_at_) {
    kill(-pid_, SIGKILL);
    kill_at_.reset();
  }
  return term_at_ ? term_at_ : kill_at_;
}

void Child::signal_group(bool force) {
  if (pid_ > 0 && !finished_) kill(-pid_, force ? SIGKILL : SIGTERM);
}

bool Child::try_reap(std::vector<OutputLine>& lines) {
  if (finished_) return true;
  siginfo_t info{};
  const int rc = pidfd_ >= 0 ? waitid(P_PIDFD, static_cast<id_t>(pidfd_), &info, WEXITED | WNOHANG)
                             : waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG);
  if (rc != 0 || info.si_pid == 0) return false;
  orphan_reaper::reaped(pid_);
  if (info.si_code == CLD_EXITED)
    outcome_.exit_code = info.si_status;
  else
    outcome_.signal = info.si_status;
  drain_and_close(lines);
  finished_ = true;
  return true;
}

// What the process wrote before it exited is in the pipes; a daemon it left behind may keep them
// open forever, so read only what is there now, then close.
void Child::drain_and_close(std::vector<OutputLine>& lines) {
  for (int* fd : {&out_fd_, &err_fd_}) {
    if (*fd < 0) continue;
    const bool is_stderr = fd == &err_fd_;
    ReadResult r = ReadResult::more;
    for (int round = 0; round < 64 && r == ReadResult::more; ++round) r = read_from(*fd, lines);
    if (*fd < 0) continue;
    for (std::string& line : (is_stderr ? err_buffer_ : out_buffer_).flush()) lines.push_back({is_stderr, std::move(line)});
    close_fd(*fd);
  }
}

void Child::close_fd(int& fd) {
  if (fd < 0) return;
  if (observer_) observer_->closing(fd);
  close(fd);
  fd = -1;
}

}  // namespace schedtool
