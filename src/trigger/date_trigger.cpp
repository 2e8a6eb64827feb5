#include "trigger/date_trigger.h"

#include "time/time_text.h"

namespace schedtool {

DateTrigger::DateTrigger(Instant run_date, ZonePtr zone) : run_date_(run_date), zone_(std::move(zone)) {}

std::optional<Instant> DateTrigger::next_fire_time(std::optional<Instant> previous, Instant) const {
  if (previous) return std::nullopt;
  return run_date_;
}

std::string DateTrigger::describe() const { return "date[" + format_local(run_date_, *zone_) + "]"; }

}  // namespace schedtool
