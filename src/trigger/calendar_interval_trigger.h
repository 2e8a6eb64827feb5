#pragma once
// Calendar steps at a fixed time of day (APScheduler 3.11's CalendarIntervalTrigger), with two
// defects of APScheduler's left out:
//   * Fire k is computed from start_date, never from the previous fire: on the date
//     start_date + k·years + k·months — when that day does not exist, skipped (month_end = "skip",
//     APScheduler's rule: Jan 31 + 1 month → Mar 31) or moved to the month's last day ("clamp":
//     Feb 28/29) — plus k·(7·weeks + days) days. So a skipped month end never shifts the series
//     (APScheduler's months=1, days=1 from Jan 30 gives Mar 31, Jun 1, Jul 2, …; ours Apr 1, May 3…
//     is exactly start + k·(1 month + 1 day)).
//   * The time of day keeps its wall-clock reading across DST, by the cron rules: a time in a
//     spring-forward gap fires at the end of the gap (APScheduler skips the day); a repeated time
//     fires at its first occurrence.
// end_date (a date) is inclusive.
#include <optional>
#include <string>

#include "trigger/trigger.h"

namespace schedtool {

enum class MonthEnd { skip, clamp };

struct CalendarStep {
  int years = 0, months = 0, weeks = 0, days = 0;
  std::chrono::seconds time_of_day{0};
  MonthEnd month_end = MonthEnd::skip;
  bool empty() const { return years == 0 && months == 0 && weeks == 0 && days == 0; }
};

class CalendarIntervalTrigger final : public Trigger {
 public:
  CalendarIntervalTrigger(CalendarStep step, date::year_month_day start_date,
                          std::optional<date::year_month_day> end_date, ZonePtr zone);

  std::optional<Instant> next_fire_time(std::optional<Instant> previous, Instant now) const override;
  std::optional<Instant> first_at_or_after(Instant t) const override;
  // "calendarinterval[months=1, days=1, time=09:30:00]"
  std::string describe() const override;
  const Zone& zone() const override { return *zone_; }

  // The date of fire k, or nullopt when month_end = "skip" and that day does not exist.
  std::optional<date::year_month_day> date_of(long k) const;
  const CalendarStep& step() const { return step_; }

 private:
  CalendarStep step_;
  date::year_month_day start_;
  std::optional<date::year_month_day> end_;
  ZonePtr zone_;
};

}  // namespace schedtool
