#pragma once
// The first `count` fire times of a trigger at or after `from` — what `schedtool next` shows.
// Follows the scheduler's own sequence (next_fire_time(nullopt, from), then (previous, previous))
// and leaves out fires before `from` (a date trigger's past run_date).
#include <cstddef>
#include <vector>

#include "trigger/trigger.h"

namespace schedtool {

std::vector<Instant> preview_fire_times(const Trigger& trigger, Instant from, std::size_t count);

}  // namespace schedtool
