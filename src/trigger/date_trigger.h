#pragma once
// Fires once, at run_date (APScheduler's DateTrigger). Like APScheduler it returns run_date as the
// first fire time even when run_date is before `now`; the scheduler treats that as a misfire, and
// a preview (`schedtool next`) leaves it out.
#include <optional>
#include <string>

#include "trigger/trigger.h"

namespace schedtool {

class DateTrigger final : public Trigger {
 public:
  DateTrigger(Instant run_date, ZonePtr zone);

  std::optional<Instant> next_fire_time(std::optional<Instant> previous, Instant now) const override;
  std::optional<Instant> first_at_or_after(Instant t) const override {
    return run_date_ >= t ? std::optional<Instant>(run_date_) : std::nullopt;
  }
  std::string describe() const override;  // "date[2026-12-31 23:59:59 CST]"
  const Zone& zone() const override { return *zone_; }
  Instant run_date() const { return run_date_; }

 private:
  Instant run_date_;
  ZonePtr zone_;
};

}  // namespace schedtool
