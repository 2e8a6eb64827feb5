#include "trigger/on_calendar_trigger.h"

#include <utility>

#include "base/error.h"
#include "cron/on_calendar.h"
#include "trigger/combining_trigger.h"
#include "trigger/cron_trigger.h"

namespace schedtool {

TriggerPtr compile_on_calendar(std::string_view line, const ZonePtr& zone, const TriggerWindow& window) {
  OnCalendar calendar = parse_on_calendar(line);
  ZonePtr line_zone = zone;
  if (!calendar.zone.empty()) {
    try {
      line_zone = find_zone(calendar.zone);
    } catch (Error& e) {
      throw Error(e.message, std::string(line), calendar.zone_offset, calendar.zone.size());
    }
  }
  // str(trigger) shows the compiled kind with the line it came from: cron[calendar='Mon *-*-* 09:00:00'].
  return std::make_shared<CronTrigger>(std::move(calendar.expr), line_zone, window,
                                       "calendar='" + calendar.normalized + "'");
}

TriggerPtr union_of_lines(std::vector<TriggerPtr> lines, const ZonePtr& zone) {
  if (lines.size() == 1) return std::move(lines.front());
  return std::make_shared<OrTrigger>(std::move(lines), zone);
}

}  // namespace schedtool
