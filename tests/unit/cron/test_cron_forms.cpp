// The cron forms other parsers accept (issue #24): Sunday at either end of a day-of-week range,
// wrap-around ranges, ranges to the last day and L-3, `#` on a weekday range and `#L`, and their
// APScheduler-field counterparts. One table per form, each across a month boundary and, where the
// form depends on the month's length, through the leap February of 2028 (29 days, starting on a
// Tuesday) and the common February of 2027 (28 days, starting on a Monday).
//
// References: croniter 1.3.5 (Debian) for mon-sun, fri-0, 29-L and 1-L/8, and croner for #L and `#`
// on ranges — their generated vectors are in tests/conformance/vectors_issue24.jsonl and the
// conformance run checks them; wrap-around ranges have Quartz's meaning (CronExpression, as node-cron
// and go-cron also read them), and the tables below were worked out by hand with a calendar.
#include <doctest/doctest.h>

#include <string>

#include "support/cron_dump.h"
#include "support/cron_match.h"

namespace schedtool {
namespace {

using testing::check_rows;
using testing::compile;
using testing::day_list;
using testing::members;
using testing::weekday_names;

}  // namespace

TEST_CASE("day-of-week ranges that end or start on Sunday") {
  struct Row {
    const char* dow;
    const char* days;
  };
  const Row rows[] = {
      {"mon-sun", "mon,tue,wed,thu,fri,sat,sun"}, {"Wed-Sun", "wed,thu,fri,sat,sun"},
      {"sat-sun", "sat,sun"},                     {"fri-0", "fri,sat,sun"},
      {"1-0", "mon,tue,wed,thu,fri,sat,sun"},     {"7-mon", "mon,sun"},
      {"7-1", "mon,sun"},                         {"7-wed", "mon,tue,wed,sun"},
      {"0-7", "mon,tue,wed,thu,fri,sat,sun"},     {"sun-sat", "mon,tue,wed,thu,fri,sat,sun"},
      {"sun-sun", "sun"},                         {"0-0", "sun"},
      {"7-7", "sun"},                             {"7-0", "sun"},
      {"mon-sun/2", "mon,wed,fri,sun"},           {"fri-0/2", "fri,sun"},
      {"6-7", "sat,sun"},                         {"7", "sun"},
  };
  for (const Row& row : rows) {
    const std::string dow = row.dow;
    CAPTURE(dow);
    const Crontab c = parse_crontab("0 0 * * " + dow);
    CHECK(weekday_names(c.expr.day_of_week.weekdays) == row.days);
    CHECK(c.warnings.empty());  // not a wrap-around: Sunday is at both ends of the week
  }
  check_rows({
      {"mon-sun: every day across the leap day", "0 9 * * mon-sun", "2028-02-28 00:00:00",
       {"2028-02-28 09:00:00", "2028-02-29 09:00:00", "2028-03-01 09:00:00", "2028-03-02 09:00:00"}},
      {"sat-sun: weekends across February's end", "0 0 * * sat-sun", "2028-02-25 00:00:00",
       {"2028-02-26 00:00:00", "2028-02-27 00:00:00", "2028-03-04 00:00:00", "2028-03-05 00:00:00"}},
      {"fri-0: Friday to Sunday", "0 0 * * fri-0", "2028-02-24 00:00:00",
       {"2028-02-25 00:00:00", "2028-02-26 00:00:00", "2028-02-27 00:00:00", "2028-03-03 00:00:00"}},
      {"7-mon: Sunday and Monday", "0 0 * * 7-mon", "2028-02-26 00:00:00",
       {"2028-02-27 00:00:00", "2028-02-28 00:00:00", "2028-03-05 00:00:00", "2028-03-06 00:00:00"}},
  });
}

TEST_CASE("wrap-around ranges run to the field's end and on from its start") {
  struct Row {
    const char* expr;
    const char* what;
    const char* values;
  };
  const Row rows[] = {
      {"0 0 1 Nov-Mar *", "month", "1,2,3,11,12"},
      {"0 0 1 Apr-Mar/2 *", "month", "2,4,6,8,10,12"},  // Apr, Jun, Aug, Oct, Dec, Feb
      {"0 0 1 dec-jan *", "month", "1,12"},
      {"0 22-2 * * *", "hour", "0,1,2,22,23"},
      {"0 22-2/2 * * *", "hour", "0,2,22"},
      {"0 23-0 * * *", "hour", "0,23"},
      {"50-5/5 * * * *", "minute", "0,5,50,55"},
      {"58-1 0 * * * *", "second", "0,1,58,59"},
      {"0 0 25-5 * *", "dom", "1,2,3,4,5,25,26,27,28,29,30,31"},
      {"0 0 25-5/3 * *", "dom", "3,25,28,31"},          // 25, 28, 31, 3
      {"0 0 * * fri-mon", "dow", "mon,fri,sat,sun"},
      {"0 0 * * sat-tue", "dow", "mon,tue,sat,sun"},
      {"0 0 * * fri-mon/2", "dow", "fri,sun"},
      {"0 0 * * 5-1", "dow", "mon,fri,sat,sun"},
      {"0 0 * * 6-5", "dow", "mon,tue,wed,thu,fri,sat,sun"},
  };
  for (const Row& row : rows) {
    const std::string expr = row.expr;
    CAPTURE(expr);
    const CronExpr e = parse_crontab(row.expr).expr;
    const std::string what = row.what;
    if (what == "month") CHECK(members(e.months) == row.values);
    if (what == "hour") CHECK(members(e.hours) == row.values);
    if (what == "minute") CHECK(members(e.minutes) == row.values);
    if (what == "second") CHECK(members(e.seconds) == row.values);
    if (what == "dom") CHECK(members(e.day_of_month.days) == row.values);
    if (what == "dow") CHECK(weekday_names(e.day_of_week.weekdays) == row.values);
  }
  check_rows({
      {"Nov-Mar: the first of each winter month", "0 0 1 Nov-Mar *", "2028-02-15 00:00:00",
       {"2028-03-01 00:00:00", "2028-11-01 00:00:00", "2028-12-01 00:00:00", "2029-01-01 00:00:00",
        "2029-02-01 00:00:00"}},
      {"hours 22-2/2 across the leap day", "0 22-2/2 * * *", "2028-02-28 23:00:00",
       {"2028-02-29 00:00:00", "2028-02-29 02:00:00", "2028-02-29 22:00:00", "2028-03-01 00:00:00",
        "2028-03-01 02:00:00"}},
      {"days 25-5/3: the 31st is skipped in February", "0 0 25-5/3 * *", "2028-02-20 00:00:00",
       {"2028-02-25 00:00:00", "2028-02-28 00:00:00", "2028-03-03 00:00:00", "2028-03-25 00:00:00",
        "2028-03-28 00:00:00", "2028-03-31 00:00:00", "2028-04-03 00:00:00"}},
      {"fri-mon across February's end", "0 0 * * fri-mon", "2028-02-28 00:00:00",
       {"2028-02-28 00:00:00", "2028-03-03 00:00:00", "2028-03-04 00:00:00", "2028-03-05 00:00:00",
        "2028-03-06 00:00:00"}},
  });
}

TEST_CASE("a numeric wrap-around is accepted with a warning; a named one without") {
  struct Row {
    const char* expr;
    const char* warning;  // "" = none
    std::size_t offset, length;
  };
  const Row rows[] = {
      {"0 10-5 * * *", "hour: range 10-5 wraps past 23: hours 10-23 and 0-5", 2, 4},
      {"0 22-2/2 * * *", "hour: range 22-2 wraps past 23: hours 22-23 and 0-2", 2, 4},
      {"0 23-0 * * *", "hour: range 23-0 wraps past 23: hours 23 and 0", 2, 4},
      {"50-10 * * * *", "minute: range 50-10 wraps past 59: minutes 50-59 and 0-10", 0, 5},
      {"0 0 25-5 * *", "day-of-month: range 25-5 wraps past 31: days 25-31 and 1-5", 4, 4},
      {"0 0 1 11-3 *", "month: range 11-3 wraps past 12: months 11-12 and 1-3", 6, 4},
      {"0 0 * * 5-1", "day-of-week: range 5-1 wraps past 6: weekdays 5-6 and 0-1", 8, 3},
      {"0 0 1 Nov-Mar *", "", 0, 0},
      {"0 0 * * fri-mon", "", 0, 0},
      {"0 0 * * mon-sun", "", 0, 0},
      {"0 0 * * fri-0", "", 0, 0},
  };
  for (const Row& row : rows) {
    const std::string expr = row.expr;
    CAPTURE(expr);
    const Crontab c = parse_crontab(row.expr);
    if (std::string(row.warning).empty()) {
      CHECK(c.warnings.empty());
      continue;
    }
    REQUIRE(c.warnings.size() == 1);
    CHECK(c.warnings[0].message == row.warning);
    CHECK(c.warnings[0].source == row.expr);
    CHECK(c.warnings[0].offset == row.offset);
    CHECK(c.warnings[0].length == row.length);
  }
  CHECK(caret_lines(parse_crontab("0 10-5 * * *").warnings.at(0)) == "  0 10-5 * * *\n    ^^^^");
}

TEST_CASE("day-of-month ranges to the last day, and L-3") {
  CHECK(members(parse_crontab("0 0 29-L * *").expr.day_of_month.days) == "29,30,31");
  CHECK(members(parse_crontab("0 0 1-L/8 * *").expr.day_of_month.days) == "1,9,17,25");
  // Three days before the last is the 4th last day: one representation with systemd's `~4`.
  CHECK(members(parse_crontab("0 0 L-3 * ?").expr.day_of_month.from_end) == "4");
  CHECK(parse_crontab("0 0 L-0 * ?").expr.day_of_month.last_day);
  check_rows({
      {"29-L in a leap year: Feb 29 only", "0 0 29-L * *", "2028-01-30 00:00:00",
       {"2028-01-30 00:00:00", "2028-01-31 00:00:00", "2028-02-29 00:00:00", "2028-03-29 00:00:00",
        "2028-03-30 00:00:00"}},
      {"29-L skips a common February", "0 0 29-l * *", "2027-01-31 00:00:00",
       {"2027-01-31 00:00:00", "2027-03-29 00:00:00"}},
      {"1-L/8", "0 0 1-L/8 * *", "2028-02-20 00:00:00",
       {"2028-02-25 00:00:00", "2028-03-01 00:00:00", "2028-03-09 00:00:00"}},
      {"L-3 in a leap February", "0 0 L-3 * ?", "2028-01-01 00:00:00",
       {"2028-01-28 00:00:00", "2028-02-26 00:00:00", "2028-03-28 00:00:00", "2028-04-27 00:00:00"}},
      {"L-3 in a common February", "0 0 L-3 * ?", "2027-02-01 00:00:00", {"2027-02-25 00:00:00", "2027-03-28 00:00:00"}},
      {"L-0 is L", "0 0 L-0 * ?", "2028-02-01 00:00:00", {"2028-02-29 00:00:00", "2028-03-31 00:00:00"}},
      {"L-30 exists only in 31-day months", "0 0 L-30 * ?", "2028-01-02 00:00:00",
       {"2028-03-01 00:00:00", "2028-05-01 00:00:00"}},
      {"L-3 with L and a day", "0 0 1,L-3,L * ?", "2028-02-02 00:00:00",
       {"2028-02-26 00:00:00", "2028-02-29 00:00:00", "2028-03-01 00:00:00", "2028-03-28 00:00:00"}},
      {"APScheduler day=29-last", "aps: day=29-last", "2028-01-30 00:00:00",
       {"2028-01-30 00:00:00", "2028-01-31 00:00:00", "2028-02-29 00:00:00", "2028-03-29 00:00:00"}},
  });
}

TEST_CASE("# on a weekday range, and #L") {
  struct Row {
    const char* dow;
    const char* first;
    const char* last;
  };
  const Row rows[] = {
      {"MON-FRI#1", "mon,tue,wed,thu,fri", ""},
      {"1-5#1", "mon,tue,wed,thu,fri", ""},
      {"sat-sun#1", "sat,sun", ""},
      {"fri-mon#1", "mon,fri,sat,sun", ""},
      {"FRI#L", "", "fri"},
      {"5#l", "", "fri"},
      {"SAT-SUN#L", "", "sat,sun"},
      {"mon#1,fri#L", "mon", "fri"},
  };
  for (const Row& row : rows) {
    const std::string dow = row.dow;
    CAPTURE(dow);
    const DaySelector d = parse_crontab("0 0 ? * " + dow).expr.day_of_week;
    CHECK(weekday_names(d.nth[0]) == row.first);
    CHECK(weekday_names(d.last_of) == row.last);
    CHECK(d.weekdays.none());
  }
  CHECK(testing::dump(parse_crontab("0 0 ? * FRI#L").expr) == testing::dump(parse_crontab("0 0 ? * 5L").expr));
  check_rows({
      {"MON-FRI#1: the first of each weekday", "30 23 ? * MON-FRI#1", "2028-02-01 00:00:00",
       {"2028-02-01 23:30:00", "2028-02-02 23:30:00", "2028-02-03 23:30:00", "2028-02-04 23:30:00",
        "2028-02-07 23:30:00", "2028-03-01 23:30:00", "2028-03-02 23:30:00", "2028-03-03 23:30:00",
        "2028-03-06 23:30:00", "2028-03-07 23:30:00"}},
      {"MON-FRI#1 in January only", "30 23 * JAN MON-FRI#1", "2028-01-01 00:00:00",
       {"2028-01-03 23:30:00", "2028-01-04 23:30:00", "2028-01-05 23:30:00", "2028-01-06 23:30:00",
        "2028-01-07 23:30:00", "2029-01-01 23:30:00"}},
      {"Vixie OR: 1-7 with MON-FRI#1 fires on each of the 1st to the 7th", "0 0 1-7 * MON-FRI#1",
       "2028-02-01 00:00:00",
       {"2028-02-01 00:00:00", "2028-02-02 00:00:00", "2028-02-03 00:00:00", "2028-02-04 00:00:00",
        "2028-02-05 00:00:00", "2028-02-06 00:00:00", "2028-02-07 00:00:00", "2028-03-01 00:00:00"}},
      {"FRI#L of February", "0 0 0 * 2 FRI#L", "2027-01-01 00:00:00",
       {"2027-02-26 00:00:00", "2028-02-25 00:00:00", "2029-02-23 00:00:00"}},
      {"SAT-SUN#L: the last weekend days", "0 0 ? * SAT-SUN#L", "2028-02-01 00:00:00",
       {"2028-02-26 00:00:00", "2028-02-27 00:00:00", "2028-03-25 00:00:00", "2028-03-26 00:00:00"}},
      {"FRI-MON#1: a wrap-around range", "0 0 ? * FRI-MON#1", "2028-02-01 00:00:00",
       {"2028-02-04 00:00:00", "2028-02-05 00:00:00", "2028-02-06 00:00:00", "2028-02-07 00:00:00",
        "2028-03-03 00:00:00"}},
  });
  CHECK(day_list(compile("0 0 ? * MON-FRI#5").day_mask(2028, 3)) == "29,30,31");
}

TEST_CASE("APScheduler fields: wrap-around by name and number, ranges to last") {
  check_rows({
      {"month=nov-mar", "aps: month=nov-mar; day=1", "2028-02-15 00:00:00",
       {"2028-03-01 00:00:00", "2028-11-01 00:00:00", "2028-12-01 00:00:00", "2029-01-01 00:00:00"}},
      {"day_of_week=fri-mon (0 = Monday)", "aps: day_of_week=fri-mon; hour=0", "2028-02-28 00:00:00",
       {"2028-02-28 00:00:00", "2028-03-03 00:00:00", "2028-03-04 00:00:00", "2028-03-05 00:00:00",
        "2028-03-06 00:00:00"}},
      {"day_of_week=4-0 is fri-mon", "aps: day_of_week=4-0; hour=0", "2028-02-28 00:00:00",
       {"2028-02-28 00:00:00", "2028-03-03 00:00:00"}},
      {"hour=22-2/2", "aps: hour=22-2/2", "2028-02-28 23:00:00",
       {"2028-02-29 00:00:00", "2028-02-29 02:00:00", "2028-02-29 22:00:00"}},
      {"day=25-5/3", "aps: day=25-5/3", "2028-02-20 00:00:00",
       {"2028-02-25 00:00:00", "2028-02-28 00:00:00", "2028-03-03 00:00:00"}},
      {"day=1-last/8", "aps: day=1-last/8", "2028-02-20 00:00:00", {"2028-02-25 00:00:00", "2028-03-01 00:00:00"}},
  });
  std::vector<CronFieldError> warnings;
  CronFieldValues values;
  values[5] = "10-5";  // hour
  compile_cron_fields(values, &warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].message == "cron field 'hour': range 10-5 wraps past 23: hours 10-23 and 0-5");
  CHECK(warnings[0].offset == 0);
  CHECK(warnings[0].length == 4);
  warnings.clear();
  values[5] = std::nullopt;
  values[1] = "nov-mar";
  compile_cron_fields(values, &warnings);
  CHECK(warnings.empty());
}

