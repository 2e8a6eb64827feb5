#include "output/log_format.h"

#include <fmt/format.h>

#include "base/json.h"
#include "events/vocabulary.h"
#include "output/print_jobs.h"
#include "time/duration_text.h"
#include "time/time_text.h"
#include "trigger/interval_trigger.h"

namespace schedtool {
namespace {

constexpr std::string_view kEventNames[] = {"job_added",  "job_removed", "job_modified", "run_started", "run_succeeded",
                                            "run_failed", "run_missed",  "run_skipped", "run_retry",
                                            "scheduler_started", "scheduler_shutdown", "scheduler_paused",
                                            "scheduler_resumed", "summary", "note"};


std::string outcome_text(const RunOutcome& o) {
  if (!o.start_error.empty()) return "could not start: " + o.start_error;
  if (o.timed_out) return "timed out";
  if (o.signal) return fmt::format("killed by signal {}", o.signal);
  return fmt::format("exit status {}", o.exit_code);
}

// "2026-11-23 14:10:00,002": Python logging's asctime, in the scheduler's zone.
std::string asctime(Instant t, const Zone& zone) {
  const auto local = date::floor<std::chrono::milliseconds>(zone.to_wall(t));
  const auto ms = local.time_since_epoch().count() % 1000;
  return fmt::format("{},{:03}", format_wall(date::floor<std::chrono::seconds>(local)),
                     ms < 0 ? ms + 1000 : ms);
}

// Every time in a JSON log line has all six fraction digits: the lines line up and sort as text.
std::string json_time(Instant t, const Zone& zone) { return json_string(format_rfc3339_micros(t, zone)); }

std::string summary_text(const RunCounts& c) {
  std::string text = fmt::format("Runs: {} ok, {} failed, {} missed", c.ok, c.failed, c.missed);
  if (c.skipped) text += fmt::format(", {} skipped (max_instances)", c.skipped);
  if (c.stopped) text += fmt::format(", {} stopped by the shutdown", c.stopped);
  if (c.retried) text += fmt::format(", {} failed attempt{} retried", c.retried, c.retried == 1 ? "" : "s");
  return text;
}

// " (attempt 2/3)" for a job with retries; nothing for one without, whose lines stay APScheduler's.
std::string attempt_text(const Event& e) {
  return e.attempts > 1 ? fmt::format(" (attempt {}/{})", e.attempt, e.attempts) : "";
}

std::string ended_text(const Event& e) {
  if (e.kind == EventKind::run_succeeded)
    return fmt::format("Job \"{}\" executed successfully in {}", e.job_text, format_elapsed(e.duration));
  if (e.outcome.timed_out)  // the configured limit, as the user wrote it; duration_s has the rest
    return fmt::format("Job \"{}\" timed out after {}", e.job_text, format_duration(e.timeout));
  return fmt::format("Job \"{}\" failed: {} (after {})", e.job_text, outcome_text(e.outcome),
                     format_elapsed(e.duration));
}

}  // namespace

std::string_view event_name(EventKind kind) { return kEventNames[static_cast<int>(kind)]; }

std::string event_message(const Event& e, const Zone& zone) {
  const std::string scheduled = e.scheduled ? format_local(*e.scheduled, zone) : "";
  switch (e.kind) {
    case EventKind::job_added: return fmt::format("Added job \"{}\" to job store \"default\"", e.job_text);
    case EventKind::job_removed: return fmt::format("Removed job {}", e.job_id);
    case EventKind::job_modified: return fmt::format("Modified job \"{}\" in job store \"default\"", e.job_text);
    case EventKind::run_started:
      return fmt::format("Running job \"{}\" (scheduled at {}){}", e.job_text, scheduled, attempt_text(e));
    case EventKind::run_succeeded:
    case EventKind::run_failed: return ended_text(e) + attempt_text(e);
    case EventKind::run_retry:
      return fmt::format("Job \"{}\" will be retried in {}, at {}{}", e.job_text,
                         format_duration(e.retry_at ? *e.retry_at - e.at : Duration{0}),
                         e.retry_at ? format_local(*e.retry_at, zone) : "", attempt_text(e));
    case EventKind::run_missed:
      return fmt::format("Run time of job \"{}\" was missed by {}", e.job_text, format_timedelta(e.late));
    case EventKind::run_skipped:
      return fmt::format("Execution of job \"{}\" skipped: maximum number of running instances reached ({})",
                         e.job_text, e.limit);
    case EventKind::scheduler_started: return "Scheduler started";
    case EventKind::scheduler_shutdown: return "Scheduler has been shut down";
    case EventKind::scheduler_paused: return "Scheduler paused (control): no job starts until resume-all";
    case EventKind::scheduler_resumed: return "Scheduler resumed (control)";
    case EventKind::summary: return summary_text(e.counts);
    case EventKind::note: return e.message;
  }
  return e.message;
}

namespace {

std::string_view level(const Event& e) {
  if (e.kind == EventKind::run_failed) return e.final ? "ERROR" : "WARNING";  // a retry follows: not yet an error
  return e.warning ? "WARNING" : e.debug ? "DEBUG" : "INFO";
}

}  // namespace

std::string log_line_text(const Event& e, const Zone& zone) {
  return fmt::format("{} {} {}", asctime(e.at, zone), level(e), event_message(e, zone));
}

std::string log_line_json(const Event& e, const Zone& zone) {
  std::string out = fmt::format("{{\"time\":{},\"level\":\"{}\",\"event\":\"{}\"", json_time(e.at, zone),
                                level(e), event_name(e.kind));
  if (const auto kind = event_kind(e)) out += fmt::format(",\"kind\":\"{}\"", *kind);  // the listeners' vocabulary
  if (!e.job_id.empty()) out += ",\"job\":" + json_string(e.job_id);
  if (e.scheduled) out += ",\"scheduled_at\":" + json_time(*e.scheduled, zone);
  if (e.kind == EventKind::run_succeeded || e.kind == EventKind::run_failed) {
    out += fmt::format(",\"started_at\":{},\"duration_s\":{:.6f}", json_time(e.at - e.duration, zone),
                       static_cast<double>(e.duration.count()) / 1e6);
    if (e.outcome.start_error.empty() && !e.outcome.signal) out += fmt::format(",\"exit_code\":{}", e.outcome.exit_code);
    if (e.outcome.signal) out += fmt::format(",\"signal\":{}", e.outcome.signal);
    if (e.outcome.timed_out)
      out += fmt::format(",\"timed_out\":true,\"timeout_s\":{:.6f}", static_cast<double>(e.timeout.count()) / 1e6);
  }
  if (e.attempts > 1) {
    out += fmt::format(",\"attempt\":{},\"attempts\":{}", e.attempt, e.attempts);
    if (e.kind == EventKind::run_failed) out += e.final ? ",\"final\":true" : ",\"final\":false";
  }
  if (e.kind == EventKind::run_retry && e.retry_at) out += ",\"retry_at\":" + json_time(*e.retry_at, zone);
  if (e.kind == EventKind::run_missed)
    out += fmt::format(",\"late_s\":{:.6f}", static_cast<double>(e.late.count()) / 1e6);
  if (e.kind == EventKind::summary)
    out += fmt::format(",\"ok\":{},\"failed\":{},\"missed\":{},\"skipped\":{},\"stopped\":{},\"retried\":{}",
                       e.counts.ok, e.counts.failed, e.counts.missed, e.counts.skipped, e.counts.stopped,
                       e.counts.retried);
  return out + ",\"message\":" + json_string(event_message(e, zone)) + "}";
}

std::string schedule_json(Instant at, const Zone& zone, const std::vector<ScheduledJob>& jobs) {
  std::string list;
  for (const ScheduledJob& job : jobs) list.append(list.empty() ? "" : ",").append(job_json(job));
  return fmt::format("{{\"time\":{},\"level\":\"INFO\",\"event\":\"schedule\",\"jobs\":[{}],\"message\":{}}}",
                     json_time(at, zone), list,
                     json_string(fmt::format("Jobstore default: {} job{}", jobs.size(), jobs.size() == 1 ? "" : "s")));
}

std::string message_json(Instant at, const Zone& zone, std::string_view level, std::string_view event,
                         std::string_view message, std::string_view fields) {
  return fmt::format("{{\"time\":{},\"level\":\"{}\",\"event\":\"{}\"{}{},\"message\":{}}}", json_time(at, zone), level,
                     event, fields.empty() ? "" : ",", fields, json_string(message));
}

std::string output_line_text(std::string_view job_id, std::string_view line) {
  return fmt::format("[{}] {}", job_id, line);
}

std::string output_line_json(Instant at, const Zone& zone, std::string_view job_id, OutputStream stream,
                             std::string_view line) {
  return fmt::format("{{\"time\":{},\"event\":\"output\",\"job\":{},\"stream\":\"{}\",\"line\":{}}}",
                     json_time(at, zone), json_string(job_id),
                     stream == OutputStream::stdout_stream ? "stdout" : "stderr", json_string(line));
}

}  // namespace schedtool
