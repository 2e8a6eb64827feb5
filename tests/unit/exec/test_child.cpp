// A Child tells its FdObserver about each descriptor before closing it, while the descriptor is
// still open: the scheduler's epoll set must drop it then (exec/child.h, FdObserver).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>

#include <set>

#include "exec/child.h"

using namespace schedtool;

namespace {

struct RecordingObserver final : FdObserver {
  std::set<int> told, open_when_told;
  void closing(int fd) override {
    told.insert(fd);
    if (fcntl(fd, F_GETFD) != -1) open_when_told.insert(fd);
  }
};

JobConfig shell_job(const std::string& script) {
  JobConfig job;
  job.id = "child-test";
  job.command.argv = {"/bin/sh", "-c", script};
  return job;
}

// Reads both pipes until the process has been reaped (pipes drained and closed by try_reap).
std::vector<OutputLine> run_to_end(Child& child) {
  std::vector<OutputLine> lines;
  while (!child.try_reap(lines)) {
    pollfd fds[3] = {{child.pidfd(), POLLIN, 0}, {child.out_fd(), POLLIN, 0}, {child.err_fd(), POLLIN, 0}};
    poll(fds, 3, 1000);
    for (const int fd : {child.out_fd(), child.err_fd()})
      if (fd >= 0) child.read_from(fd, lines);
  }
  return lines;
}

// Writes every byte of a buffer as deep in the stack as launch()'s frame was, where the child ran.
[[gnu::noinline]] int fill_stack() {
  volatile char buffer[32768];
  for (std::size_t i = 0; i < sizeof buffer; ++i) buffer[i] = static_cast<char>(i);
  return buffer[sizeof buffer - 1];
}

}  // namespace

TEST_CASE("the stack memory a child started on is usable again afterwards") {
  // Under AddressSanitizer the child's frames leave redzone marks there (it never returns to clear
  // them); launch() clears them, else this write reads as a stack-buffer-overflow.
  Child child(shell_job("exit 0"), Instant{}, Instant{});
  REQUIRE_FALSE(child.finished());
  CHECK(fill_stack() == static_cast<char>(32767));
  run_to_end(child);
}

TEST_CASE("a child tells its observer about every descriptor before closing it") {
  RecordingObserver observer;
  std::set<int> fds;
  {
    Child child(shell_job("echo out; echo err >&2"), Instant{}, Instant{});
    REQUIRE_FALSE(child.finished());
    child.observe_fds(&observer);
    fds = {child.pidfd(), child.out_fd(), child.err_fd()};
    REQUIRE(fds.size() == 3);
    const std::vector<OutputLine> lines = run_to_end(child);
    CHECK(lines.size() == 2);
    CHECK(child.out_fd() == -1);  // the pipes close when the process is reaped
    CHECK(child.err_fd() == -1);
  }  // the pidfd closes with the Child
  CHECK(observer.told == fds);
  CHECK(observer.open_when_told == fds);
}

TEST_CASE("without an observer a child closes its descriptors all the same") {
  int pidfd = -1;
  {
    Child child(shell_job("exit 3"), Instant{}, Instant{});
    pidfd = child.pidfd();
    run_to_end(child);
    CHECK(child.outcome().exit_code == 3);
  }
  CHECK(fcntl(pidfd, F_GETFD) == -1);
}