TEST_CASE("refusals that name the form to write") {
  struct Row {
    const char* text;
    const char* message;
    std::size_t offset, length;
  };
  const Row rows[] = {
      {"0 0 ? * L5", "day-of-week: 'L5' (croniter's last-weekday form) is not supported: write 5L or FRI#L", 8, 2},
      {"0 0 ? * l0", "day-of-week: 'l0' (croniter's last-weekday form) is not supported: write 0L or SUN#L", 8, 2},
      {"? 0 * * *",
       "minute: '?' means \"no specific value\" and, as in Quartz, only in day-of-month or day-of-week (croner's "
       "\"current value\" is not supported): write * or the value you mean",
       0, 1},
      {"0 0 ? * sat-sunL",
       "day-of-week: 'sat-sunL': expected one weekday before 'L' (for the last of each weekday in a range, write "
       "sat-sun#L)",
       8, 8},
      {"0 0 ? * mon-fri#x", "day-of-week: expected a number 1-5 or L after '#'", 15, 1},
      {"0 0 ? * mon-frx#1", "day-of-week: unknown name 'frx' (did you mean 'fri'?)", 12, 3},
      {"0 0 L-31 * ?", "day-of-month: offset 31 is out of range 0-30", 6, 2},
      {"0 0 L- * ?", "day-of-month: expected a number 0-30 after '-'", 5, 1},
      {"0 0 L-3x * ?", "day-of-month: unexpected 'x'", 7, 1},
      {"0 0 29-Lx * *", "day-of-month: expected a number, found 'Lx'", 7, 2},
      {"0 0 0 1 1 ? 2030-2020", "year: range 2030-2020 is reversed (7 fields: second minute hour day-of-month month day-of-week year)", 12, 9},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    try {
      parse_crontab(row.text);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.message == row.message);
      CHECK(e.offset == row.offset);
      CHECK(e.length == row.length);
    }
  }
}

TEST_CASE("ascending forms for readers without wrap-around") {
  struct Row {
    const char* text;
    const char* ascending;
  };
  const Row rows[] = {
      {"0 0 1 Nov-Mar *", "0 0 0 1 jan-mar,nov-dec *"},
      {"0 22-2/2 * * *", "0 0 0,2,22 * * *"},
      {"0 0 1 Apr-Mar/2 *", "0 0 0 1 feb,apr,jun,aug,oct,dec *"},
      {"0 0 25-5 * *", "0 0 0 1-5,25-31 * *"},
      {"0 0 0 1 * *", "0 0 0 1 * *"},
      {"*/5 * * * *", "0 */5 * * * *"},
      {"0 23-0 * * *", "0 0 0,23 * * *"},
      // 7 (the Sunday that ends mon-sun) is named sun, in crontab's own numbering.
      {"0 0 * * mon-sun,fri-tue", "0 0 0 * * mon-sun,sun-tue,fri-sat"},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(parse_crontab(row.text).ascending == row.ascending);
  }
}

}  // namespace schedtool
