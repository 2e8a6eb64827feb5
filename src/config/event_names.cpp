#include "config/event_names.h"

#include <algorithm>

namespace schedtool {
namespace {

constexpr std::string_view kKinds[] = {
    "scheduler_started", "scheduler_shutdown", "scheduler_paused", "scheduler_resumed",
    "job_added",         "job_removed",        "job_modified",     "job_submitted",
    "job_max_instances", "job_executed",       "job_error",        "job_timeout",
    "job_missed",        "job_retry",
};

}  // namespace

std::span<const std::string_view> event_kinds() { return kKinds; }

bool is_event_kind(std::string_view name) {
  return std::find(std::begin(kKinds), std::end(kKinds), name) != std::end(kKinds);
}

}  // namespace schedtool
