#pragma once
// Executors as pure bookkeeping: each has max_workers slots and a FIFO queue of submissions
// (APScheduler's executors, minus the threads). A slot runs a submission's run times one after
// another, and checks misfire_grace_time just before each starts — when a run is late because every
// slot was busy, that is when it is missed, as in APScheduler 3.
// The runtime turns each RunStart into a process and reports back with finished().
//
// Retries (schedule/retry.h): a failed attempt with attempts left frees its slot and waits,
// outside any queue, until retry_delay has passed; then it joins the front of its executor's
// queue for the same run time. Its submission is not done meanwhile, so the instance still
// counts against max_instances (with max_instances = 1 the job's next run is skipped until its
// retries are over, as it would be while the run itself went on). A retry is not checked
// against misfire_grace_time: it is late by design. Shutdown drops waiting retries (a store keeps them).
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
  int attempt = 1;       // 1 = the first; > 1 = a retry of the same run time
  int attempts = 1;      // the job's retries + 1
};

// A failed attempt that will be tried again at `due` (for the store and the log).
struct RetryPlan {
  JobPtr job;
  Instant scheduled;
  int attempt;  // the attempt that will run then
  Instant due;
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
  std::vector<RetryPlan> retries;        // failed attempts that wait for another
};

class Dispatcher {
 public:
  explicit Dispatcher(const std::vector<ExecutorConfig>& executors);

  void submit(Submission submission, Instant now, DispatchResult& out, std::vector<Event>& events);
  // Run `run_id` ended; its slot goes on with the submission's next run time, or takes the next one.
  // `failed` with attempts left: the run time waits for its retry instead (out.retries says when).
  void finished(std::uint64_t run_id, bool failed, Instant now, DispatchResult& out, std::vector<Event>& events);
  // Retries due at `now` join their executor's queue (and start when a slot is free).
  void start_due_retries(Instant now, DispatchResult& out, std::vector<Event>& events);
  // A retry a store kept across a restart: the submission's one run time, attempt `attempt`, at `due`.
  // The caller counts it as a running instance (Schedule::hold).
  void restore_retry(Submission submission, int attempt, Instant due);
  std::optional<Instant> next_retry() const;
  // A removed job's waiting retries are dropped: the run times they were for (to forget in a store).
  std::vector<Instant> drop_retries(const std::string& job_id);
  std::size_t waiting_retries() const { return retrying_.size(); }

  // Shutdown: start nothing more; queued submissions and remaining run times are dropped.
  void drain();

  std::size_t running() const { return active_.size(); }
  const std::map<std::uint64_t, RunStart>& active() const { return starts_; }

 private:
  struct Pending {
    Submission submission;
    std::size_t next = 0;  // index of the next run time to start
    int attempt = 1;       // the attempt that run time starts as
  };
  struct Pool {
    ExecutorConfig config;
    std::deque<Pending> queue;
    int busy = 0;
  };

  bool start_next(Pool& pool, Pending& pending, Instant now, DispatchResult& out, std::vector<Event>& events);
  void pump(Pool& pool, Instant now, DispatchResult& out, std::vector<Event>& events);
  Pool& pool_for(const JobConfig& job);

  std::map<std::string, Pool> pools_;
  std::map<std::uint64_t, Pending> active_;    // run id → the submission it belongs to
  std::map<std::uint64_t, RunStart> starts_;   // run id → what was started
  std::multimap<Instant, std::pair<std::string, Pending>> retrying_;  // due → (executor, the waiting submission)
  std::uint64_t next_run_id_ = 1;
  bool draining_ = false;
};

}  // namespace schedtool
