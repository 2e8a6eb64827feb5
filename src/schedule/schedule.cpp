#include "schedule/schedule.h"

#include <algorithm>

#include "schedule/job_text.h"

namespace schedtool {
namespace {

// A job down for a long time with coalesce off would otherwise list every missed second.
constexpr std::size_t kMaxRunTimesPerSubmission = 100'000;

}  // namespace

Schedule::Schedule(std::uint64_t jitter_seed) : rng_(jitter_seed) {}

std::optional<Instant> Schedule::jittered(const Entry& e, Instant fire, Instant) {
  if (e.job->jitter <= Duration::zero()) return fire;
  const auto next = e.job->trigger->next_fire_time(fire, fire);
  return apply_jitter(fire, e.job->jitter, next, e.job->end_date, rng_);
}

std::optional<Instant> Schedule::wake_time(const Entry& e) const {
  if (e.start_run && e.due) return std::min(*e.start_run, *e.due);
  return e.start_run ? e.start_run : e.due;
}

void Schedule::requeue(const std::string& id, Entry& e, std::optional<Instant> old_wake) {
  if (old_wake) queue_.erase({*old_wake, id});
  if (const auto wake = wake_time(e)) queue_.insert({*wake, id});
}

Event Schedule::add(JobPtr job, Instant now) {
  const auto first = job->paused ? std::nullopt : job->trigger->next_fire_time(std::nullopt, now);
  const bool paused = job->paused;
  return resume(std::move(job), first, now, paused);
}

Event Schedule::resume(JobPtr job, std::optional<Instant> next_fire, Instant now, bool paused) {
  const std::string id = job->id;
  Entry e;
  if (auto it = jobs_.find(id); it != jobs_.end()) {
    e.running = it->second.running;  // a replaced job's runs still count against max_instances
    remove(id);
  }
  e.job = std::move(job);
  e.paused = paused;
  if (paused) e.paused_next = e.job->trigger->next_fire_time(std::nullopt, now);
  if (!paused) {
    e.next_fire = next_fire;
    if (next_fire) e.due = jittered(e, *next_fire, now);
    if (e.job->run_on_start) e.start_run = now;
  }
  Entry& stored = jobs_.insert_or_assign(id, std::move(e)).first->second;
  requeue(id, stored, std::nullopt);
  Event added = make_event(EventKind::job_added, now, id);
  added.job_text = describe_job(*stored.job, stored.due);
  return added;
}

void Schedule::run_now(const std::string& id, Instant now) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  const auto old_wake = wake_time(it->second);
  it->second.start_run = now;
  requeue(id, it->second, old_wake);
}

bool Schedule::pause_job(const std::string& id) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second.paused) return false;
  Entry& e = it->second;
  const auto old_wake = wake_time(e);
  e.paused = true;
  e.paused_next = e.next_fire;
  e.next_fire.reset();
  e.due.reset();
  e.start_run.reset();
  requeue(id, e, old_wake);
  return true;
}

Event Schedule::resume_job(const std::string& id, Instant now, std::size_t& dropped) {
  Entry& e = jobs_.at(id);
  const Trigger& trigger = *e.job->trigger;
  dropped = 0;
  for (auto t = e.paused_next; t && *t < now && dropped < kMaxCountedDrops; t = trigger.next_fire_time(t, now))
    ++dropped;
  e.paused = false;
  e.next_fire = trigger.next_fire_time(std::nullopt, now);
  if (!e.next_fire) {
    jobs_.erase(id);
    return make_event(EventKind::job_removed, now, id);
  }
  e.due = jittered(e, *e.next_fire, now);
  requeue(id, e, std::nullopt);
  Event resumed = make_event(EventKind::job_added, now, id);
  resumed.job_text = describe_job(*e.job, e.due);
  return resumed;
}

void Schedule::reposition(const std::string& id, Instant next_fire, Instant now) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second.paused) return;
  Entry& e = it->second;
  const auto old_wake = wake_time(e);
  e.next_fire = next_fire;
  e.due = jittered(e, next_fire, now);
  requeue(id, e, old_wake);
}

std::vector<std::string> Schedule::paused_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, e] : jobs_)
    if (e.paused) ids.push_back(id);
  return ids;
}

bool Schedule::paused(const std::string& id) const {
  const auto it = jobs_.find(id);
  return it != jobs_.end() && it->second.paused;
}

