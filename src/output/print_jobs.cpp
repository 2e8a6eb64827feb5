#include "output/print_jobs.h"

#include <fmt/format.h>

#include "base/json.h"
#include "output/explain.h"
#include "output/run_status.h"
#include "time/duration_text.h"
#include "time/time_text.h"

namespace schedtool {

namespace {

int running_of(const RunningCounts* running, const std::string& id) {
  if (!running) return 0;
  const auto it = running->find(id);
  return it == running->end() ? 0 : it->second;
}

// "        retries: 3, after 10s, then each wait ×2, at most 5m" for a job with retries.
std::string retries_text(const RetryPolicy& r) {
  std::string out = fmt::format("        retries: {}, after {}", r.retries, format_duration(r.delay));
  if (r.backoff != 1.0) out += fmt::format(", then each wait ×{}", r.backoff);
  if (r.max_delay) out += fmt::format(", at most {}", format_duration(*r.max_delay));
  return out + "\n";
}

// A command as written: a shell string's text, or an argv array's words.
std::string command_text(const JobCommand& c) {
  if (c.shell && c.argv.size() == 3) return c.argv[2];
  std::string out;
  for (const std::string& word : c.argv) out.append(out.empty() ? "" : " ").append(word);
  return out;
}

std::string command_json(const JobCommand& c) {
  if (c.shell && c.argv.size() == 3) return json_string(c.argv[2]);
  std::string out = "[";
  for (const std::string& word : c.argv) out.append(out.size() > 1 ? "," : "").append(json_string(word));
  return out + "]";
}

// "        on_failure: mail -s …" for a job's own listeners.
std::string job_listeners_text(const JobConfig& job) {
  std::string out;
  if (job.on_failure) out += "        on_failure: " + command_text(*job.on_failure) + "\n";
  if (job.on_success) out += "        on_success: " + command_text(*job.on_success) + "\n";
  return out;
}

// ,"retry":{"retries":3,"delay_s":10,"backoff":2,"max_delay_s":300 or null} for a job with retries.
std::string retry_json(const RetryPolicy& r) {
  if (r.retries == 0) return "";
  const auto seconds = [](Duration d) { return static_cast<double>(d.count()) / 1e6; };
  return fmt::format(",\"retry\":{{\"retries\":{},\"delay_s\":{},\"backoff\":{},\"max_delay_s\":{}}}", r.retries,
                     seconds(r.delay), r.backoff, r.max_delay ? fmt::format("{}", seconds(*r.max_delay)) : "null");
}

}  // namespace

std::string print_jobs_text(const std::vector<ScheduledJob>& jobs, const LastRuns& last_runs,
                            const RunningCounts* running) {
  std::string out = "Jobstore default:\n";
  if (jobs.empty()) out += "    No scheduled jobs\n";
  for (const ScheduledJob& s : jobs) {
    out.append("    ").append(describe_job(*s.job, s.next_run)).append("\n");
    if (s.job->origin == JobOrigin::added) out += "        added at run time (ctl add)\n";
    if (s.job->origin == JobOrigin::modified) out += "        changed at run time (ctl modify / reschedule)\n";
    if (s.job->retry.retries > 0) out += retries_text(s.job->retry);
    out += job_listeners_text(*s.job);
    if (const auto last = last_runs.find(s.job->id); last != last_runs.end())
      out += fmt::format("        last run: {}, {}\n", format_local(last->second.started, s.job->trigger->zone()),
                         run_status(last->second));
    if (const int n = running_of(running, s.job->id))
      out += fmt::format("        running: {} instance{}\n", n, n == 1 ? "" : "s");
  }
  return out;
}

namespace {

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out.append(i ? "," : "").append(json_string(items[i]));
  return out + "]";
}

// ,"every":"…","calendar":[…],"description":"…","tags":[…] — only for the jobs that have them, so
// other jobs' objects stay as they were. "calendar" is always an array of the lines, as written;
// "description" is the schedule in words, as `explain` says it, for a schedule written in words.
std::string form_and_tags_json(const JobConfig& job) {
  std::string out;
  if (!job.every.empty()) out += fmt::format(",\"every\":{}", json_string(job.every));
  if (!job.calendar.empty()) out += ",\"calendar\":" + json_strings(job.calendar);
  if (!job.every.empty() || !job.calendar.empty())
    out += ",\"description\":" + json_string(trigger_in_words(*job.trigger));
  if (!job.tags.empty()) out += ",\"tags\":" + json_strings(job.tags);
  if (job.origin == JobOrigin::added) out += ",\"origin\":\"runtime\"";
  if (job.origin == JobOrigin::modified) out += ",\"origin\":\"modified\"";
  if (job.on_failure) out += ",\"on_failure\":" + command_json(*job.on_failure);
  if (job.on_success) out += ",\"on_success\":" + command_json(*job.on_success);
  return out + retry_json(job.retry);
}

}  // namespace

std::string job_json(const ScheduledJob& scheduled, const LastRuns& last_runs, const RunningCounts* running) {
  const JobConfig& job = *scheduled.job;
  const std::string next = scheduled.next_run ? json_string(format_rfc3339(*scheduled.next_run, job.trigger->zone()))
                                              : "null";
  std::string last = "";
  if (const auto it = last_runs.find(job.id); it != last_runs.end())
    last = fmt::format(",\"last_run\":{{\"started_at\":{},\"status\":{}}}",
                       json_string(format_rfc3339(it->second.started, job.trigger->zone())),
                       json_string(run_status(it->second)));
  if (running) last += fmt::format(",\"running\":{}", running_of(running, job.id));
  last += form_and_tags_json(job);
  return fmt::format("{{\"id\":{},\"name\":{},\"trigger\":{},\"executor\":{},\"next_run_time\":{},\"paused\":{}{}}}",
                     json_string(job.id), json_string(job.name), json_string(job.trigger->describe()),
                     json_string(job.executor), next, scheduled.paused ? "true" : "false", last);
}

std::string print_listeners_text(const std::vector<ListenerConfig>& listeners) {
  std::string out;
  for (const ListenerConfig& l : listeners) {
    if (!l.job.empty()) continue;  // a job's on_failure / on_success: shown with the job
    std::string events, jobs;
    for (const std::string& e : l.events) events.append(events.empty() ? "" : ", ").append(e);
    for (const std::string& j : l.jobs) jobs.append(jobs.empty() ? "" : ", ").append(j);
    out += fmt::format("    {} ({}{}, timeout {}): {}\n", l.origin, events.empty() ? "all events" : events,
                       jobs.empty() ? "" : " of " + jobs, format_duration(l.timeout), command_text(l.command));
  }
  return out.empty() ? out : "Listeners:\n" + out;
}

std::string print_jobs_json(const std::vector<ScheduledJob>& jobs, const LastRuns& last_runs,
                            const RunningCounts* running) {
  std::string out = "[";
  for (std::size_t i = 0; i < jobs.size(); ++i) out.append(i ? ",\n " : "").append(job_json(jobs[i], last_runs, running));
  return out + "]\n";
}

}  // namespace schedtool
