#pragma once
// The event vocabulary listeners and JSON logs share: APScheduler's names (its EVENT_* constants,
// lower-cased), plus schedtool's own where they add meaning. One Event (schedule/events.h) maps to
// at most one of them:
//
//   scheduler_started, scheduler_shutdown   the loop starts / has stopped
//   scheduler_paused, scheduler_resumed     ctl pause-all / resume-all
//   job_added, job_removed, job_modified    a job enters / leaves the schedule (job_modified: reserved)
//   job_submitted                           a run starts (run_started)
//   job_max_instances                       a run skipped: max_instances reached (run_skipped)
//   job_executed                            a run succeeded
//   job_error                               a run failed: exit status, signal, could not start
//   job_timeout                             a run was stopped by its timeout (schedtool's)
//   job_missed                              a run time missed by more than misfire_grace_time
//   job_retry                               a failed run will be tried again (schedtool's)
// Notes and the shutdown summary have no kind: they are log text, never a listener's business.
#include <optional>
#include <string_view>

#include "config/event_names.h"  // the names themselves: event_kinds(), is_event_kind()
#include "schedule/events.h"

namespace schedtool {

// The kind of `e`, or nullopt for a note or the summary.
std::optional<std::string_view> event_kind(const Event& e);

}  // namespace schedtool
