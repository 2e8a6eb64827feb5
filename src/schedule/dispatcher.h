#pragma once
// Executors as pure bookkeeping: each has max_workers slots and a FIFO queue of submissions
// (APScheduler's executors, minus the threads). A slot runs a submission's run times one after
// another, and checks misfire_grace_time just before each starts — when a run is late because every
// slot was busy, that is when it is missed, as in APScheduler 3.
// The runtime turns each RunStart into a process and reports back with finished().
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schedule/schedule.h"

namespace schedtool {

struct RunStart {
  std::uint64_t run_id;
  JobPtr job;
  Instant scheduled;     // the run time this run is for
  std::string executor;
  ExecutorKind kind;
};

// How a started run ended, as the runtime reports it back.
struct Completion {
  std::uint64_t run_id;
  RunOutcome outcome;
  Instant started;
  Instant ended;
};

struct DispatchResult {
  std::vector<RunStart> starts;          // launch these now
  std::vector<std::string> done;         // submissions complete: call Schedule::finished(id)
};

class Dispatcher {
 public:
  explicit Dispatcher(const std::vector<ExecutorConfig>& executors);

  void submit(Submission submission, Instant now, DispatchResult& out, std::vector<Event>& events);
  // Run `run_id` ended; its slot goes on with the submission's next run time, or takes the next one.
  void finished(std::uint64_t run_id, Instant now, DispatchResult& out, std::vector<Event>& events);

  // Shutdown: start nothing more; queued submissions and remaining run times are dropped.
  void drain();

  std::size_t running() const { return active_.size(); }
  const std::map<std::uint64_t, RunStart>& active() const { return starts_; }

 private:
  struct Pending {
    Submission submission;
    std::size_t next = 0;  // index of the next run time to start
  };
  struct Pool {
    ExecutorConfig config;
    std::deque<Pending> queue;
    int busy = 0;
  };

  bool start_next(Pool& pool, Pending& pending, Instant now, DispatchResult& out, std::vector<Event>& events);
  void pump(Pool& pool, Instant now, DispatchResult& out, std::vector<Event>& events);

  std::map<std::string, Pool> pools_;
  std::map<std::uint64_t, Pending> active_;    // run id → the submission it belongs to
  std::map<std::uint64_t, RunStart> starts_;   // run id → what was started
  std::uint64_t next_run_id_ = 1;
  bool draining_ = false;
};

}  // namespace schedtool
