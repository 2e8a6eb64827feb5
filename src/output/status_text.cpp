#include "output/status_text.h"

#include <fmt/format.h>

#include "base/json.h"
#include "time/duration_text.h"
#include "time/time_text.h"

namespace schedtool {
namespace {

// Whole seconds: "running for 2s", not "2.000417s".
std::string whole_seconds(Duration d) {
  return format_duration(std::chrono::duration_cast<std::chrono::seconds>(std::max(d, Duration{0})));
}

double seconds(Duration d) { return static_cast<double>(d.count()) / 1e6; }

std::string rfc3339_or_null(const std::optional<Instant>& t, const Zone& zone) {
  return t ? json_string(format_rfc3339(*t, zone)) : "null";
}

}  // namespace

std::string status_text(const SchedulerStatus& s, const Zone& zone) {
  std::string out = fmt::format("Scheduler {} since {} (up {}), {} run{} completed\n", s.state,
                                format_local(s.started, zone), whole_seconds(s.now - s.started), s.completed_runs,
                                s.completed_runs == 1 ? "" : "s");
  out += fmt::format("Jobs: {} ({} paused), {} run{} going\n", s.jobs, s.paused_jobs, s.running.size(),
                     s.running.size() == 1 ? "" : "s");
  if (s.next_wakeup)
    out += fmt::format("Next wakeup: {} (in {})\n", format_local(*s.next_wakeup, zone), whole_seconds(*s.next_wakeup - s.now));
  else
    out += s.state == "paused" ? "Next wakeup: none while paused (resume-all)\n" : "Next wakeup: none\n";
  if (!s.running.empty()) out += "Running:\n";
  for (const RunningRun& r : s.running)
    out += fmt::format("    {}: run {}, pid {}, scheduled at {}, running for {} (executor {})\n", r.job_id, r.run_id,
                       r.pid ? std::to_string(*r.pid) : "starting", format_local(r.scheduled, zone),
                       whole_seconds(s.now - r.started), r.executor);
  return out;
}

std::string status_json(const SchedulerStatus& s, const Zone& zone) {
  std::string running = "[";
  for (const RunningRun& r : s.running)
    running += fmt::format("{}{{\"job\":{},\"run\":{},\"pid\":{},\"executor\":{},\"scheduled_at\":{},\"started_at\":{},\"seconds\":{:.3f}}}",
                           running.size() > 1 ? "," : "", json_string(r.job_id), r.run_id,
                           r.pid ? std::to_string(*r.pid) : "null", json_string(r.executor),
                           json_string(format_rfc3339(r.scheduled, zone)), json_string(format_rfc3339(r.started, zone)),
                           seconds(s.now - r.started));
  running += "]";
  return fmt::format("{{\"state\":{},\"started_at\":{},\"uptime_seconds\":{:.3f},\"jobs\":{},\"paused_jobs\":{},"
                     "\"completed_runs\":{},\"next_wakeup\":{},\"running\":{}}}",
                     json_string(s.state), json_string(format_rfc3339(s.started, zone)), seconds(s.now - s.started),
                     s.jobs, s.paused_jobs, s.completed_runs, rfc3339_or_null(s.next_wakeup, zone), running);
}

}  // namespace schedtool
