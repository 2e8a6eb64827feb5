#include "schedule/dispatcher.h"

#include <utility>

#include "schedule/retry.h"

namespace schedtool {

Dispatcher::Dispatcher(const std::vector<ExecutorConfig>& executors) {
  for (const ExecutorConfig& e : executors) pools_[e.name].config = e;
}

// Starts the first run time of `pending` still within its grace time; the late ones are missed.
// False when none is left: the submission is complete.
bool Dispatcher::start_next(Pool& pool, Pending& pending, Instant now, DispatchResult& out,
                            std::vector<Event>& events) {
  const JobConfig& job = *pending.submission.job;
  const auto& run_times = pending.submission.run_times;
  while (!draining_ && pending.next < run_times.size()) {
    const Instant scheduled = run_times[pending.next++];
    const int attempt = std::exchange(pending.attempt, 1);
    const Duration late = now - scheduled;
    if (attempt == 1 && job.misfire_grace_time && late > *job.misfire_grace_time) {
      Event missed = make_event(EventKind::run_missed, now, job.id);
      missed.scheduled = scheduled;
      missed.late = late;
      missed.warning = true;
      events.push_back(std::move(missed));
      continue;
    }
    const std::uint64_t id = next_run_id_++;
    RunStart start{id, pending.submission.job, scheduled, pool.config.name, pool.config.kind, attempt,
                   job.retry.attempts()};
    starts_.emplace(id, start);
    out.starts.push_back(std::move(start));
    active_.emplace(id, std::move(pending));
    return true;
  }
  out.done.push_back(job.id);
  return false;
}

void Dispatcher::pump(Pool& pool, Instant now, DispatchResult& out, std::vector<Event>& events) {
  while (pool.busy < pool.config.max_workers && !pool.queue.empty()) {
    Pending pending = std::move(pool.queue.front());
    pool.queue.pop_front();
    if (start_next(pool, pending, now, out, events)) ++pool.busy;
  }
}

void Dispatcher::drain() {
  draining_ = true;
  for (auto& [name, pool] : pools_) pool.queue.clear();
  retrying_.clear();
}

Dispatcher::Pool& Dispatcher::pool_for(const JobConfig& job) {
  const auto it = pools_.find(job.executor);
  return it != pools_.end() ? it->second : pools_.at("default");
}

void Dispatcher::submit(Submission submission, Instant now, DispatchResult& out, std::vector<Event>& events) {
  Pool& pool = pool_for(*submission.job);
  pool.queue.push_back({std::move(submission)});
  pump(pool, now, out, events);
}

void Dispatcher::finished(std::uint64_t run_id, bool failed, Instant now, DispatchResult& out,
                          std::vector<Event>& events) {
  const auto it = active_.find(run_id);
  if (it == active_.end()) return;
  Pending pending = std::move(it->second);
  active_.erase(it);
  const RunStart run = std::move(starts_.at(run_id));
  starts_.erase(run_id);
  Pool& pool = pools_.at(run.executor);
  if (failed && !draining_ && retries_left(run.job->retry, run.attempt)) {
    --pending.next;  // the same run time again
    pending.attempt = run.attempt + 1;
    const Instant due = now + retry_delay(run.job->retry, run.attempt);
    out.retries.push_back({run.job, run.scheduled, pending.attempt, due});
    retrying_.emplace(due, std::make_pair(run.executor, std::move(pending)));
    --pool.busy;  // a waiting retry holds no slot
  } else if (!start_next(pool, pending, now, out, events)) {
    --pool.busy;  // the slot is free
  }
  pump(pool, now, out, events);
}

void Dispatcher::start_due_retries(Instant now, DispatchResult& out, std::vector<Event>& events) {
  std::vector<std::string> touched;
  while (!draining_ && !retrying_.empty() && retrying_.begin()->first <= now) {
    auto node = retrying_.extract(retrying_.begin());
    auto& [executor, pending] = node.mapped();
    pools_.at(executor).queue.push_front(std::move(pending));  // older work than anything queued
    touched.push_back(executor);
  }
  for (const std::string& executor : touched) pump(pools_.at(executor), now, out, events);
}

void Dispatcher::restore_retry(Submission submission, int attempt, Instant due) {
  const std::string executor = pool_for(*submission.job).config.name;
  retrying_.emplace(due, std::make_pair(executor, Pending{std::move(submission), 0, attempt}));
}

std::vector<Instant> Dispatcher::drop_retries(const std::string& job_id) {
  std::vector<Instant> dropped;
  for (auto it = retrying_.begin(); it != retrying_.end();) {
    const Pending& pending = it->second.second;
    if (pending.submission.job->id != job_id) {
      ++it;
      continue;
    }
    dropped.push_back(pending.submission.run_times.at(pending.next));
    it = retrying_.erase(it);
  }
  return dropped;
}

std::optional<Instant> Dispatcher::next_retry() const {
  if (draining_ || retrying_.empty()) return std::nullopt;
  return retrying_.begin()->first;
}

}  // namespace schedtool
