#pragma once
// Elapsed-time intervals (APScheduler 3's IntervalTrigger): fires at start_date + k·interval in
// absolute time, so `days = 1` from 12:00 EST continues at 13:00 EDT after spring-forward.
// Without start_date the series starts one interval after the trigger was created (`created_at`).
// The first fire at or after `now` is grid point k = max(0, ceil((now - start_date) / interval)).
// A zero interval is 1 second, as in APScheduler 3. end_date is inclusive.
#include <optional>
#include <string>

#include "trigger/trigger.h"

namespace schedtool {

class IntervalTrigger final : public Trigger {
 public:
  IntervalTrigger(Duration interval, ZonePtr zone, TriggerWindow window, Instant created_at);

  std::optional<Instant> next_fire_time(std::optional<Instant> previous, Instant now) const override;
  std::optional<Instant> first_at_or_after(Instant t) const override { return next_fire_time(std::nullopt, t); }
  std::string describe() const override;  // "interval[0:00:05]", "interval[1 day, 2:03:01.500000]"
  const Zone& zone() const override { return *zone_; }
  Duration interval() const { return interval_; }
  Instant start_date() const { return start_date_; }

 private:
  Duration interval_;
  ZonePtr zone_;
  Instant start_date_;
  std::optional<Instant> end_date_;
};

// Python's str(timedelta): "0:00:05", "1 day, 2:03:01.500000", "-1 day, 23:59:59".
std::string format_timedelta(Duration d);

}  // namespace schedtool
