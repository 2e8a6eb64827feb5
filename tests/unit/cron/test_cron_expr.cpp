// CronExpr::next_match and CronExpr::day_mask: the calendar search, with no zone involved.
// Expressions are built the way the program builds them (parse_crontab, compile_cron_fields).
// Expected readings were worked out by hand and checked with the conformance reference
// (/work/shared/conformance/tools/rules.py next … UTC …) where its grammar covers the case; the
// Quartz extras (W, LW, #, L) were checked against Python's calendar module.
#include <doctest/doctest.h>

#include "support/cron_match.h"

namespace schedtool {
namespace {

using testing::check_rows;
using testing::compile;
using testing::day_list;
using testing::MatchCase;

TEST_CASE("next_match: inclusive start, fractional rounding, rollovers") {
  check_rows({
      {"from equal to a match returns it", "30 2 * * *", "2026-03-07 02:30:00", {"2026-03-07 02:30:00", "2026-03-08 02:30:00"}},
      {"from one second past a match goes to the next day", "30 2 * * *", "2026-03-07 02:30:01", {"2026-03-08 02:30:00"}},
      {"a fractional from rounds up to the next whole second", "30 2 * * *", "2026-03-07 02:30:00.5", {"2026-03-08 02:30:00"}},
      {"every second: 1 us past a second gives the next second", "* * * * * *", "2026-03-07 02:30:00.000001",
       {"2026-03-07 02:30:01", "2026-03-07 02:30:02"}},
      {"every second: a whole-second from is itself", "* * * * * *", "2026-03-07 02:30:00", {"2026-03-07 02:30:00"}},
      {"year rollover at midnight", "0 0 1 1 *", "2026-12-31 23:59:59", {"2027-01-01 00:00:00", "2028-01-01 00:00:00"}},
      {"last minute of the year, one second late, waits a year", "59 23 31 12 *", "2026-12-31 23:59:01",
       {"2027-12-31 23:59:00"}},
      {"minute rollover into the next hour", "*/20 * * * *", "2026-05-05 09:41:00", {"2026-05-05 10:00:00", "2026-05-05 10:20:00"}},
      {"hour rollover into the next month", "0 23 * * *", "2026-04-30 23:00:01", {"2026-05-01 23:00:00"}},
  });
}

TEST_CASE("next_match: leap days") {
  check_rows({
      {"Feb 29 from 2025 is 2028", "0 0 29 2 *", "2025-01-01 00:00:00", {"2028-02-29 00:00:00", "2032-02-29 00:00:00"}},
      {"Feb 29 skips 2100, not a leap year", "0 0 29 2 *", "2096-03-01 00:00:00", {"2104-02-29 00:00:00"}},
      {"last day of February in a leap year", "aps: day=last", "2028-01-31 00:00:01", {"2028-02-29 00:00:00", "2028-03-31 00:00:00"}},
      {"L in February of a common year", "0 0 L * ?", "2026-02-01 00:00:00", {"2026-02-28 00:00:00", "2026-03-31 00:00:00"}},
  });
}

// Each of these must come back from the call: the search gives up after one Gregorian cycle
// (or at the last allowed year) instead of looping.
TEST_CASE("next_match: impossible schedules return nullopt") {
  check_rows({
      {"Feb 30", "0 0 30 2 *", "2026-01-01 00:00:00", {"none"}},
      {"Feb 31", "0 0 31 2 *", "2026-01-01 00:00:00", {"none"}},
      {"Apr 31", "0 0 31 4 *", "2026-01-01 00:00:00", {"none"}},
      {"Jun/Sep/Nov 31", "0 0 31 6,9,11 *", "2026-01-01 00:00:00", {"none"}},
      {"APScheduler day=31 month=2", "aps: month=2; day=31", "2026-01-01 00:00:00", {"none"}},
      {"APScheduler year in the past", "aps: year=2020", "2026-01-01 00:00:00", {"none"}},
      {"crontab year in the past", "0 0 0 * * ? 2020", "2026-01-01 00:00:00", {"none"}},
      {"crontab year range ended", "0 0 0 1 1 ? 2000-2025", "2026-01-01 00:00:00", {"none"}},
      {"after the last year of a range", "0 0 0 1 1 ? 2030-2040/5", "2040-01-01 00:00:01", {"none"}},
      {"Feb 29 in a year range with no leap year", "0 0 0 29 2 ? 2029-2031", "2026-01-01 00:00:00", {"none"}},
      // Vixie OR: with a weekday restricted too, Feb 30 no longer makes the schedule impossible.
      {"Feb 30 OR Monday fires on February's Mondays", "0 0 30 2 mon", "2026-01-01 00:00:00",
       {"2026-02-02 00:00:00", "2026-02-09 00:00:00"}},
  });
}

TEST_CASE("next_match: last, nth weekday, W and LW") {
  check_rows({
      {"APScheduler last fri", "aps: day=last fri", "2026-01-01 00:00:00",
       {"2026-01-30 00:00:00", "2026-02-27 00:00:00", "2026-03-27 00:00:00"}},
      {"Quartz 5L (last Friday)", "0 0 ? * 5L", "2026-01-01 00:00:00", {"2026-01-30 00:00:00", "2026-02-27 00:00:00"}},
      {"Quartz friL", "0 0 ? * friL", "2026-02-28 00:00:00", {"2026-03-27 00:00:00"}},
      {"APScheduler 3rd fri", "aps: day=3rd fri", "2026-01-01 00:00:00",
       {"2026-01-16 00:00:00", "2026-02-20 00:00:00", "2026-03-20 00:00:00"}},
      {"Quartz fri#3", "0 0 ? * fri#3", "2026-01-17 00:00:00", {"2026-02-20 00:00:00"}},
      {"fri#5 skips months without a fifth Friday", "0 0 ? * fri#5", "2026-01-01 00:00:00",
       {"2026-01-30 00:00:00", "2026-05-29 00:00:00", "2026-07-31 00:00:00", "2026-10-30 00:00:00"}},
      {"APScheduler 5th fri skips the same months", "aps: day=5th fri", "2026-01-31 00:00:00", {"2026-05-29 00:00:00"}},
      // 2026: the 15th is a Sunday in Feb and Mar (→ Monday 16th), a Saturday in Aug (→ Friday 14th).
      {"15W: nearest weekday to the 15th", "0 0 15W * ?", "2026-01-01 00:00:00",
       {"2026-01-15 00:00:00", "2026-02-16 00:00:00", "2026-03-16 00:00:00", "2026-04-15 00:00:00"}},
      {"15W on a Saturday moves back to Friday", "0 0 15W * ?", "2026-07-16 00:00:00", {"2026-08-14 00:00:00"}},
      {"1W on a Saturday moves forward, not into the previous month", "0 0 1W * ?", "2026-07-02 00:00:00",
       {"2026-08-03 00:00:00", "2026-09-01 00:00:00"}},
      {"31W on a Sunday moves back two days", "0 0 31W * ?", "2026-05-01 00:00:00", {"2026-05-29 00:00:00"}},
      // Jan 2026 ends on a Saturday, Feb on a Saturday, Mar on a Tuesday, May on a Sunday.
      {"LW: last weekday of the month", "0 0 LW * ?", "2026-01-01 00:00:00",
       {"2026-01-30 00:00:00", "2026-02-27 00:00:00", "2026-03-31 00:00:00", "2026-04-30 00:00:00", "2026-05-29 00:00:00"}},
  });
}

TEST_CASE("next_match: ISO week field") {
  check_rows({
      // 2026 has 53 ISO weeks (1 Jan 2026 is a Thursday); week 1 of 2027 starts Monday 4 Jan.
      {"week=1 after mid-year is next January's week 1", "aps: week=1", "2026-06-01 00:00:00",
       {"2027-01-04 00:00:00", "2027-01-05 00:00:00"}},
      {"week=1 can start in December", "aps: week=1", "2024-12-01 00:00:00", {"2024-12-30 00:00:00", "2024-12-31 00:00:00"}},
      {"week=53 in a year that has one", "aps: week=53", "2026-01-01 00:00:00", {"2026-12-28 00:00:00"}},
      {"week=53 of 2026 runs into January 2027", "aps: week=53", "2026-12-31 12:00:00",
       {"2027-01-01 00:00:00", "2027-01-02 00:00:00", "2027-01-03 00:00:00", "2032-12-27 00:00:00"}},
      {"week=53 skips years with 52 weeks", "aps: week=53", "2027-01-04 00:00:00", {"2032-12-27 00:00:00"}},
      {"week=52 of 2027 runs into January 2028", "aps: week=52", "2027-12-31 00:00:00",
       {"2027-12-31 00:00:00", "2028-01-01 00:00:00", "2028-01-02 00:00:00"}},
      {"week=1 AND Sunday", "aps: week=1; day_of_week=sun", "2026-06-01 00:00:00",
       {"2027-01-10 00:00:00", "2028-01-09 00:00:00"}},
  });
}

TEST_CASE("next_match: Vixie OR versus AND of the day fields") {
  check_rows({
      // Both restricted → OR: every Friday and every 13th (13 Apr 2026 is a Monday).
      {"0 12 13 * 5 is every Friday OR the 13th", "0 12 13 * 5", "2026-03-01 00:00:00",
       {"2026-03-06 12:00:00", "2026-03-13 12:00:00", "2026-03-20 12:00:00", "2026-03-27 12:00:00",
        "2026-04-03 12:00:00", "2026-04-10 12:00:00", "2026-04-13 12:00:00", "2026-04-17 12:00:00"}},
      // Day-of-month text starts with '*' → AND: odd days that are Mondays.
      {"0 0 */2 * 1 is odd days AND Mondays", "0 0 */2 * 1", "2026-01-01 00:00:00",
       {"2026-01-05 00:00:00", "2026-01-19 00:00:00", "2026-02-09 00:00:00", "2026-02-23 00:00:00"}},
      {"0 0 15 * 0-6 is every day", "0 0 15 * 0-6", "2026-01-30 00:00:00",
       {"2026-01-30 00:00:00", "2026-01-31 00:00:00", "2026-02-01 00:00:00"}},
      {"a ? day-of-week leaves the 13th alone", "0 12 13 * ?", "2026-03-01 00:00:00", {"2026-03-13 12:00:00", "2026-04-13 12:00:00"}},
      {"APScheduler fields AND: Friday the 13th", "aps: day=13; day_of_week=fri", "2026-01-01 00:00:00",
       {"2026-02-13 00:00:00", "2026-03-13 00:00:00", "2026-11-13 00:00:00"}},
  });
}

TEST_CASE("next_match: years and seconds") {
  check_rows({
      {"7-field year range with a step", "0 0 0 1 1 ? 2030-2040/5", "2026-01-01 00:00:00",
       {"2030-01-01 00:00:00", "2035-01-01 00:00:00", "2040-01-01 00:00:00", "none"}},
      {"APScheduler year=2030-2040/5", "aps: year=2030-2040/5", "2026-01-01 00:00:00",
       {"2030-01-01 00:00:00", "2035-01-01 00:00:00", "2040-01-01 00:00:00", "none"}},
      {"a year list", "0 0 12 29 2 ? 2027,2028,2032", "2026-01-01 00:00:00",
       {"2028-02-29 12:00:00", "2032-02-29 12:00:00", "none"}},
      {"from inside an allowed year", "0 0 0 1 * ? 2030", "2030-11-15 00:00:00", {"2030-12-01 00:00:00", "none"}},
      {"crontab seconds step", "*/20 * * * * *", "2026-05-05 12:00:41", {"2026-05-05 12:01:00", "2026-05-05 12:01:20"}},
      {"a second in the year's last minute", "30 59 23 31 12 *", "2026-12-31 23:59:31", {"2027-12-31 23:59:30"}},
      {"APScheduler second=*/7 wraps at 56", "aps: second=*/7", "2026-01-01 00:00:57",
       {"2026-01-01 00:01:00", "2026-01-01 00:01:07"}},
      {"second list", "5,10 0 9 * * *", "2026-01-01 09:00:06", {"2026-01-01 09:00:10", "2026-01-02 09:00:05"}},
  });
}

struct MaskCase {
  const char* what;
  const char* expr;
  int year;
  unsigned month;
  const char* days;
};

TEST_CASE("day_mask combines the day fields for one month") {
  const MaskCase rows[] = {
      {"every day of a 30-day month", "0 0 * * *", 2026, 4, "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30"},
      {"31 in a 30-day month is no day", "0 0 31 * *", 2026, 4, ""},
      {"29 in February of a common year is no day", "0 0 29 * *", 2026, 2, ""},
      {"29 in February of a leap year", "0 0 29 * *", 2028, 2, "29"},
      {"L in February 2028", "0 0 L * ?", 2028, 2, "29"},
      {"Vixie OR: Fridays and the 13th", "0 12 13 * 5", 2026, 4, "3,10,13,17,24"},
      {"Vixie OR when the 13th is a Friday", "0 12 13 * 5", 2026, 2, "6,13,20,27"},
      {"AND: odd days that are Mondays", "0 0 */2 * 1", 2026, 1, "5,19"},
      {"15W on a Saturday", "0 0 15W * ?", 2026, 8, "14"},
      {"15W on a Sunday", "0 0 15W * ?", 2026, 11, "16"},
      {"LW when the month ends on a Sunday", "0 0 LW * ?", 2026, 5, "29"},
      {"fri#5 in a month with four Fridays", "0 0 ? * fri#5", 2026, 2, ""},
      {"fri#5 in a month with five", "0 0 ? * fri#5", 2026, 7, "31"},
      {"last Friday", "0 0 ? * 5L", 2026, 7, "31"},
      {"W and weekdays OR'd", "0 0 15W * sun", 2026, 3, "1,8,15,16,22,29"},
      {"ISO week 53 at the end of December 2026", "aps: week=53", 2026, 12, "28,29,30,31"},
      {"ISO week 53 of 2026 at the start of January 2027", "aps: week=53", 2027, 1, "1,2,3"},
      {"ISO week 1 of 2025 in December 2024", "aps: week=1", 2024, 12, "30,31"},
      {"no ISO week 53 in 2027", "aps: week=53", 2027, 12, ""},
  };
  for (const MaskCase& row : rows) {
    CAPTURE(row.expr);
    SUBCASE(row.what) { CHECK(day_list(compile(row.expr).day_mask(row.year, row.month)) == row.days); }
  }
}

}  // namespace
}  // namespace schedtool
