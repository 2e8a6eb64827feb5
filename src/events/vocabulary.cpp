#include "events/vocabulary.h"

namespace schedtool {
namespace {

// By EventKind, in its declaration order (schedule/events.h); "" = no kind.
constexpr std::string_view kByEventKind[] = {
    "job_added",         // job_added
    "job_removed",       // job_removed
    "job_modified",      // job_modified (ctl modify / reschedule)
    "job_submitted",     // run_started
    "job_executed",      // run_succeeded
    "job_error",         // run_failed (job_timeout when timed out)
    "job_missed",        // run_missed
    "job_max_instances", // run_skipped
    "job_retry",         // run_retry
    "scheduler_started", // scheduler_started
    "scheduler_shutdown",// scheduler_shutdown
    "scheduler_paused",  // scheduler_paused
    "scheduler_resumed", // scheduler_resumed
    "",                  // summary
    "",                  // note
};
static_assert(std::size(kByEventKind) == static_cast<std::size_t>(EventKind::note) + 1);

}  // namespace

std::optional<std::string_view> event_kind(const Event& e) {
  if (e.kind == EventKind::run_failed && e.outcome.timed_out) return "job_timeout";
  const std::string_view kind = kByEventKind[static_cast<int>(e.kind)];
  if (kind.empty()) return std::nullopt;
  return kind;
}

}  // namespace schedtool
