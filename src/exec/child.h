#pragma once
// One running job process: started by exec/launch.h (vfork-class, so spawning stays fast however
// large the scheduler), in its own process group, stdin from /dev/null, stdout/stderr on pipes.
// Supervision is the same for both executors — only who waits differs (a pool thread with poll, or
// the scheduler's own epoll loop):
//   readable pipe → lines;  deadline → SIGTERM to the group at `timeout`, SIGKILL `kill_timeout` later;
//   pidfd readable → reaped; the run ends when the process exits, even if a daemon it forked still
//   holds the pipes (what is already buffered is read, then the pipes are closed).
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "exec/line_buffer.h"
#include "schedule/events.h"

namespace schedtool {

struct OutputLine {
  bool is_stderr;
  std::string text;
};

// Told just before a Child closes one of its descriptors. An epoll set must drop a descriptor
// before it is closed: closing does not remove it while another process holds a copy of the open
// file, and a child being spawned on another thread holds a copy of every descriptor until its
// exec, so the set would go on reporting the closed pipe or pidfd and the loop would spin on it.
class FdObserver {
 public:
  virtual void closing(int fd) = 0;

 protected:
  ~FdObserver() = default;
};

class Child {
 public:
  // Starts the job's command for the run scheduled at `scheduled`. The child's environment is the
  // scheduler's, plus the job's env_file and `env`, plus SCHEDTOOL_JOB_ID and SCHEDTOOL_SCHEDULED_AT (RFC 3339,
  // UTC, microseconds). On failure (no such program, bad cwd) the Child is already finished with
  // outcome().start_error set.
  Child(const JobConfig& job, Instant scheduled, Instant now);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  int pidfd() const { return pidfd_; }
  int out_fd() const { return out_fd_; }
  int err_fd() const { return err_fd_; }
  pid_t pid() const { return pid_; }
  // Whom to tell before a descriptor is closed (null: nobody); it must outlive the Child.
  void observe_fds(FdObserver* observer) { observer_ = observer; }

  enum class ReadResult { more, drained, closed };
  // Reads what is available on `fd` without blocking, a bounded amount at a time (so one flooding
  // child cannot starve the others): `more` = call again, `closed` = end of file (fd closed).
  ReadResult read_from(int fd, std::vector<OutputLine>& lines);
  // Sends the timeout's signals when their time has come; the next time to call again.
  std::optional<Instant> on_time(Instant now);
  // SIGTERM (or SIGKILL) to the process group now.
  void signal_group(bool force);
  // Reaps the process if it has exited; then reads what is left and closes the pipes.
  bool try_reap(std::vector<OutputLine>& lines);

  bool finished() const { return finished_; }
  const RunOutcome& outcome() const { return outcome_; }
  Instant started() const { return started_; }

 private:
  void start(const JobConfig& job, Instant scheduled, Instant now);
  void drain_and_close(std::vector<OutputLine>& lines);
  void close_fd(int& fd);
  void watch_pipes(const JobConfig& job, Instant now, int out_fd, int err_fd);
  void start_as_user(const JobConfig& job, Instant scheduled, Instant now, int out[2], int err[2]);

  pid_t pid_ = -1;
  int pidfd_ = -1, out_fd_ = -1, err_fd_ = -1;
  FdObserver* observer_ = nullptr;
  LineBuffer out_buffer_, err_buffer_;
  Instant started_;
  std::optional<Instant> term_at_, kill_at_;
  Duration kill_timeout_;
  bool finished_ = false;
  RunOutcome outcome_;
};

}  // namespace schedtool
