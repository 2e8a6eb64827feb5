// The loop's side of retries (schedule/retry.h, schedule/dispatcher.h): how a run's end and a
// planned retry are told, and how a store's pending retries come back after a restart.
#include "runtime/scheduler_loop.h"

namespace schedtool {

// run_succeeded / run_failed; `final`: no retry follows this attempt.
void SchedulerLoop::report_end(const RunStart& run, const Completion& c, bool final, std::string output_tail) {
  Event ended = make_event(c.outcome.ok() ? EventKind::run_succeeded : EventKind::run_failed, c.ended, run.job->id);
  ended.scheduled = run.scheduled;
  ended.outcome = c.outcome;
  ended.duration = c.ended - c.started;
  ended.attempt = run.attempt;
  ended.attempts = run.attempts;
  ended.final = final;
  ended.output_tail = std::move(output_tail);
  if (c.outcome.timed_out && run.job->timeout) ended.timeout = *run.job->timeout;
  emit_one(ended, *run.job);
}

// Each planned retry is logged and stored before the loop sleeps: a restart meanwhile keeps it.
void SchedulerLoop::report_retries(const std::vector<RetryPlan>& retries, Instant now) {
  for (const RetryPlan& plan : retries) {
    state_.save_retry({plan.job->id, plan.scheduled, plan.attempt, plan.due}, now);
    Event e = make_event(EventKind::run_retry, now, plan.job->id);
    e.scheduled = plan.scheduled;
    e.attempt = plan.attempt;
    e.attempts = plan.job->retry.attempts();
    e.retry_at = plan.due;
    emit_one(e, *plan.job);
  }
}

// A stored retry of a job that is back unchanged waits for its time again (at once when that has
// passed); one of a job that changed or left the file is dropped, as the job's state is.
// (A date job whose one run waits for a retry is kept in the schedule for it, with no next run.)
void SchedulerLoop::restore_retries(const std::vector<StoredRetry>& retries, Instant now) {
  for (const StoredRetry& retry : retries) {
    const JobConfig* job = schedule_.job(retry.job_id);
    const bool same = job && restored_unchanged_.count(retry.job_id) != 0;
    if (!same || retry.attempt > job->retry.attempts()) {
      state_.forget_retry(retry.job_id, retry.scheduled, now);
      continue;
    }
    Submission submission{schedule_.job_ptr(retry.job_id), {retry.scheduled}};
    schedule_.hold(retry.job_id);
    dispatcher_.restore_retry(std::move(submission), retry.attempt, retry.due);
    note(now, "Job \"" + retry.job_id + "\" has a retry pending from before the restart (attempt " +
                  std::to_string(retry.attempt) + "/" + std::to_string(job->retry.attempts()) + ")");
  }
}

}  // namespace schedtool
