// calendarinterval (computed from start_date, month_end skip/clamp, DST by the cron rules) and the
// and/or combinations (each child's own series; a bounded search when an `and` never agrees).
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "time/time_text.h"
#include "trigger/calendar_interval_trigger.h"
#include "trigger/combining_trigger.h"
#include "trigger/cron_trigger.h"
#include "cron/crontab.h"
#include "trigger/date_trigger.h"
#include "trigger/interval_trigger.h"
#include "trigger/preview.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;

std::string fires(const Trigger& trigger, const std::string& from, std::size_t n) {
  std::string out;
  for (const Instant t : preview_fire_times(trigger, parse_time_in(from, trigger.zone()), n))
    out.append(out.empty() ? "" : " ").append(format_rfc3339(t, trigger.zone()));
  return out;
}

std::shared_ptr<CalendarIntervalTrigger> calendar(CalendarStep step, date::year_month_day start, const char* zone) {
  return std::make_shared<CalendarIntervalTrigger>(step, start, std::nullopt, find_zone(zone));
}

TEST_CASE("calendarinterval: month ends skipped or clamped, never drifting") {
  CalendarStep monthly;
  monthly.months = 1;
  monthly.time_of_day = 9h;
  const auto jan31 = date::year{2024} / 1 / 31;
  CHECK(fires(*calendar(monthly, jan31, "UTC"), "2024-01-01T00:00:00Z", 4) ==
        "2024-01-31T09:00:00+00:00 2024-03-31T09:00:00+00:00 2024-05-31T09:00:00+00:00 2024-07-31T09:00:00+00:00");
  monthly.month_end = MonthEnd::clamp;
  CHECK(fires(*calendar(monthly, jan31, "UTC"), "2024-01-01T00:00:00Z", 4) ==
        "2024-01-31T09:00:00+00:00 2024-02-29T09:00:00+00:00 2024-03-31T09:00:00+00:00 2024-04-30T09:00:00+00:00");

  // months=1, days=1 from Jan 30: fire k = Jan 30 + k months + k days. APScheduler drifts
  // (Mar 31, Jun 1, Jul 2); here Feb 30 is skipped and the series stays on its formula.
  CalendarStep drift;
  drift.months = 1;
  drift.days = 1;
  CHECK(fires(*calendar(drift, date::year{2024} / 1 / 30, "UTC"), "2024-01-01T00:00:00Z", 4) ==
        "2024-01-30T00:00:00+00:00 2024-04-01T00:00:00+00:00 2024-05-03T00:00:00+00:00 2024-06-03T00:00:00+00:00");

  CalendarStep leap;
  leap.years = 1;
  CHECK(fires(*calendar(leap, date::year{2096} / 2 / 29, "UTC"), "2096-01-01T00:00:00Z", 2) ==
        "2096-02-29T00:00:00+00:00 2104-02-29T00:00:00+00:00");
}

TEST_CASE("calendarinterval keeps the wall-clock time across DST (London, New York)") {
  CalendarStep daily;
  daily.days = 1;
  daily.time_of_day = 1h + 30min;  // 01:30 does not exist in London on 2026-03-29
  CHECK(fires(*calendar(daily, date::year{2026} / 3 / 28, "Europe/London"), "2026-03-28T00:00:00Z", 3) ==
        "2026-03-28T01:30:00+00:00 2026-03-29T02:00:00+01:00 2026-03-30T01:30:00+01:00");
  // 01:30 happens twice on 2026-10-25: the first occurrence only.
  CHECK(fires(*calendar(daily, date::year{2026} / 10 / 24, "Europe/London"), "2026-10-24T00:00:00Z", 3) ==
        "2026-10-24T01:30:00+01:00 2026-10-25T01:30:00+01:00 2026-10-26T01:30:00+00:00");
  CalendarStep weekly;
  weekly.weeks = 1;
  weekly.time_of_day = 12h;  // unlike interval, 12:00 stays 12:00 across spring-forward
  CHECK(fires(*calendar(weekly, date::year{2026} / 3 / 1, "America/New_York"), "2026-03-01T00:00:00-05:00", 3) ==
        "2026-03-01T12:00:00-05:00 2026-03-08T12:00:00-04:00 2026-03-15T12:00:00-04:00");
}

