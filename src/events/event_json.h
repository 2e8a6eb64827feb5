#pragma once
// An event as one flat JSON object: what a listener reads on its standard input. Every member is
// always present (null when it does not apply), so a reader needs no schema per kind:
//
//   kind                event kind (events/vocabulary.h)
//   time                when it happened, RFC 3339 with microseconds, in the scheduler's zone
//   job_id, job_name    the job (null for scheduler_* events)
//   scheduled_run_time  the run time concerned (job_submitted … job_retry, job_missed)
//   exit_status         the exit status of a run that exited (job_executed, job_error)
//   signal              the signal that killed the run (job_error, job_timeout)
//   error               why the command could not start (job_error)
//   duration_s          how long the run took (job_executed, job_error, job_timeout)
//   attempt, attempts   which attempt of how many (runs and job_retry; 1 and 1 without retries)
//   final               job_error / job_timeout: true when no retry follows (page only then)
//   retry_at            job_retry: when the next attempt starts
//   output_tail         job_executed / job_error / job_timeout: the last 4 KiB the run wrote
//   instance            the scheduler: "host:pid"
// and the same as SCHEDTOOL_* environment variables (event_environment). Pure.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schedule/events.h"
#include "time/zone.h"

namespace schedtool {

inline constexpr std::size_t kOutputTailBytes = 4096;

struct EventContext {
  std::string_view kind;      // event_kind(e)
  std::string_view job_name;  // "" when there is no job
  std::string_view instance;
};

std::string event_json(const Event& e, const EventContext& context, const Zone& zone);

// SCHEDTOOL_EVENT, SCHEDTOOL_TIME, SCHEDTOOL_JOB_ID, SCHEDTOOL_JOB_NAME, SCHEDTOOL_SCHEDULED_AT,
// SCHEDTOOL_EXIT_STATUS, SCHEDTOOL_SIGNAL, SCHEDTOOL_DURATION, SCHEDTOOL_ATTEMPT, SCHEDTOOL_ATTEMPTS,
// SCHEDTOOL_FINAL, SCHEDTOOL_INSTANCE — each only when its JSON member is not null.
std::vector<std::pair<std::string, std::string>> event_environment(const Event& e, const EventContext& context,
                                                                   const Zone& zone);

}  // namespace schedtool
