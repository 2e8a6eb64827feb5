#pragma once
// The pure heart of the blocking scheduler: which jobs are due at `now`, with what run times, and
// when to wake next — APScheduler 3's _process_jobs, made exact. No clock, no processes, no threads:
// `now` is a parameter, and a test can drive a week of schedule in microseconds.
//
//   due run times   every fire time of the job's trigger that is <= now since its next run time;
//   coalesce        only the latest of them is run;
//   max_instances   a job already running that many times gets no new run: the run is skipped
//                   and a warning is logged (APScheduler 3's MaxInstancesReachedError);
//   jitter          each run is delayed by a random 0..jitter; the series is not moved;
//   end of series   a job whose trigger has no next fire time is removed (a date job after its run);
//   run_on_start    one extra run at the moment the job is added.
// misfire_grace_time is checked when a run actually starts (schedule/dispatcher.h), as APScheduler does.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "schedule/events.h"
#include "schedule/first_run.h"
#include "trigger/jitter.h"

namespace schedtool {

using JobPtr = std::shared_ptr<const JobConfig>;

// A job's due run times, handed to its executor in one piece (APScheduler's submit_job).
struct Submission {
  JobPtr job;
  std::vector<Instant> run_times;
  bool extra = false;  // outside the series (run_on_start): a shared store has nothing to claim
};

class Schedule {
 public:
  explicit Schedule(std::uint64_t jitter_seed = 0);

  // Adds a job and computes its first run time (as APScheduler's add_job on a running scheduler).
  Event add(JobPtr job, Instant now);
  // Adds a job whose state was stored by an earlier run: it continues from `next_fire` (its series
  // position; nullopt = the series had ended), which may lie in the past — then it is due at once
  // and its missed run times go through coalesce and misfire_grace_time like any late run.
  // `paused` (the stored state) wins over the job's own `paused` flag.
  Event resume(JobPtr job, std::optional<Instant> next_fire, Instant now, bool paused);
  // One extra run of the job at `now` (like run_on_start), outside its series.
  void run_now(const std::string& id, Instant now);

  // Runtime control (APScheduler's pause_job / resume_job). A paused job stays in the schedule
  // with no next run time. Resuming computes the next run from `now`, as APScheduler does: the
  // runs that fell due while it was paused are dropped, and `dropped` counts them (at most
  // kMaxCountedDrops; more is reported as that). A job whose series ended meanwhile is removed:
  // resume_job then returns a job_removed event instead of job_added.
  static constexpr std::size_t kMaxCountedDrops = 10'000;
  bool pause_job(const std::string& id);  // false: it was paused already
  Event resume_job(const std::string& id, Instant now, std::size_t& dropped);
  bool paused(const std::string& id) const;
  std::vector<std::string> paused_ids() const;
  int running(const std::string& id) const;  // instances submitted and not finished
  // One run now, outside the series and pause (ctl run): a submission, or nullopt and a
  // run_skipped event when max_instances is reached.
  std::optional<Submission> run_once(const std::string& id, Instant now, std::vector<Event>& events);
  // A shared job store said where the job's series stands (another instance ran its fires): the
  // next fire is `next_fire`. Paused jobs and unknown ids are left alone.
  void reposition(const std::string& id, Instant next_fire, Instant now);
  // Removes a job; its running instances are not affected.
  void remove(const std::string& id);
  bool contains(const std::string& id) const { return jobs_.count(id) != 0; }
  std::size_t size() const { return jobs_.size(); }  // jobs in the schedule, paused ones included

  // Everything due at `now`: submissions, plus skipped and removed events.
  std::vector<Submission> advance(Instant now, std::vector<Event>& events);
  // A submission of `id` has finished (all its run times): one running instance less.
  void finished(const std::string& id);
  // One running instance more, for a submission made outside advance(): a retry a store kept
  // across a restart (schedule/dispatcher.h). finished() ends it as any other.
  void hold(const std::string& id);

  std::optional<Instant> next_wakeup() const;
  std::vector<ScheduledJob> listing() const;  // print_jobs order
  std::optional<Instant> next_run_time(const std::string& id) const;   // when it runs (jittered)
  std::optional<Instant> next_fire_time(const std::string& id) const;  // its series position
  const JobConfig* job(const std::string& id) const;
  JobPtr job_ptr(const std::string& id) const;  // nullptr when there is no such job
  // The job's fingerprint, "" when there is no such job.
  std::string fingerprint(const std::string& id) const;

 private:
  struct Entry {
    JobPtr job;
    std::optional<Instant> next_fire;  // position in the trigger's series (unjittered)
    std::optional<Instant> due;        // when to run it (jittered), nullopt = paused or finished
    std::optional<Instant> start_run;  // run_on_start, not yet done
    int running = 0;
    bool paused = false;
    std::optional<Instant> paused_next;  // while paused: the first fire time not run (for counting drops)
  };

  std::optional<Instant> wake_time(const Entry& e) const;
  void requeue(const std::string& id, Entry& e, std::optional<Instant> old_wake);
  std::optional<Instant> jittered(const Entry& e, Instant fire, Instant now);
  void process(const std::string& id, Entry& e, Instant now, std::vector<Submission>& out,
               std::vector<Event>& events);
  bool submit(Entry& e, std::vector<Instant> run_times, Instant now, std::vector<Submission>& out,
              std::vector<Event>& events);

  std::map<std::string, Entry> jobs_;
  std::set<std::pair<Instant, std::string>> queue_;  // (wake time, id): O(log n) per fire
  JitterRng rng_;
};

}  // namespace schedtool