TEST_CASE("calendarinterval describes itself and respects end_date") {
  CalendarStep step;
  step.months = 1;
  step.days = 2;
  step.time_of_day = 9h + 30min;
  const CalendarIntervalTrigger t(step, date::year{2026} / 1 / 1, date::year{2026} / 3 / 5, find_zone("UTC"));
  CHECK(t.describe() == "calendarinterval[months=1, days=2, time=09:30:00]");
  CHECK(fires(t, "2026-01-01T00:00:00Z", 10) ==
        "2026-01-01T09:30:00+00:00 2026-02-03T09:30:00+00:00 2026-03-05T09:30:00+00:00");
}

TriggerPtr cron(const char* expr, const char* zone = "UTC") {
  return std::make_shared<CronTrigger>(parse_crontab(expr).expr, find_zone(zone), TriggerWindow{}, expr);
}

TEST_CASE("or: every instant any child fires, once; an interval child keeps its own grid") {
  const ZonePtr utc = find_zone("UTC");
  const Instant created = parse_time_in("2026-01-01T00:00:00Z", *utc);
  auto every_25_min = std::make_shared<IntervalTrigger>(25min, utc, TriggerWindow{}, created);
  const OrTrigger either({cron("0,30 * * * *"), every_25_min}, utc);
  // 00:25 (interval), 00:30 (cron), 00:50 (interval), 01:00 (cron), 01:15 (interval), 01:30 (both, once)
  CHECK(fires(either, "2026-01-01T00:00:01Z", 6) ==
        "2026-01-01T00:25:00+00:00 2026-01-01T00:30:00+00:00 2026-01-01T00:50:00+00:00 "
        "2026-01-01T01:00:00+00:00 2026-01-01T01:15:00+00:00 2026-01-01T01:30:00+00:00");
  CHECK(either.describe() == "or[cron[0,30 * * * *], interval[0:25:00]]");
}

TEST_CASE("and: instants all children agree on, within the threshold") {
  const ZonePtr utc = find_zone("UTC");
  const AndTrigger mondays_at_nine({cron("0 9 * * *"), cron("0 * * * mon")}, 1s, utc);
  CHECK(fires(mondays_at_nine, "2026-01-01T00:00:00Z", 2) == "2026-01-05T09:00:00+00:00 2026-01-12T09:00:00+00:00");

  const Instant created = parse_time_in("2026-01-01T00:00:00.4Z", *utc);
  auto offset_interval = std::make_shared<IntervalTrigger>(1h, utc, TriggerWindow{}, created);  // xx:00:00.4
  const AndTrigger loose({cron("0 */2 * * *"), offset_interval}, 1s, utc);
  CHECK(fires(loose, "2026-01-01T00:00:00Z", 2) == "2026-01-01T02:00:00+00:00 2026-01-01T04:00:00+00:00");
  const AndTrigger strict({cron("0 */2 * * *"), offset_interval}, 100ms, utc);
  CHECK(fires(strict, "2026-01-01T00:00:00Z", 2).empty());
}

TEST_CASE("and: children that never agree give no next fire time, without hanging (APScheduler #783)") {
  const ZonePtr utc = find_zone("UTC");
  const AndTrigger never({cron("0 0 * * *"), cron("30 0 * * *")}, 1s, utc);
  CHECK_FALSE(never.next_fire_time(std::nullopt, parse_time_in("2026-01-01T00:00:00Z", *utc)).has_value());
  const AndTrigger after_date({cron("0 0 * * *"), std::make_shared<DateTrigger>(parse_time_in("2026-01-01T12:00:00Z", *utc), utc)},
                              1s, utc);
  CHECK_FALSE(after_date.next_fire_time(std::nullopt, parse_time_in("2026-01-01T00:00:00Z", *utc)).has_value());
}

}  // namespace
}  // namespace schedtool
