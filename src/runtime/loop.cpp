#include "runtime/loop.h"

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "events/event_json.h"
#include "output/print_jobs.h"
#include "runtime/scheduler_loop.h"
#include "schedule/job_text.h"
#include "time/duration_text.h"
#include "time/time_text.h"

namespace schedtool {

SchedulerLoop::SchedulerLoop(const Config& config, Driver& driver, EventSink& sink, const LoopOptions& options)
    : schedule_(options.jitter_seed), dispatcher_(config.executors), driver_(driver), sink_(sink),
      options_(options), executors_(config.executors), state_(options.store, options.output_limit, sink),
      service_(options.service) {}

LoopResult SchedulerLoop::run(Config& config) {
  zone_ = config.zone;
  base_.path = config.path;
  base_.zone = config.zone;
  base_.job_defaults = config.job_defaults;
  base_.executors = config.executors;
  started_ = driver_.now();
  restore(config, started_);
  if (options_.start_paused) {
    paused_ = true;
    note(started_, "Scheduler started paused (--paused): no job starts until `schedtool ctl resume-all`");
  }
  if (const Duration every = state_.heartbeat_interval(); every > Duration{0}) next_heartbeat_ = started_ + every;
  sink_.event(make_event(EventKind::scheduler_started, started_));
  service_.ready(started_, service_status(started_));  // the control socket listens already
  Instant last_seen = started_;
  while (!stopping_ || dispatcher_.running() > 0) {
    const Instant now = driver_.now();
    if (now + std::chrono::seconds{1} < last_seen) clock_went_back(last_seen, now);
    last_seen = now;
    if (next_heartbeat_ && now >= *next_heartbeat_) heartbeat(now);  // also while stopping: runs still go
    if (!stopping_ && !paused_) process_due(now);
    if (options_.until && now >= *options_.until && !stopping_) finish_and_stop(now);
    if (stopping_ && now >= stop_deadline_ && dispatcher_.running() > 0) escalate(now);
    if (stopping_ && dispatcher_.running() == 0) break;
    if (!stopping_) log_wakeup(now);
    service_.tick(now, [&] { return service_status(now); });  // the watchdog sees this loop turn
    const Wakeup wake = driver_.wait(service_.deadline(deadline()));
    sink_.tick(driver_.now());
    for (const std::string& notice : wake.notices) note(driver_.now(), notice, true);
    for (const RunOutput& line : wake.output) {
      sink_.output(line);
      state_.output(line);
    }
    for (const Completion& c : wake.completions) complete(c);
    for (const Signal s : wake.signals) handle(s);
    for (const ControlLine& request : wake.requests) driver_.reply(request.client, control(request.text));
  }
  summarize(driver_.now());
  sink_.event(make_event(EventKind::scheduler_shutdown, driver_.now()));
  return {killed_ ? 1 : 0, completed_, counts_};
}

void SchedulerLoop::add(JobPtr job, Instant now) {
  const std::string id = job->id;
  fingerprints_[id] = job->fingerprint;
  sink_.event(schedule_.add(std::move(job), now));
  persist(id, now);
}

// Jobs from the file; those the store knows with an unchanged definition continue where the
// last run of schedtool left them, paused or not. Stored jobs no longer in the file are forgotten.
// The jobs are moved out of `config`: with 100,000 of them one copy is plenty.
void SchedulerLoop::restore(Config& config, Instant now) {
  std::vector<std::string> interrupted;
  std::map<std::string, StoredJob> stored = state_.load(now, interrupted);
  const std::vector<StoredRetry> retries = state_.load_retries(now);
  const auto retry_pending = [&](const std::string& id) {
    return std::any_of(retries.begin(), retries.end(), [&](const StoredRetry& r) { return r.job_id == id; });
  };
  state_.save_setting("timezone", zone_->name(), now);
  for (const StoredDefinition& d : state_.definitions(now)) runtime_.emplace(d.id, RuntimeJob{d.id, d.definition, d.base_fingerprint, d.changed_at});
  merge_runtime(config, now);
  batch_.emplace();
  const auto was_interrupted = [&](const std::string& id) {
    return std::find(interrupted.begin(), interrupted.end(), id) != interrupted.end();
  };
  for (JobConfig& job : config.jobs) {
    auto it = stored.find(job.id);
    fingerprints_[job.id] = job.fingerprint;
    if (it == stored.end() || it->second.fingerprint != job.fingerprint) {
      add(std::make_shared<const JobConfig>(std::move(job)), now);
    } else if (it->second.next_run || it->second.paused || (job.rerun_interrupted && was_interrupted(job.id)) ||
               retry_pending(job.id)) {
      restored_unchanged_.insert(job.id);
      sink_.event(schedule_.resume(std::make_shared<const JobConfig>(std::move(job)), it->second.next_run, now,
                                   it->second.paused));
    } else {
      note(now, "Job \"" + job.id + "\" has no run left: its series ended before the restart");
    }
    if (it != stored.end()) stored.erase(it);
  }
  config.jobs.clear();
  config.jobs.shrink_to_fit();
  state_.save_all(*batch_, now);
  batch_.reset();
  for (const std::string& id : interrupted) {
    const JobConfig* job = schedule_.job(id);
    if (!job || !job->rerun_interrupted) continue;
    schedule_.run_now(id, now);
    note(now, "Job \"" + id + "\" runs again now: its last run was cut off when schedtool stopped (rerun_interrupted)");
  }
  for (const auto& [id, job] : stored) {
    if (state_.shared()) continue;  // another instance's file may define it
    state_.forget(id, now);
    note(now, "Removed job " + id + " from the state file: it is no longer in " + config.path);
  }
  restore_retries(retries, now);
}

// Stores where a job's series stands, and whether it is paused; called before any of its runs is launched.
void SchedulerLoop::persist(const std::string& id, Instant now) {
  StoredJob job;
  job.fingerprint = fingerprints_[id];
  job.next_run = schedule_.next_fire_time(id);
  job.paused = schedule_.paused(id);
  if (batch_) {
    batch_->emplace_back(id, std::move(job));
    return;
  }
  state_.save(id, job, now);
}

// APScheduler's DEBUG line before it sleeps.
void SchedulerLoop::log_wakeup(Instant now) {
  Event e = make_event(EventKind::note, now);
  e.debug = true;
  if (!sink_.shows(e)) return;
  if (paused_) {
    e.message = "Scheduler is paused; waiting until it is resumed";
  } else if (const auto next = schedule_.next_wakeup()) {
    const Instant at = options_.until ? std::min(*next, *options_.until) : *next;
    e.message = fmt::format("Next wakeup is due at {} (in {:.6f} seconds)", format_local(at, *zone_),
                            static_cast<double>(std::max(Duration{0}, at - now).count()) / 1e6);
  } else {
    e.message = "No jobs; waiting until a job is added";
  }
  sink_.event(e);
}

// Runs already done stay done: every job's series is where it was, so nothing repeats, and the
// next runs wait until the clock reaches their times again. (Forward jumps need no special case:
// the skipped runs are late, and coalesce / misfire_grace_time decide, as after a suspend.)
void SchedulerLoop::clock_went_back(Instant from, Instant now) {
  note(now, fmt::format("The wall clock went back from {} to {}: runs already done are not repeated, the next ones "
                        "wait until their times come again", format_local(from, *zone_), format_local(now, *zone_)),
       true);
}

void SchedulerLoop::note(Instant now, std::string message, bool warning) {
  Event e = make_event(EventKind::note, now);
  e.message = std::move(message);
  e.warning = warning;
  sink_.event(e);
}

// A deadline to sleep to: the next due job (none while paused), the --until bound, or the shutdown
// grace; and a shared store's heartbeat.
std::optional<Instant> SchedulerLoop::deadline() const {
  std::optional<Instant> next = next_deadline();
  if (next_heartbeat_ && (!next || *next_heartbeat_ < *next)) next = next_heartbeat_;
  return next;
}

std::optional<Instant> SchedulerLoop::next_deadline() const {
  if (stopping_) return force_sent_ ? std::nullopt : std::optional<Instant>(stop_deadline_);
  std::optional<Instant> next = paused_ ? std::nullopt : schedule_.next_wakeup();
  if (const auto retry = dispatcher_.next_retry(); retry && !paused_ && (!next || *retry < *next)) next = retry;
  if (next) *next += clock_offset_;  // the schedule runs on the shared store's clock
  if (options_.until && (!next || *options_.until < *next)) next = options_.until;
  return next;
}

// Runs due at `now`; a run due exactly at --until still starts. With a shared store, due-ness and
// lateness are judged by the database server's clock (this host's, corrected by the measured offset).
void SchedulerLoop::process_due(Instant local_now) {
  const Instant now = local_now - clock_offset_;
  const Instant horizon = options_.until ? std::min(now, *options_.until) : now;
  std::vector<Event> events;
  std::vector<Submission> due = schedule_.advance(horizon, events);
  if (state_.shared())
    due = claim(std::move(due), events, now);  // the claim stores the series position
  else
    for (const Submission& s : due) persist(s.job->id, now);  // before anything is launched
  for (const Event& e : events)
    if (e.kind == EventKind::job_removed) persist(e.job_id, now);
  dispatch(std::move(due), events, now);
}

std::size_t SchedulerLoop::dispatch(std::vector<Submission> due, std::vector<Event>& events, Instant now) {
  DispatchResult result;
  dispatcher_.start_due_retries(now, result, events);  // older than anything due now
  for (Submission& s : due) dispatcher_.submit(std::move(s), now, result, events);
  emit(events);
  apply(result, now);
  return result.starts.size();
}

void SchedulerLoop::apply(const DispatchResult& result, Instant now) {
  for (const std::string& id : result.done) schedule_.finished(id);
  for (const RunStart& run : result.starts) {
    Event started = make_event(EventKind::run_started, now, run.job->id);
    started.scheduled = run.scheduled;
    started.attempt = run.attempt;
    started.attempts = run.attempts;
    emit_one(started, *run.job);
    if (run.attempt > 1) state_.forget_retry(run.job->id, run.scheduled, now);  // it is a run now
    state_.run_started(run, now);
    driver_.start(run);
  }
}

void SchedulerLoop::complete(const Completion& c) {
  const auto& active = dispatcher_.active();
  const auto it = active.find(c.run_id);
  if (it == active.end()) return;
  const RunStart run = it->second;
  const bool taken = taken_runs_.erase(c.run_id) > 0;  // another instance recovered it: not a failure here
  const bool stopped = taken || (!c.outcome.ok() && terminate_sent_ && c.outcome.signal && !c.outcome.timed_out);
  std::string tail;  // for listeners: the end of what the run wrote
  if (const RunRecord* record = state_.running(c.run_id); record && sink_.wants_output_tail())
    tail = record->output.substr(record->output.size() - std::min(record->output.size(), kOutputTailBytes));
  state_.run_ended(c, driver_.now());
  ++completed_;

  const Instant now = driver_.now();
  // Before the dispatcher hands out the run queued behind this one: the Nth end stops the queue;
  // once this run is off the books, the others still running are asked to stop.
  const bool last_run = options_.max_runs && completed_ >= *options_.max_runs && !stopping_;
  if (last_run) stop_scheduling(now);
  std::vector<Event> events;
  DispatchResult result;
  dispatcher_.finished(c.run_id, !c.outcome.ok() && !stopped, now, result, events);  // our shutdown's kill is no failure
  if (c.outcome.ok()) ++counts_.ok;
  else if (stopped) ++counts_.stopped;
  else if (result.retries.empty()) ++counts_.failed;
  else ++counts_.retried;
  report_end(run, c, result.retries.empty(), std::move(tail));
  report_retries(result.retries, now);
  emit(events);
  apply(result, now);  // while stopping the dispatcher is drained: nothing new starts
  if (last_run) finish_and_stop(now);
}

void SchedulerLoop::handle(Signal s) {
  const Instant now = driver_.now();
  switch (s) {
    case Signal::stop:
      if (stopping_ && terminate_sent_) return force_kill();
      return begin_stop(now);
    case Signal::reload: reload(now); return;
    case Signal::print_jobs: return sink_.listing(schedule_.listing());
  }
}

// A signal stops at once: nothing new starts, running jobs get SIGTERM now and SIGKILL once
// shutdown_timeout has passed (the loop's deadline).
void SchedulerLoop::begin_stop(Instant now) {
  stop_scheduling(now);
  terminate_running(now);
}

// --for, --until, --max-runs: nothing new starts, and running jobs get shutdown_timeout to finish
// by themselves; then the same SIGTERM → shutdown_timeout → SIGKILL as a signal (escalate).
void SchedulerLoop::finish_and_stop(Instant now) {
  stop_scheduling(now);
  if (const std::size_t n = dispatcher_.running())
    note(now, fmt::format("Stopping: waiting up to {} for {} running job{} to finish",
                          format_duration(options_.shutdown_timeout), n, n == 1 ? "" : "s"));
}

void SchedulerLoop::stop_scheduling(Instant now) {
  if (stopping_) return;
  stopping_ = true;
  service_.stopping();
  stop_deadline_ = now + options_.shutdown_timeout;
  dispatcher_.drain();
}

void SchedulerLoop::terminate_running(Instant now) {
  if (dispatcher_.running() == 0 || terminate_sent_) return;
  terminate_sent_ = true;
  stop_deadline_ = now + options_.shutdown_timeout;
  const std::size_t n = dispatcher_.running();
  note(now, fmt::format("Stopping: sent SIGTERM to {} running job{}; SIGKILL in {} if still running", n,
                        n == 1 ? "" : "s", format_duration(options_.shutdown_timeout)));
  driver_.terminate_all(false);
}

// The stop deadline passed with jobs still running: the next step of the sequence.
void SchedulerLoop::escalate(Instant now) {
  if (!terminate_sent_) return terminate_running(now);
  if (!force_sent_) force_kill();
}

void SchedulerLoop::force_kill() {
  force_sent_ = true;
  killed_ = true;
  note(driver_.now(),
       "Killing " + std::to_string(dispatcher_.running()) + " job(s) that did not stop in time (SIGKILL)", true);
  driver_.terminate_all(true);
}

// The service manager sees the reload bracketed, whatever its outcome.
ReloadResult SchedulerLoop::reload(Instant now) {
  service_.reloading();
  ReloadResult result = reload_file(now);
  const Instant after = driver_.now();
  service_.reloaded(after, service_status(after));
  return result;
}

// SIGHUP or `ctl reload`: unchanged jobs keep their state; changed ones start afresh; removed ones go.
ReloadResult SchedulerLoop::reload_file(Instant now) {
  if (!options_.reload) return {std::nullopt, {"this scheduler cannot reload"}};
  ReloadResult fresh = options_.reload();
  if (!fresh.config) {
    note(now, "Reload failed: keeping the current schedule", true);
    return fresh;
  }
  base_.zone = fresh.config->zone;  // what run-time jobs inherit follows the file (executors: at restart)
  base_.job_defaults = fresh.config->job_defaults;
  merge_runtime(*fresh.config, now);
  std::map<std::string, const JobConfig*> wanted;
  for (const JobConfig& job : fresh.config->jobs) wanted[job.id] = &job;
  for (const ScheduledJob& s : schedule_.listing()) {
    if (wanted.count(s.job->id)) continue;
    const std::string id = s.job->id;
    schedule_.remove(id);
    state_.forget(id, now);
    for (const Instant scheduled : dispatcher_.drop_retries(id)) state_.forget_retry(id, scheduled, now);
    sink_.event(make_event(EventKind::job_removed, now, id));
  }
  std::size_t changed = 0;
  for (JobConfig& job : fresh.config->jobs) {
    if (schedule_.fingerprint(job.id) == job.fingerprint) continue;
    add(std::make_shared<const JobConfig>(std::move(job)), now);
    ++changed;
  }
  std::string message = "Reloaded " + fresh.config->path + ": " + std::to_string(changed) + " job(s) added or changed";
  if (fresh.config->executors.size() != executors_.size()) message += " (executor changes take effect on restart)";
  note(now, message);
  return fresh;
}

void SchedulerLoop::emit(const std::vector<Event>& events) {
  for (Event e : events) {
    count(e);
    if (!sink_.shows(e)) continue;
    if (e.job_text.empty()) {
      if (const JobConfig* job = schedule_.job(e.job_id)) e.job_text = describe_job(*job, schedule_.next_run_time(e.job_id));
    }
    sink_.event(e);
  }
}

void SchedulerLoop::emit_one(Event& e, const JobConfig& job) {
  if (!sink_.shows(e)) return;
  e.job_text = describe_job(job, schedule_.next_run_time(job.id));
  sink_.event(e);
}

void SchedulerLoop::count(const Event& e) {
  if (e.kind == EventKind::run_missed) {
    ++counts_.missed;
    if (e.scheduled) state_.run_missed(e.job_id, *e.scheduled, driver_.now());  // a shared store's row for the fire says so
  }
  if (e.kind == EventKind::run_skipped) ++counts_.skipped;
}

// The last word before "Scheduler has been shut down": what a CI log reader looks for.
void SchedulerLoop::summarize(Instant now) {
  Event e = make_event(EventKind::summary, now);
  e.counts = counts_;
  e.warning = counts_.failed > 0 || counts_.missed > 0;
  sink_.event(e);
}

LoopResult run_scheduler(Config config, Driver& driver, EventSink& sink, const LoopOptions& options) {
  SchedulerLoop loop(config, driver, sink, options);
  return loop.run(config);
}

}  // namespace schedtool
