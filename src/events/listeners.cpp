#include "events/listeners.h"

#include <fnmatch.h>

#include <algorithm>
#include <string>

namespace schedtool {
namespace {

bool job_matches(const ListenerConfig& l, const std::string& job_id) {
  if (!l.job.empty()) return job_id == l.job;
  if (l.jobs.empty()) return true;
  if (job_id.empty()) return false;  // a listener for some jobs hears no scheduler_* event
  return std::any_of(l.jobs.begin(), l.jobs.end(),
                     [&](const std::string& glob) { return ::fnmatch(glob.c_str(), job_id.c_str(), 0) == 0; });
}

}  // namespace

bool listener_wants(const ListenerConfig& l, std::string_view kind, const Event& e) {
  if (!l.events.empty() && std::find(l.events.begin(), l.events.end(), kind) == l.events.end()) return false;
  if (!job_matches(l, e.job_id)) return false;
  const bool failure = kind == "job_error" || kind == "job_timeout";
  return !(l.final_only && failure && !e.final);
}

}  // namespace schedtool
