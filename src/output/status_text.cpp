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
  if (s.store_failing_since)
    out += fmt::format("Job store: cannot be written since {} (scheduling goes on from memory)\n",
                       format_local(*s.store_failing_since, zone));
  if (!s.instance.empty())
    out += fmt::format("Cluster: {} member{}, this one is {}\n", s.members.size(), s.members.size() == 1 ? "" : "s",
                       s.instance);
  for (const MemberStatus& m : s.members)
    out += fmt::format("    {} ({}, pid {}): epoch {}, heartbeat {} ago, clock {:+.3f}s, {} run{} going{}\n", m.name,
                       m.host, m.pid, m.epoch, whole_seconds(s.now - m.heartbeat), seconds(m.clock_offset), m.runs,
                       m.runs == 1 ? "" : "s", m.lapsed ? ", lease lapsed" : "");
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
  std::string cluster;
  if (!s.instance.empty()) {
    cluster = ",\"instance\":" + json_string(s.instance) + ",\"members\":[";
    for (const MemberStatus& m : s.members)
      cluster += fmt::format("{}{{\"name\":{},\"host\":{},\"pid\":{},\"epoch\":{},\"heartbeat_at\":{},"
                             "\"clock_offset_seconds\":{:.6f},\"runs\":{},\"lapsed\":{}}}",
                             cluster.back() == '[' ? "" : ",", json_string(m.name), json_string(m.host), m.pid, m.epoch,
                             json_string(format_rfc3339(m.heartbeat, zone)), seconds(m.clock_offset), m.runs,
                             m.lapsed ? "true" : "false");
    cluster += "]";
  }
  return fmt::format("{{\"state\":{},\"started_at\":{},\"uptime_seconds\":{:.3f},\"jobs\":{},\"paused_jobs\":{},"
                     "\"completed_runs\":{},\"next_wakeup\":{},\"running\":{},\"store_failing_since\":{}{}}}",
                     json_string(s.state), json_string(format_rfc3339(s.started, zone)), seconds(s.now - s.started),
                     s.jobs, s.paused_jobs, s.completed_runs, rfc3339_or_null(s.next_wakeup, zone), running,
                     rfc3339_or_null(s.store_failing_since, zone), cluster);
}

}  // namespace schedtool
