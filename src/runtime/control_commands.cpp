// The scheduler's answers to `schedtool ctl` (control/protocol.h): each request is served between
// two waits of the loop, so it sees and changes the schedule exactly as a timer or a signal would.
#include <algorithm>

#include <fmt/format.h>

#include "base/json.h"
#include "base/suggest.h"
#include "output/status_text.h"
#include "runtime/scheduler_loop.h"
#include "time/time_text.h"

namespace schedtool {
namespace {

ControlReply ok(std::string message) {
  ControlReply reply;
  reply.message = std::move(message);
  return reply;
}

// JSON data in a reply is one line: print_jobs_json's newlines are only whitespace between items.
std::string one_line(std::string json) {
  json.erase(std::remove(json.begin(), json.end(), '\n'), json.end());
  return json;
}

}  // namespace

std::string SchedulerLoop::control(const std::string& line) {
  try {
    return control_reply_line(control(parse_control_request(line), driver_.now()));
  } catch (const ControlError& e) {
    return control_reply_line(control_failure(e.code, e.message));
  }
}

ControlReply SchedulerLoop::control(const ControlRequest& request, Instant now) {
  const bool changes = request.command != ControlCommand::jobs && request.command != ControlCommand::status &&
                       request.command != ControlCommand::get;
  if (stopping_ && changes) return control_failure("shutting_down", "the scheduler is shutting down");
  if (!request.tag.empty()) return for_tag(request, now);
  switch (request.command) {
    case ControlCommand::jobs: return jobs_reply();
    case ControlCommand::status: return status_reply(now);
    case ControlCommand::pause: return pause_job(request.job_id, now);
    case ControlCommand::resume: return resume_job(request.job_id, now);
    case ControlCommand::pause_all: return pause_all(now);
    case ControlCommand::resume_all: return resume_all(now);
    case ControlCommand::run: return run_job(request.job_id, now);
    case ControlCommand::remove: return remove_job(request.job_id, now);
    case ControlCommand::reload: return reload_reply(now);
    case ControlCommand::add: return add_job(request, now);
    case ControlCommand::modify:
    case ControlCommand::reschedule: return change_job(request, now);
    case ControlCommand::get: return get_job(request.job_id);
  }
  return control_failure("unknown_command", "unknown command");
}

ControlError SchedulerLoop::unknown_job(const std::string& id) const {
  std::vector<std::string> ids;
  for (const ScheduledJob& s : schedule_.listing()) ids.push_back(s.job->id);
  const std::string message = "no job with id '" + id + "'" + unknown_id_hint(id, ids, "schedtool ctl jobs");
  return {"unknown_job", message};
}

ControlReply SchedulerLoop::pause_job(const std::string& id, Instant now) {
  if (!schedule_.contains(id)) throw unknown_job(id);
  if (!schedule_.pause_job(id)) return ok("Job \"" + id + "\" is paused already");
  persist(id, now);
  note(now, "Paused job \"" + id + "\" (control)");
  return ok("Paused job \"" + id + "\"");
}

ControlReply SchedulerLoop::resume_job(const std::string& id, Instant now) {
  if (!schedule_.contains(id)) throw unknown_job(id);
  if (!schedule_.paused(id)) return ok("Job \"" + id + "\" is not paused");
  std::size_t dropped = 0;
  Event resumed = schedule_.resume_job(id, now, dropped);
  persist(id, now);
  std::string message;
  if (resumed.kind == EventKind::job_removed) {
    sink_.event(resumed);
    message = "Resumed job \"" + id + "\": its trigger has no fire time left, so it was removed";
  } else {
    const auto next = schedule_.next_run_time(id);
    message = "Resumed job \"" + id + "\", next run at " + format_local(*next, schedule_.job(id)->trigger->zone());
  }
  if (dropped)
    message += fmt::format("; {}{} run{} missed while paused {} dropped", dropped >= Schedule::kMaxCountedDrops ? "over " : "",
                           dropped, dropped == 1 ? "" : "s", dropped == 1 ? "was" : "were");
  note(now, message + " (control)");
  return ok(message);
}

ControlReply SchedulerLoop::pause_all(Instant now) {
  if (paused_) return ok("The scheduler is paused already");
  paused_ = true;
  sink_.event(make_event(EventKind::scheduler_paused, now));
  return ok("Paused the scheduler: no job starts until resume-all (running jobs go on)");
}

ControlReply SchedulerLoop::resume_all(Instant now) {
  if (!paused_) return ok("The scheduler is not paused");
  paused_ = false;
  sink_.event(make_event(EventKind::scheduler_resumed, now));
  return ok("Resumed the scheduler: overdue runs are handled by coalesce and misfire_grace_time");
}

ControlReply SchedulerLoop::run_job(const std::string& id, Instant now) {
  const JobConfig* job = schedule_.job(id);
  if (!job) throw unknown_job(id);
  std::vector<Event> events;
  std::optional<Submission> submission = schedule_.run_once(id, now, events);
  if (!submission) {
    emit(events);
    return control_failure("max_instances",
                           fmt::format("job \"{}\" is running {} instance{} already (max_instances)", id,
                                       job->max_instances, job->max_instances == 1 ? "" : "s"));
  }
  note(now, "Running job \"" + id + "\" now, outside its schedule (control)");
  std::vector<Submission> due;
  due.push_back(std::move(*submission));
  const bool started = dispatch(std::move(due), events, now) > 0;
  return ok(started ? "Started job \"" + id + "\"" : "Queued job \"" + id + "\": its executor's workers are all busy");
}

ControlReply SchedulerLoop::remove_job(const std::string& id, Instant now) {
  const JobConfig* job = schedule_.job(id);
  if (!job) throw unknown_job(id);
  const bool added = job->origin == JobOrigin::added;
  schedule_.remove(id);
  state_.forget(id, now);
  forget_definition(id, now);
  for (const Instant scheduled : dispatcher_.drop_retries(id)) state_.forget_retry(id, scheduled, now);
  Event removed = make_event(EventKind::job_removed, now, id);
  sink_.event(removed);
  return ok(added ? "Removed job \"" + id + "\" (added at run time: for good; running instances finish)"
                  : "Removed job \"" + id + "\" until the next reload (running instances finish)");
}

// pause|resume|remove --tag NAME: the command for each job with the tag, by id (a stable order,
// whatever the next run times; the schedule library's clear(tag) is `remove --tag`). The reply's
// text has one line a job.
ControlReply SchedulerLoop::for_tag(const ControlRequest& request, Instant now) {
  std::vector<std::string> ids;
  for (const ScheduledJob& s : schedule_.listing())
    if (has_tag(*s.job, request.tag)) ids.push_back(s.job->id);
  if (ids.empty()) throw ControlError{"unknown_tag", "no job has the tag '" + request.tag + "'"};
  std::sort(ids.begin(), ids.end());
  std::string text, names;
  for (const std::string& id : ids) {
    ControlRequest one{request.command, id, {}, {}};
    text += control(one, now).message + "\n";
    names += (names.empty() ? "" : ", ") + id;
  }
  const char* verb = request.command == ControlCommand::pause ? "Paused" : request.command == ControlCommand::resume ? "Resumed" : "Removed";
  ControlReply reply = ok(fmt::format("{} {} job{} tagged \"{}\": {}", verb, ids.size(), ids.size() == 1 ? "" : "s",
                                      request.tag, names));
  reply.text = text;
  return reply;
}

ControlReply SchedulerLoop::reload_reply(Instant now) {
  const ReloadResult result = reload(now);
  if (!result.config) {
    std::string errors;
    for (const std::string& e : result.errors) errors += (errors.empty() ? "" : "\n") + e;
    ControlReply reply = control_failure("reload_failed", "reload failed: the current schedule is kept");
    reply.text = errors.empty() ? reply.message : reply.message + "\n" + errors;
    std::string list = "[";
    for (const std::string& e : result.errors) list += (list.size() > 1 ? "," : "") + json_string(e);
    reply.fields = ",\"errors\":" + list + "]";
    return reply;
  }
  return ok(fmt::format("Reloaded {}: {} jobs", result.config->path, result.config->jobs.size()));
}

LastRuns SchedulerLoop::last_runs() {
  LastRuns last;
  for (const ScheduledJob& s : schedule_.listing())
    if (const RunRecord* run = state_.last_run(s.job->id)) last.emplace(s.job->id, *run);
  return last;
}

ControlReply SchedulerLoop::jobs_reply() {
  const std::vector<ScheduledJob> jobs = schedule_.listing();
  RunningCounts running;
  for (const auto& [run_id, run] : dispatcher_.active()) ++running[run.job->id];
  const LastRuns last = last_runs();
  ControlReply reply = ok(fmt::format("{} job{}", jobs.size(), jobs.size() == 1 ? "" : "s"));
  reply.text = print_jobs_text(jobs, last, &running);
  if (paused_) reply.text = "Scheduler paused: no job starts until resume-all\n" + reply.text;
  reply.fields = ",\"scheduler_paused\":" + std::string(paused_ ? "true" : "false") +
                 ",\"jobs\":" + one_line(print_jobs_json(jobs, last, &running));
  return reply;
}

ControlReply SchedulerLoop::status_reply(Instant now) {
  SchedulerStatus s;
  s.now = now;
  s.started = started_;
  s.state = stopping_ ? "stopping" : paused_ ? "paused" : "running";
  for (const ScheduledJob& job : schedule_.listing()) {
    ++s.jobs;
    if (job.paused) ++s.paused_jobs;
  }
  s.completed_runs = completed_;
  s.store_failing_since = state_.failing_since();
  s.instance = state_.instance();
  for (MemberInfo& m : state_.members())
    s.members.push_back({std::move(m.name), std::move(m.host), m.pid, m.epoch, m.heartbeat + clock_offset_,  // in this host's time
                         m.clock_offset, m.runs, m.lapsed});
  s.next_wakeup = deadline();
  if (stopping_) s.next_wakeup.reset();
  for (const auto& [run_id, run] : dispatcher_.active()) {
    const RunRecord* record = state_.running(run_id);
    s.running.push_back({run.job->id, run_id, driver_.pid_of(run_id), run.scheduled,
                         record ? record->started : run.scheduled, run.executor});
  }
  ControlReply reply = ok("scheduler " + s.state);
  reply.text = status_text(s, *zone_);
  reply.fields = ",\"status\":" + status_json(s, *zone_);
  return reply;
}

}  // namespace schedtool
