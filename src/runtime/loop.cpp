#include "runtime/loop.h"

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "output/print_jobs.h"
#include "time/time_text.h"
#include "schedule/job_text.h"
#include "runtime/state_keeper.h"
#include "schedule/schedule.h"

namespace schedtool {
namespace {

class SchedulerLoop {
 public:
  SchedulerLoop(const Config& config, Driver& driver, EventSink& sink, const LoopOptions& options)
      : schedule_(options.jitter_seed), dispatcher_(config.executors), driver_(driver), sink_(sink),
        options_(options), executors_(config.executors), state_(options.store, options.output_limit, sink) {}

  LoopResult run(const Config& config) {
    zone_ = config.zone;
    const Instant start = driver_.now();
    restore(config, start);
    sink_.event(make_event(EventKind::scheduler_started, start));
    while (!stopping_ || dispatcher_.running() > 0) {
      const Instant now = driver_.now();
      if (!stopping_) process_due(now);
      if (stopping_ && now >= stop_deadline_ && dispatcher_.running() > 0 && !force_sent_) force_kill();
      if (stopping_ && dispatcher_.running() == 0) break;
      if (!stopping_) log_wakeup(now);
      const Wakeup wake = driver_.wait(deadline());
      for (const RunOutput& line : wake.output) {
        sink_.output(line);
        state_.output(line);
      }
      for (const Completion& c : wake.completions) complete(c);
      for (const Signal s : wake.signals) handle(s);
    }
    sink_.event(make_event(EventKind::scheduler_shutdown, driver_.now()));
    return {killed_ ? 1 : 0, completed_};
  }

 private:
  void add(JobPtr job, Instant now) {
    const std::string id = job->id;
    fingerprints_[id] = job->fingerprint;
    sink_.event(schedule_.add(std::move(job), now));
    persist(id, now);
  }

  // Jobs from the file; those the store knows with an unchanged definition continue where the
  // last run of schedtool left them. Stored jobs no longer in the file are forgotten.
  void restore(const Config& config, Instant now) {
    std::vector<std::string> interrupted;
    std::map<std::string, StoredJob> stored = state_.load(now, interrupted);
    const auto was_interrupted = [&](const std::string& id) {
      return std::find(interrupted.begin(), interrupted.end(), id) != interrupted.end();
    };
    for (const JobConfig& job : config.jobs) {
      auto it = stored.find(job.id);
      fingerprints_[job.id] = job.fingerprint;
      if (it == stored.end() || it->second.fingerprint != job.fingerprint) {
        add(std::make_shared<const JobConfig>(job), now);
      } else if (it->second.next_run || job.paused || (job.rerun_interrupted && was_interrupted(job.id))) {
        sink_.event(schedule_.resume(std::make_shared<const JobConfig>(job), it->second.next_run, now));
      } else {
        note(now, "Job \"" + job.id + "\" has no run left: its series ended before the restart");
      }
      if (it != stored.end()) stored.erase(it);
    }
    for (const std::string& id : interrupted) {
      const JobConfig* job = schedule_.job(id);
      if (!job || !job->rerun_interrupted) continue;
      schedule_.run_now(id, now);
      note(now, "Job \"" + id + "\" runs again now: its last run was cut off when schedtool stopped (rerun_interrupted)");
    }
    for (const auto& [id, job] : stored) {
      state_.forget(id, now);
      note(now, "Removed job " + id + " from the state file: it is no longer in " + config.path);
    }
  }

  // Stores where a job's series stands; called before any of its runs is launched.
  void persist(const std::string& id, Instant now) {
    StoredJob job;
    job.fingerprint = fingerprints_[id];
    job.next_run = schedule_.next_fire_time(id);
    const JobConfig* config = schedule_.job(id);
    job.paused = config && config->paused;
    state_.save(id, job, now);
  }

  // APScheduler's DEBUG line before it sleeps.
  void log_wakeup(Instant now) {
    Event e = make_event(EventKind::note, now);
    e.debug = true;
    if (const auto next = schedule_.next_wakeup()) {
      const Instant at = options_.until ? std::min(*next, *options_.until) : *next;
      e.message = fmt::format("Next wakeup is due at {} (in {:.6f} seconds)", format_local(at, *zone_),
                              static_cast<double>(std::max(Duration{0}, at - now).count()) / 1e6);
    } else {
      e.message = "No jobs; waiting until a job is added";
    }
    sink_.event(e);
  }

  void note(Instant now, std::string message) {
    Event e = make_event(EventKind::note, now);
    e.message = std::move(message);
    sink_.event(e);
  }

  // A deadline to sleep to: the next due job, the --until bound, or the shutdown grace.
  std::optional<Instant> deadline() const {
    if (stopping_) return force_sent_ ? std::nullopt : std::optional<Instant>(stop_deadline_);
    std::optional<Instant> next = schedule_.next_wakeup();
    if (options_.until && (!next || *options_.until < *next)) next = options_.until;
    return next;
  }

  // Runs due at `now`; a run due exactly at --until still starts.
  void process_due(Instant now) {
    const Instant horizon = options_.until ? std::min(now, *options_.until) : now;
    std::vector<Event> events;
    DispatchResult result;
    std::vector<Submission> due = schedule_.advance(horizon, events);
    for (const Submission& s : due) persist(s.job->id, now);  // before anything is launched
    for (const Event& e : events)
      if (e.kind == EventKind::job_removed) persist(e.job_id, now);
    for (Submission& s : due) dispatcher_.submit(std::move(s), now, result, events);
    emit(events);
    apply(result, now);
    if (options_.until && now >= *options_.until) begin_stop(now, false);
  }

