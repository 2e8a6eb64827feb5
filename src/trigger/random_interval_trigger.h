#pragma once
// A random interval (`every = "2 to 4 hours"`, the schedule library's every(2).to(4).hours): each
// fire is a uniform whole number of units in [min, max] after the previous scheduled fire time
// (counted from the scheduled time, not from when the run ended, so a slow run never shifts the
// series). The draw is a pure function of (seed, previous fire time): the next run time that the
// job store keeps is enough to continue the same series after a restart, and `next` shows the
// same times the scheduler will use. Without a previous fire the base is start_date, or `now`
// when start_date is absent or past. end_date is inclusive.
#include <cstdint>
#include <utility>

#include "trigger/trigger.h"

namespace schedtool {

class RandomIntervalTrigger final : public Trigger {
 public:
  RandomIntervalTrigger(long min_units, long max_units, std::chrono::seconds unit, ZonePtr zone,
                        TriggerWindow window, std::uint64_t seed);

  std::optional<Instant> next_fire_time(std::optional<Instant> previous, Instant now) const override;
  std::optional<Instant> first_at_or_after(Instant t) const override { return next_fire_time(std::nullopt, t); }
  std::string describe() const override;  // "random_interval[2:00:00 to 4:00:00]"
  const Zone& zone() const override { return *zone_; }
  // The range a fire after `base` falls in: [base + min, base + max].
  Duration shortest() const { return unit_ * min_units_; }
  Duration longest() const { return unit_ * max_units_; }
  // The window the fire after `previous` is drawn from (its base as next_fire_time has it, plus
  // shortest() … longest()): what `next` shows as "earliest" / "latest" beside the drawn time.
  std::pair<Instant, Instant> draw_window(std::optional<Instant> previous, Instant now) const;

 private:
  Duration draw(Instant base) const;
  Instant base_of(std::optional<Instant> previous, Instant now) const;

  long min_units_, max_units_;
  Duration unit_;
  ZonePtr zone_;
  TriggerWindow window_;
  std::uint64_t seed_;
};

}  // namespace schedtool
