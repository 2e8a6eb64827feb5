#pragma once
// Which listeners an event reaches (pure): its kind among the listener's `events` (none = all),
// its job among `jobs` (globs, fnmatch(3) without flags; none = every event, scheduler_* too), or
// exactly `job` for a job's on_failure / on_success, which also asks for a final failure only.
#include <string_view>

#include "config/config.h"
#include "schedule/events.h"

namespace schedtool {

bool listener_wants(const ListenerConfig& listener, std::string_view kind, const Event& e);

}  // namespace schedtool