  void apply(const DispatchResult& result, Instant now) {
    for (const std::string& id : result.done) schedule_.finished(id);
    for (const RunStart& run : result.starts) {
      Event started = make_event(EventKind::run_started, now, run.job->id);
      started.scheduled = run.scheduled;
      emit_one(started, *run.job);
      state_.run_started(run, now);
      driver_.start(run);
    }
  }

  void complete(const Completion& c) {
    const auto& active = dispatcher_.active();
    const auto it = active.find(c.run_id);
    if (it == active.end()) return;
    const RunStart run = it->second;
    Event ended = make_event(c.outcome.ok() ? EventKind::run_succeeded : EventKind::run_failed, c.ended, run.job->id);
    ended.scheduled = run.scheduled;
    ended.outcome = c.outcome;
    ended.duration = c.ended - c.started;
    emit_one(ended, *run.job);
    state_.run_ended(c, driver_.now());
    ++completed_;

    std::vector<Event> events;
    DispatchResult result;
    const Instant now = driver_.now();
    dispatcher_.finished(c.run_id, now, result, events);
    emit(events);
    apply(result, now);  // while stopping the dispatcher is drained: nothing new starts
    if (options_.max_runs && completed_ >= *options_.max_runs && !stopping_) begin_stop(now, false);
  }

  void handle(Signal s) {
    const Instant now = driver_.now();
    switch (s) {
      case Signal::stop:
        if (stopping_ && terminate_sent_) return force_kill();
        return begin_stop(now, true);
      case Signal::reload: return reload(now);
      case Signal::print_jobs: return sink_.listing(print_jobs_text(schedule_.listing()));
    }
  }

  void begin_stop(Instant now, bool terminate) {
    if (!stopping_) {
      stopping_ = true;
      stop_deadline_ = now + options_.shutdown_timeout;
      dispatcher_.drain();
    }
    if (terminate && dispatcher_.running() > 0 && !terminate_sent_) {
      terminate_sent_ = true;
      Event note = make_event(EventKind::note, now);
      note.message = fmt_stopping(dispatcher_.running());
      sink_.event(note);
      driver_.terminate_all(false);
    }
  }

  static std::string fmt_stopping(std::size_t n) {
    return "Stopping: sent SIGTERM to " + std::to_string(n) + (n == 1 ? " running job" : " running jobs");
  }

  void force_kill() {
    force_sent_ = true;
    killed_ = true;
    Event note = make_event(EventKind::note, driver_.now());
    note.message = "Killing " + std::to_string(dispatcher_.running()) + " job(s) that did not stop in time (SIGKILL)";
    note.warning = true;
    sink_.event(note);
    driver_.terminate_all(true);
  }

  // SIGHUP: unchanged jobs keep their state; changed ones start afresh; removed ones go.
  void reload(Instant now) {
    if (!options_.reload) return;
    const std::optional<Config> fresh = options_.reload();
    Event note = make_event(EventKind::note, now);
    if (!fresh) {
      note.message = "Reload failed: keeping the current schedule";
      note.warning = true;
      return sink_.event(note);
    }
    std::map<std::string, const JobConfig*> wanted;
    for (const JobConfig& job : fresh->jobs) wanted[job.id] = &job;
    for (const ScheduledJob& s : schedule_.listing()) {
      if (wanted.count(s.job->id)) continue;
      const std::string id = s.job->id;
      schedule_.remove(id);
      state_.forget(id, now);
      sink_.event(make_event(EventKind::job_removed, now, id));
    }
    std::size_t changed = 0;
    for (const JobConfig& job : fresh->jobs) {
      if (schedule_.fingerprint(job.id) == job.fingerprint) continue;
      add(std::make_shared<const JobConfig>(job), now);
      ++changed;
    }
    note.message = "Reloaded " + fresh->path + ": " + std::to_string(changed) + " job(s) added or changed";
    if (fresh->executors.size() != executors_.size())
      note.message += " (executor changes take effect on restart)";
    sink_.event(note);
  }

  void emit(const std::vector<Event>& events) {
    for (Event e : events) {
      if (e.job_text.empty()) {
        if (const JobConfig* job = schedule_.job(e.job_id)) e.job_text = describe_job(*job, schedule_.next_run_time(e.job_id));
      }
      sink_.event(e);
    }
  }

  void emit_one(Event& e, const JobConfig& job) {
    e.job_text = describe_job(job, schedule_.next_run_time(job.id));
    sink_.event(e);
  }

  Schedule schedule_;
  Dispatcher dispatcher_;
  Driver& driver_;
  EventSink& sink_;
  const LoopOptions& options_;
  std::vector<ExecutorConfig> executors_;
  bool stopping_ = false, terminate_sent_ = false, force_sent_ = false, killed_ = false;
  Instant stop_deadline_{};
  std::uint64_t completed_ = 0;
  StateKeeper state_;
  ZonePtr zone_;  // for log text
  std::map<std::string, std::string> fingerprints_;  // by job id, including jobs whose series ended
};

}  // namespace

LoopResult run_scheduler(const Config& config, Driver& driver, EventSink& sink, const LoopOptions& options) {
  SchedulerLoop loop(config, driver, sink, options);
  return loop.run(config);
}

}  // namespace schedtool
