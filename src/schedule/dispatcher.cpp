#include "schedule/dispatcher.h"

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
    const Duration late = now - scheduled;
    if (job.misfire_grace_time && late > *job.misfire_grace_time) {
      Event missed = make_event(EventKind::run_missed, now, job.id);
      missed.scheduled = scheduled;
      missed.late = late;
      missed.warning = true;
      events.push_back(std::move(missed));
      continue;
    }
    const std::uint64_t id = next_run_id_++;
    RunStart start{id, pending.submission.job, scheduled, pool.config.name, pool.config.kind};
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
}

void Dispatcher::submit(Submission submission, Instant now, DispatchResult& out, std::vector<Event>& events) {
  const auto it = pools_.find(submission.job->executor);
  Pool& pool = it != pools_.end() ? it->second : pools_.at("default");
  pool.queue.push_back({std::move(submission)});
  pump(pool, now, out, events);
}

void Dispatcher::finished(std::uint64_t run_id, Instant now, DispatchResult& out, std::vector<Event>& events) {
  const auto it = active_.find(run_id);
  if (it == active_.end()) return;
  Pending pending = std::move(it->second);
  active_.erase(it);
  const std::string executor = starts_.at(run_id).executor;
  starts_.erase(run_id);
  Pool& pool = pools_.at(executor);
  if (!start_next(pool, pending, now, out, events)) --pool.busy;  // the slot is free
  pump(pool, now, out, events);
}

}  // namespace schedtool
