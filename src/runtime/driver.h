#pragma once
// What the scheduler loop needs from the world, as one interface (ninja's CommandRunner idea):
// the time, starting a run, and waiting. runtime/posix_driver.h is the real one; tests use a fake
// that jumps its clock straight to the next deadline, so days of schedule run in milliseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "control/protocol.h"
#include "schedule/dispatcher.h"
#include "schedule/events.h"
#include "schedule/first_run.h"

namespace schedtool {

enum class Signal { stop, reload, print_jobs };

// A line a running job wrote, as the driver read it.
struct RunOutput {
  std::uint64_t run_id;
  std::string job_id;
  bool is_stderr;
  std::string text;
};

struct Wakeup {
  std::vector<Completion> completions;
  std::vector<Signal> signals;
  std::vector<RunOutput> output;  // in the order it was read, before the completions it precedes
  std::vector<ControlLine> requests;  // control requests (control/protocol.h), each to be answered
  std::vector<std::string> notices;   // warnings from the driver for the log (a refused control peer)
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual Instant now() = 0;
  // Starts the run's command; its end comes back as a Completion from wait().
  virtual void start(const RunStart& run) = 0;
  // Returns when the deadline passes (nullopt = none), a run ends, or a signal arrives.
  virtual Wakeup wait(std::optional<Instant> deadline) = 0;
  // SIGTERM (force: SIGKILL) to the process group of every running job.
  virtual void terminate_all(bool force) = 0;
  // SIGKILL to one run's process group (a shared store took the run from this instance).
  virtual void kill_run(std::uint64_t /*run_id*/) {}
  // Answers a control request that wait() returned (a driver without a control socket has none).
  virtual void reply(std::uint64_t /*client*/, const std::string& /*line*/) {}
  // The process id of a running run, once its process exists.
  virtual std::optional<int> pid_of(std::uint64_t /*run_id*/) { return std::nullopt; }
};

// Where events and job output go (the terminal, in the real runtime).
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void event(const Event& e) = 0;
  // Whether event() would show such an event: lets the loop skip wording what nobody reads
  // (at 3,000 runs a second, the text of every run's events is a real share of the loop's time).
  virtual bool shows(const Event& /*e*/) const { return true; }
  // Whether a run's end should carry its output tail (Event::output_tail): listeners read it.
  virtual bool wants_output_tail() const { return false; }
  // Called after each wait of the loop: a sink may write what other threads handed it meanwhile.
  virtual void tick(Instant /*now*/) {}
  // The schedule (at start and on SIGUSR1), in print_jobs order.
  virtual void listing(const std::vector<ScheduledJob>& jobs) = 0;
  virtual void output(const RunOutput& line) = 0;
};

}  // namespace schedtool
