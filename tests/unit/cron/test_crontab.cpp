// parse_crontab: the compiled bitsets and flags, normalized forms, and every error with its caret.
#include <doctest/doctest.h>

#include <bitset>
#include <string>
#include <string_view>

#include "base/error.h"
#include "support/cron_dump.h"
#include "cron/crontab.h"

namespace schedtool {
namespace {

using testing::dump;
using testing::members;
using testing::weekday_names;

std::string all_days() {
  std::string out;
  for (int d = 1; d <= 31; ++d) out.append(d == 1 ? "" : ",").append(std::to_string(d));
  return out;
}

// One compiled field, named as the table below names it.
std::string field(const CronExpr& e, std::string_view what) {
  if (what == "second") return members(e.seconds);
  if (what == "minute") return members(e.minutes);
  if (what == "hour") return members(e.hours);
  if (what == "dom") return members(e.day_of_month.days);
  if (what == "month") return members(e.months);
  if (what == "dow") return weekday_names(e.day_of_week.weekdays);
  return "?";
}

}  // namespace

TEST_CASE("crontab fields compile to the values they select") {
  struct Row {
    const char* expr;
    const char* what;
    std::string expected;
  };
  const Row rows[] = {
      {"*/5 * * * *", "minute", "0,5,10,15,20,25,30,35,40,45,50,55"},
      {"5 * * * *", "minute", "5"},
      {"1-10/3 * * * *", "minute", "1,4,7,10"},
      {"50/3 * * * *", "minute", "50,53,56,59"},  // a/n = a-max/n
      {"1,2,5-6 * * * *", "minute", "1,2,5,6"},
      {"07 * * * *", "minute", "7"},
      {"*/100 * * * *", "minute", "0"},  // Vixie accepts a step wider than the field
      {"0 */6 * * *", "hour", "0,6,12,18"},
      {"0 0-23 * * *", "hour", "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23"},
      {"*/5 * * * *", "second", "0"},  // five fields: second 0
      {"30 */5 * * * *", "second", "30"},
      {"30 */5 * * * *", "minute", "0,5,10,15,20,25,30,35,40,45,50,55"},
      {"0 0 * jan,JUN,Dec *", "month", "1,6,12"},
      {"0 0 * Jan-Mar *", "month", "1,2,3"},
      {"0 0 * jan/3 *", "month", "1,4,7,10"},
      {"0 0 * 1-12/4 *", "month", "1,5,9"},
      {"0 0 * feb-4 *", "month", "2,3,4"},  // names and numbers mix
      {"0 0 */2 * *", "dom", "1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31"},
      {"0 0 * * *", "dom", all_days()},
      {"0 0 ? * mon", "dom", all_days()},
      {"0 0 1,15 * *", "dom", "1,15"},
      {"0 0 * * 0", "dow", "sun"},
      {"0 0 * * 7", "dow", "sun"},
      {"0 0 * * 0,7", "dow", "sun"},
      {"0 0 * * 5-7", "dow", "fri,sat,sun"},
      {"0 0 * * 1-5", "dow", "mon,tue,wed,thu,fri"},
      {"0 0 * * SUN,Sat", "dow", "sat,sun"},
      {"0 0 * * sun-sat", "dow", "mon,tue,wed,thu,fri,sat,sun"},
      {"0 0 * * mon-fri/2", "dow", "mon,wed,fri"},
      {"0 0 * * */2", "dow", "tue,thu,sat,sun"},  // 0,2,4,6
      {"0 0 * * *", "dow", "mon,tue,wed,thu,fri,sat,sun"},
      {"0 0 1 * ?", "dow", "mon,tue,wed,thu,fri,sat,sun"},
  };
  for (const Row& row : rows) {
    const std::string expr = row.expr;
    CAPTURE(expr);
    const std::string what = row.what;
    CAPTURE(what);
    CHECK(field(parse_crontab(row.expr).expr, row.what) == row.expected);
  }
}

TEST_CASE("crontab weeks are unrestricted and years follow the seventh field") {
  CHECK(parse_crontab("* * * * *").expr.weeks.count() == 53);
  CHECK_FALSE(parse_crontab("* * * * *").expr.weeks[0]);
  CHECK(parse_crontab("* * * * *").expr.years.empty());
  CHECK(parse_crontab("0 0 0 * * ? *").expr.years.empty());

  struct Row {
    const char* expr;
    std::string years;
  };
  const Row rows[] = {
      {"0 0 0 1 1 ? 2030", "2030-2030/1;"},
      {"0 0 0 1 1 ? 2030-2040/5", "2030-2040/5;"},
      {"0 0 0 1 1 ? 2030/10", "2030-2099/10;"},
      {"0 0 0 1 1 ? */2", "1970-2099/2;"},
      {"0 0 0 1 1 ? 2026,2028", "2026-2026/1;2028-2028/1;"},
  };
  for (const Row& row : rows) {
    const std::string expr = row.expr;
    CAPTURE(expr);
    std::string got;
    for (const auto& y : parse_crontab(row.expr).expr.years)
      got += std::to_string(y.first) + "-" + std::to_string(y.last) + "/" + std::to_string(y.step) + ";";
    CHECK(got == row.years);
  }
}

TEST_CASE("Vixie day rule: OR only when both day fields are restricted") {
  struct Row {
    const char* expr;
    bool dom_unrestricted, dow_unrestricted, day_or;
  };
  const Row rows[] = {
      {"* * * * *", true, true, false},
      {"0 12 13 * 5", false, false, true},    // every Friday and every 13th
      {"0 0 */2 * 1", true, false, false},    // odd days that are Mondays: `*/2` counts as unrestricted
      {"0 0 15 * 0-6", false, false, true},   // every day
      {"0 0 1 * */2", false, true, false},
      {"0 0 ? * mon", true, false, false},
      {"0 0 1 * ?", false, true, false},
      {"0 0 L * *", false, true, false},
      {"0 0 L * fri", false, false, true},
  };
  for (const Row& row : rows) {
    const std::string expr = row.expr;
    CAPTURE(expr);
    const CronExpr e = parse_crontab(row.expr).expr;
    CHECK(e.day_of_month.unrestricted == row.dom_unrestricted);
    CHECK(e.day_of_week.unrestricted == row.dow_unrestricted);
    CHECK(e.day_or == row.day_or);
  }
}

TEST_CASE("Quartz day extras: L, W, LW, nL, #") {
  const DaySelector last = parse_crontab("0 0 L * ?").expr.day_of_month;
  CHECK(last.last_day);
  CHECK(last.days.none());
  CHECK(parse_crontab("0 0 lw * ?").expr.day_of_month.last_weekday_of_month);
  CHECK(members(parse_crontab("0 0 15W * ?").expr.day_of_month.nearest_weekday) == "15");

  const DaySelector mixed = parse_crontab("0 0 1,15W,L * ?").expr.day_of_month;
  CHECK(members(mixed.days) == "1");
  CHECK(members(mixed.nearest_weekday) == "15");
  CHECK(mixed.last_day);

  // `L` alone in day-of-week is Quartz's 7: Saturday.
  CHECK(weekday_names(parse_crontab("0 0 ? * L").expr.day_of_week.weekdays) == "sat");

  struct Row {
    const char* dow;
    std::string last_of, third, first, fifth;
  };
  const Row rows[] = {
      {"5L", "fri", "", "", ""},      // crontab numbering: 5 = Friday
      {"friL", "fri", "", "", ""},
      {"0L,7l", "sun", "", "", ""},
      {"fri#3", "", "fri", "", ""},
      {"5#3", "", "fri", "", ""},
      {"MON#1,fri#5", "", "", "mon", "fri"},
      {"sun#1", "", "", "sun", ""},
  };
  for (const Row& row : rows) {
    const std::string dow = row.dow;
    CAPTURE(dow);
    const DaySelector d = parse_crontab(std::string("0 0 ? * ") + row.dow).expr.day_of_week;
    CHECK(weekday_names(d.last_of) == row.last_of);
    CHECK(weekday_names(d.nth[2]) == row.third);
    CHECK(weekday_names(d.nth[0]) == row.first);
    CHECK(weekday_names(d.nth[4]) == row.fifth);
    CHECK(d.weekdays.none());
  }
  // Plain weekdays and Quartz items mix in one list.
  const DaySelector both = parse_crontab("0 0 ? * mon,5L").expr.day_of_week;
  CHECK(weekday_names(both.weekdays) == "mon");
  CHECK(weekday_names(both.last_of) == "fri");
}

TEST_CASE("crontab macros and normalized forms") {
  struct Row {
    const char* text;
    const char* normalized;
  };
  const Row rows[] = {
      {"@yearly", "0 0 0 1 1 *"},
      {"@annually", "0 0 0 1 1 *"},
      {"@monthly", "0 0 0 1 * *"},
      {"@weekly", "0 0 0 * * 0"},
      {"@daily", "0 0 0 * * *"},
      {"@midnight", "0 0 0 * * *"},
      {"@hourly", "0 0 * * * *"},
      {"  @Daily ", "0 0 0 * * *"},
      {"*/5 * * * *", "0 */5 * * * *"},
      {"  0   12 *\t*  MON ", "0 0 12 * * MON"},
      {"30 0 12 * * mon", "30 0 12 * * mon"},
      {"0 0 12 ? * fri#3 2030", "0 0 12 ? * fri#3 2030"},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(parse_crontab(row.text).normalized == row.normalized);
  }
  CHECK(dump(parse_crontab("@daily").expr) == dump(parse_crontab("0 0 * * *").expr));
  CHECK(dump(parse_crontab("@weekly").expr) == dump(parse_crontab("0 0 * * sun").expr));
  CHECK(dump(parse_crontab("@hourly").expr) == dump(parse_crontab("0 * * * *").expr));
  CHECK(dump(parse_crontab("@yearly").expr) == dump(parse_crontab("0 0 1 jan *").expr));
  // The normalized form means the same as the text it came from.
  for (const char* text : {"*/5 * * * *", "0 12 13 * 5", "@monthly", "0 0 0 ? * 5L 2030"})
    CHECK(dump(parse_crontab(parse_crontab(text).normalized).expr) == dump(parse_crontab(text).expr));
}

TEST_CASE("crontab errors: message and caret") {
  struct Row {
    const char* text;
    const char* message;
    std::size_t offset, length;
  };
  const Row rows[] = {
      {"* * * *", "expected 5, 6 or 7 fields, found 4", 0, 7},
      {"* * * * * * * *", "expected 5, 6 or 7 fields, found 8", 0, 15},
      {"", "expected 5, 6 or 7 fields, found 0", 0, 0},
      {"0 25 * * *", "hour 25 is out of range 0-23", 2, 2},
      {"60 * * * *", "minute 60 is out of range 0-59", 0, 2},
      // Six or seven fields: the message says which field comes first (issue #17).
      {"60 0 0 * * *", "second 60 is out of range 0-59 (6 fields: second minute hour day-of-month month day-of-week)", 0, 2},
      {"0 0 32 * *", "day-of-month 32 is out of range 1-31", 4, 2},
      {"0 0 0 * *", "day-of-month 0 is out of range 1-31", 4, 1},
      {"0 0 1-40 * *", "day-of-month 40 is out of range 1-31", 6, 2},
      {"0 0 * 13 *", "month 13 is out of range 1-12", 6, 2},
      {"0 0 * * 8", "day-of-week 8 is out of range 0-7", 8, 1},
      {"0 0 0 1 1 ? 1969", "year 1969 is out of range 1970-2099 (7 fields: second minute hour day-of-month month day-of-week year)", 12, 4},
      {"0 0 0 1 1 ? 2100", "year 2100 is out of range 1970-2099 (7 fields: second minute hour day-of-month month day-of-week year)", 12, 4},
      {"0 99999999999 * * *", "hour 99999999999 is out of range 0-23", 2, 11},
      {"0 0 * jam *", "month: unknown name 'jam' (did you mean 'jan'?)", 6, 3},
      {"0 0 * xyz *", "month: unknown name 'xyz'", 6, 3},
      {"0 0 * * frx", "day-of-week: unknown name 'frx' (did you mean 'fri'?)", 8, 3},
      {"0 0 0 1 1 ? 2030-2029", "year: range 2030-2029 is reversed (7 fields: second minute hour day-of-month month day-of-week year)", 12, 9},  // (fri-mon, 10-5 now wrap: #24)
      {"*/0 * * * *", "minute: a step of 0 is not allowed", 2, 1},
      {"5x * * * *", "minute: unexpected 'x'", 1, 1},
      {"0 1-5x * * *", "hour: unexpected 'x'", 5, 1},
      {"1- * * * *", "minute: expected a number after '-'", 1, 1},
      {"0 0 * * mon-", "day-of-week: expected a number or name after '-'", 11, 1},
      {"*/ * * * *", "minute: expected a number after '/'", 1, 1},
      {"*5 * * * *", "minute: unexpected '5'", 1, 1},
      {", * * * *", "minute: empty item in the list", 0, 1},
      {"1, * * * *", "minute: empty item in the list", 1, 1},
      {"0 0 1,,2 * *", "day-of-month: empty item in the list", 6, 1},
      {"0 0 lastx * *", "day-of-month: expected a number, found 'lastx'", 4, 5},
      {"? 0 * * *",
       "minute: '?' means \"no specific value\" and, as in Quartz, only in day-of-month or day-of-week (croner's "
       "\"current value\" is not supported): write * or the value you mean",
       0, 1},
      {"0 0 32W * ?", "day-of-month 32 is out of range 1-31", 4, 2},
      {"0 0 1-5W * ?", "day-of-month: unexpected 'W'", 7, 1},
      {"0 0 ? * fri#6", "day-of-week: occurrence 6 is out of range 1-5", 12, 1},
      {"0 0 ? * fri#", "day-of-week: expected a number 1-5 or L after '#'", 11, 1},
      {"0 0 ? * 5#3x", "day-of-week: unexpected 'x'", 11, 1},
      {"0 0 ? * #3", "day-of-week: expected a weekday before '#'", 8, 1},
      {"0 0 ? * 8L", "day-of-week 8 is out of range 0-7", 8, 1},
      {"0 0 ? * frxL", "day-of-week: unknown name 'frx' (did you mean 'fri'?)", 8, 3},
      {"@dayly", "unknown macro '@dayly' (did you mean '@daily'?)", 0, 6},
      {"@fortnightly", "unknown macro '@fortnightly'", 0, 12},
      {"@every 5m", "@every is not supported: use an interval trigger (trigger = \"interval\", minutes = 5)", 0, 6},
      {"@reboot", "@reboot is not a schedule: to run a job when the scheduler starts, give it run_on_start = true", 0, 7},
      {"30 2 * * * /usr/local/bin/backup.sh", "this looks like a crontab line with a command; give only the schedule ('30 2 * * *')", 11, 24},
      {"30 2 * * * echo hi", "this looks like a crontab line with a command; give only the schedule ('30 2 * * *')", 11, 7},
      {"0 30 25 * * *", "hour 25 is out of range 0-23 (6 fields: second minute hour day-of-month month day-of-week)", 5, 2},
      {"0 0 * * * 8", "day-of-week 8 is out of range 0-7 (6 fields: second minute hour day-of-month month day-of-week)", 10, 1},
      {"@daily 0 0", "unexpected '0 0' after @daily", 7, 3},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    try {
      parse_crontab(row.text);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.message == row.message);
      CHECK(e.source == row.text);
      CHECK(e.offset == row.offset);
      CHECK(e.length == row.length);
    }
  }
}

TEST_CASE("crontab error caret lines point at the token") {
  try {
    parse_crontab("0 25 * * *");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(caret_lines(e) == "  0 25 * * *\n    ^^");
  }
}

}  // namespace schedtool
