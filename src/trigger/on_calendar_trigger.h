#pragma once
// `calendar = "..."` — systemd OnCalendar= lines (cron/on_calendar.h) as triggers we already have:
// each line a CronTrigger in its trailing zone (else the job's), with schedtool's DST rules
// (trigger/cron_trigger.h); several lines their union, an `or` (each distinct instant once), as
// several OnCalendar= lines of one timer unit.
//
// systemd differs in one place, a documented difference: a time of day inside a spring-forward gap
// (`*-*-* 02:30` on 2026-03-29 in Europe/Berlin) is skipped that day by systemd; schedtool fires at
// the end of the gap (03:00 CEST), because no calendar day is ever skipped.
#include <string_view>
#include <vector>

#include "trigger/trigger.h"

namespace schedtool {

// One line. Throws Error with the line as source: the grammar's errors, or an unknown trailing
// zone with the caret under it.
TriggerPtr compile_on_calendar(std::string_view line, const ZonePtr& zone, const TriggerWindow& window);

// The union of several compiled lines: the one trigger itself, or an `or` of them.
TriggerPtr union_of_lines(std::vector<TriggerPtr> lines, const ZonePtr& zone);

}  // namespace schedtool
