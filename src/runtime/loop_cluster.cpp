// The loop's side of a shared job store (store/job_store.h's cluster contract): claiming due runs,
// and the heartbeat that renews this instance's lease, recovers lapsed members and notices fencing.
#include <algorithm>

#include <fmt/format.h>

#include "runtime/scheduler_loop.h"
#include "time/duration_text.h"
#include "time/time_text.h"

namespace schedtool {

// A shared store (a cluster): only the submissions this instance won start. A job whose fires
// another instance took follows the store's series; one paused there is paused here.
std::vector<Submission> SchedulerLoop::claim(std::vector<Submission> due, std::vector<Event>& events, Instant now) {
  if (due.empty()) return due;
  std::vector<ClaimRequest> requests;
  std::vector<Submission> won, asked;
  for (Submission& s : due) {
    if (s.extra) {  // run_on_start: this instance's own run, outside the series
      won.push_back(std::move(s));
      continue;
    }
    requests.push_back({s.job->id, s.run_times, schedule_.next_fire_time(s.job->id), s.job->max_instances});
    asked.push_back(std::move(s));
  }
  const std::vector<ClaimResult> results = state_.claim(requests, now);
  for (std::size_t i = 0; i < asked.size(); ++i) {
    const std::string& id = asked[i].job->id;
    const ClaimResult& r = results[i];
    if (r.kind == ClaimResult::Kind::won) {
      won.push_back(std::move(asked[i]));
      won.back().run_times = r.run_times;  // a backlog: only the fires nobody else had claimed
      continue;
    }
    schedule_.finished(id);  // it was counted as running when submitted
    if (r.kind == ClaimResult::Kind::paused) {
      schedule_.pause_job(id);  // another instance paused it; a heartbeat notices its resume
    } else if (r.kind == ClaimResult::Kind::skipped) {
      Event skipped = make_event(EventKind::run_skipped, now, id);
      skipped.scheduled = asked[i].run_times.front();
      skipped.limit = asked[i].job->max_instances;
      skipped.warning = true;
      events.push_back(std::move(skipped));
    } else if (r.stored_next && r.stored_next != schedule_.next_fire_time(id)) {
      schedule_.reposition(id, *r.stored_next, now);
    }
  }
  return won;
}

// Renews a shared store's lease. Fenced (this instance slept past its lease and another recovered
// it): the runs taken from it are killed, once, and it goes on as a new member. Runs recovered from
// lapsed members run again here where the job asks for it (rerun_interrupted).
void SchedulerLoop::heartbeat(Instant now) {
  next_heartbeat_ = now + state_.heartbeat_interval();
  const std::optional<Heartbeat> beat = state_.heartbeat(now);
  if (!beat) return;
  clock_offset_ = beat->clock_offset;
  const bool off = clock_offset_ > options_.max_clock_offset || -clock_offset_ > options_.max_clock_offset;
  if (off != clock_off_) {
    clock_off_ = off;
    const double seconds = static_cast<double>(std::chrono::abs(clock_offset_).count()) / 1e6;
    note(now, off ? fmt::format("This host's clock is {:.3f}s {} the database server's (max_clock_offset {}): runs "
                                "start by the server's clock", seconds, clock_offset_ > Duration{0} ? "ahead of" : "behind",
                                format_duration(options_.max_clock_offset))
                  : fmt::format("This host's clock is within max_clock_offset of the database server's again ({:.3f}s)", seconds),
         off);
  }
  if (beat->fenced) {
    std::size_t killed = 0;
    for (const auto& [run_id, run] : dispatcher_.active()) {
      if (std::find(beat->lost.begin(), beat->lost.end(), RunKey{run.job->id, run.scheduled}) == beat->lost.end()) continue;
      taken_runs_.insert(run_id);
      driver_.kill_run(run_id);
      ++killed;
    }
    note(now, fmt::format("This instance's lease lapsed and another instance recovered it: killed the {} run(s) "
                          "it took over; rejoined the cluster as epoch {}", killed, beat->epoch), true);
  }
  for (const auto& [id, next] : state_.resumed(schedule_.paused_ids(), now)) {
    std::size_t dropped = 0;
    if (schedule_.resume_job(id, now, dropped).kind == EventKind::job_removed) continue;
    if (next) schedule_.reposition(id, *next, now);
    note(now, "Job \"" + id + "\" was resumed by another instance");
  }
  for (const RunKey& k : beat->recovered) {
    const JobConfig* job = schedule_.job(k.job_id);
    const bool again = job && job->rerun_interrupted && !stopping_;
    note(now, fmt::format("Job \"{}\": its run of {} was cut off on an instance whose lease lapsed (interrupted){}",
                          k.job_id, format_local(k.scheduled, *zone_),
                          again ? "; it runs again now (rerun_interrupted)" : ""), true);
    if (again) schedule_.run_now(k.job_id, now);
  }
}

}  // namespace schedtool