int Schedule::running(const std::string& id) const {
  const auto it = jobs_.find(id);
  return it == jobs_.end() ? 0 : it->second.running;
}

std::optional<Submission> Schedule::run_once(const std::string& id, Instant now, std::vector<Event>& events) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  std::vector<Submission> out;
  if (!submit(it->second, {now}, now, out, events)) return std::nullopt;
  return std::move(out.front());
}

void Schedule::remove(const std::string& id) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  if (const auto wake = wake_time(it->second)) queue_.erase({*wake, id});
  jobs_.erase(it);
}

bool Schedule::submit(Entry& e, std::vector<Instant> run_times, Instant now, std::vector<Submission>& out,
                      std::vector<Event>& events) {
  if (e.running >= e.job->max_instances) {
    Event skipped = make_event(EventKind::run_skipped, now, e.job->id);
    skipped.scheduled = run_times.front();
    skipped.limit = e.job->max_instances;
    skipped.warning = true;
    events.push_back(std::move(skipped));
    return false;
  }
  ++e.running;
  out.push_back({e.job, std::move(run_times)});
  return true;
}

void Schedule::process(const std::string& id, Entry& e, Instant now, std::vector<Submission>& out,
                       std::vector<Event>& events) {
  if (e.start_run && *e.start_run <= now) {
    if (submit(e, {*e.start_run}, now, out, events)) out.back().extra = true;
    e.start_run.reset();
  }
  if (!e.due || *e.due > now) return;

  // APScheduler's _get_run_times: every fire time up to now, the first one as jittered.
  const Trigger& trigger = *e.job->trigger;
  std::vector<Instant> run_times{*e.due};
  std::optional<Instant> next = trigger.next_fire_time(e.next_fire, now);
  while (next && *next <= now) {
    if (run_times.size() < kMaxRunTimesPerSubmission) run_times.push_back(*next);
    next = trigger.next_fire_time(next, now);
  }
  if (e.job->coalesce && run_times.size() > 1) run_times.erase(run_times.begin(), run_times.end() - 1);
  submit(e, std::move(run_times), now, out, events);

  e.next_fire = next;
  e.due = next ? jittered(e, *next, now) : std::nullopt;
  if (!e.due && !e.start_run) events.push_back(make_event(EventKind::job_removed, now, id));
}

std::vector<Submission> Schedule::advance(Instant now, std::vector<Event>& events) {
  std::vector<Submission> out;
  while (!queue_.empty() && queue_.begin()->first <= now) {
    const std::string id = queue_.begin()->second;
    queue_.erase(queue_.begin());
    Entry& e = jobs_.at(id);
    process(id, e, now, out, events);
    if (wake_time(e))
      requeue(id, e, std::nullopt);
    else if (!e.paused)
      jobs_.erase(id);  // its trigger is done: removed, as APScheduler removes it from the store
  }
  return out;
}

void Schedule::hold(const std::string& id) {
  if (const auto it = jobs_.find(id); it != jobs_.end()) ++it->second.running;
}

void Schedule::finished(const std::string& id) {
  if (const auto it = jobs_.find(id); it != jobs_.end() && it->second.running > 0) --it->second.running;
}

std::optional<Instant> Schedule::next_wakeup() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.begin()->first;
}

std::optional<Instant> Schedule::next_run_time(const std::string& id) const {
  const auto it = jobs_.find(id);
  return it == jobs_.end() ? std::nullopt : it->second.due;
}

std::optional<Instant> Schedule::next_fire_time(const std::string& id) const {
  const auto it = jobs_.find(id);
  return it == jobs_.end() ? std::nullopt : it->second.next_fire;
}

JobPtr Schedule::job_ptr(const std::string& id) const {
  const auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : it->second.job;
}

const JobConfig* Schedule::job(const std::string& id) const {
  const auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : it->second.job.get();
}

std::string Schedule::fingerprint(const std::string& id) const {
  const JobConfig* j = job(id);
  return j ? j->fingerprint : std::string();
}

std::vector<ScheduledJob> Schedule::listing() const {
  std::vector<ScheduledJob> out;
  out.reserve(jobs_.size());
  for (const auto& [id, e] : jobs_) out.push_back({e.job.get(), e.due, e.paused});
  sort_for_listing(out);
  return out;
}

}  // namespace schedtool
