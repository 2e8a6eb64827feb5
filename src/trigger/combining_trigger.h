#pragma once
// `or` and `and` of several triggers (APScheduler's OrTrigger / AndTrigger), built on each child's
// own fire set (Trigger::first_at_or_after), so they behave as APScheduler 4's stateful ones:
//   or  — every instant any child fires, each distinct instant once;
//   and — instants on which every child fires within `threshold` of each other (default 1 s);
//         the earliest of the agreeing times is the fire time.
// An `and` whose children never agree has no next fire time: the search stops after a bounded
// number of rounds (APScheduler 3's AndTrigger loops forever, #783).
#include <vector>

#include "trigger/trigger.h"

namespace schedtool {

class OrTrigger final : public Trigger {
 public:
  OrTrigger(std::vector<TriggerPtr> children, ZonePtr zone);
  std::optional<Instant> next_fire_time(std::optional<Instant> previous, Instant now) const override;
  std::optional<Instant> first_at_or_after(Instant t) const override;
  std::string describe() const override;  // "or[cron[hour='9'], interval[0:30:00]]"
  const Zone& zone() const override { return *zone_; }
  const std::vector<TriggerPtr>& children() const { return children_; }

 private:
  std::vector<TriggerPtr> children_;
  ZonePtr zone_;
};

class AndTrigger final : public Trigger {
 public:
  static constexpr int kMaxRounds = 100'000;

  AndTrigger(std::vector<TriggerPtr> children, Duration threshold, ZonePtr zone);
  std::optional<Instant> next_fire_time(std::optional<Instant> previous, Instant now) const override;
  std::optional<Instant> first_at_or_after(Instant t) const override;
  std::string describe() const override;  // "and[cron[day_of_week='mon'], date[…]]"
  const Zone& zone() const override { return *zone_; }
  const std::vector<TriggerPtr>& children() const { return children_; }
  Duration threshold() const { return threshold_; }

 private:
  std::vector<TriggerPtr> children_;
  Duration threshold_;
  ZonePtr zone_;
};

}  // namespace schedtool
