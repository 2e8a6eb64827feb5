// compile_cron_fields / describe_cron_fields: APScheduler 3 semantics. Expected defaults and str()
// forms were taken from Debian 12's APScheduler 3.9.1 (`CronTrigger(**spec).fields`, `str(trigger)`).
#include <doctest/doctest.h>

#include <bitset>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "support/cron_dump.h"
#include "cron/cron_fields.h"

namespace schedtool {
namespace {

using testing::dump;
using testing::members;
using testing::weekday_names;

// {{"hour", "9"}, {"minute", "30"}} → CronFieldValues.
CronFieldValues spec(std::initializer_list<std::pair<std::string_view, std::string>> given) {
  CronFieldValues values;
  for (const auto& [name, text] : given)
    for (std::size_t i = 0; i < kCronFieldNames.size(); ++i)
      if (kCronFieldNames[i] == name) values[i] = text;
  return values;
}

// All eight fields given, in FIELD_NAMES order, as APScheduler prints `trigger.fields`.
CronFieldValues all_fields(std::initializer_list<std::string> texts) {
  CronFieldValues values;
  std::size_t i = 0;
  for (const std::string& text : texts) values[i++] = text;
  return values;
}

std::string field(const CronExpr& e, std::string_view what) {
  if (what == "second") return members(e.seconds);
  if (what == "minute") return members(e.minutes);
  if (what == "hour") return members(e.hours);
  if (what == "day") return members(e.day_of_month.days);
  if (what == "month") return members(e.months);
  if (what == "week") return members(e.weeks);
  if (what == "day_of_week") return weekday_names(e.day_of_week.weekdays);
  return "?";
}

}  // namespace

TEST_CASE("cron fields: unset fields default as APScheduler 3.9.1 does") {
  struct Row {
    CronFieldValues given;
    CronFieldValues aps_fields;  // CronTrigger(**given).fields, printed
  };
  const Row rows[] = {
      {spec({}), all_fields({"*", "*", "*", "*", "*", "*", "*", "*"})},
      {spec({{"second", "5"}}), all_fields({"*", "*", "*", "*", "*", "*", "*", "5"})},
      {spec({{"minute", "*/15"}}), all_fields({"*", "*", "*", "*", "*", "*", "*/15", "0"})},
      {spec({{"hour", "5"}}), all_fields({"*", "*", "*", "*", "*", "5", "0", "0"})},
      {spec({{"day_of_week", "mon-fri"}}), all_fields({"*", "*", "*", "*", "mon-fri", "0", "0", "0"})},
      {spec({{"week", "3"}}), all_fields({"*", "*", "*", "3", "*", "0", "0", "0"})},
      {spec({{"week", "*"}}), all_fields({"*", "*", "*", "*", "*", "0", "0", "0"})},
      {spec({{"day", "3"}}), all_fields({"*", "*", "3", "*", "*", "0", "0", "0"})},
      {spec({{"month", "2"}}), all_fields({"*", "2", "1", "*", "*", "0", "0", "0"})},
      {spec({{"year", "2030"}}), all_fields({"2030", "1", "1", "*", "*", "0", "0", "0"})},
      {spec({{"year", "2030"}, {"hour", "9"}}), all_fields({"2030", "*", "*", "*", "*", "9", "0", "0"})},
      {spec({{"month", "6"}, {"minute", "30"}}), all_fields({"*", "6", "*", "*", "*", "*", "30", "0"})},
      {spec({{"week", "10"}, {"day_of_week", "fri"}}), all_fields({"*", "*", "*", "10", "fri", "0", "0", "0"})},
      {spec({{"day", "last fri"}, {"hour", "6"}}), all_fields({"*", "*", "last fri", "*", "*", "6", "0", "0"})},
      {spec({{"day_of_week", "sun"}, {"second", "0"}}), all_fields({"*", "*", "*", "*", "sun", "*", "*", "0"})},
      {spec({{"month", "jan-mar"}, {"day", "1st mon"}}),
       all_fields({"*", "jan-mar", "1st mon", "*", "*", "0", "0", "0"})},
  };
  for (const Row& row : rows) {
    const std::string given = describe_cron_fields(row.given);
    CAPTURE(given);
    CHECK(dump(compile_cron_fields(row.given)) == dump(compile_cron_fields(row.aps_fields)));
  }
  // hour=5 fires at 05:00:00 every day.
  const CronExpr five = compile_cron_fields(spec({{"hour", "5"}}));
  CHECK(members(five.hours) == "5");
  CHECK(members(five.minutes) == "0");
  CHECK(members(five.seconds) == "0");
  CHECK(five.day_of_month.days.count() == 31);
  CHECK(five.day_of_week.weekdays.all());
  CHECK(five.weeks.count() == 53);
  CHECK(five.years.empty());
  CHECK_FALSE(five.day_or);
}

TEST_CASE("cron fields compile to the values they select") {
  struct Row {
    const char* name;
    const char* text;
    const char* expected;
  };
  const Row rows[] = {
      {"hour", "9", "9"},
      {"hour", "05", "5"},
      {"hour", "*/6", "0,6,12,18"},
      {"hour", "3/5", "3,8,13,18,23"},
      {"hour", "1-10/4", "1,5,9"},
      {"hour", "1, 2 ,  3", "1,2,3"},  // APScheduler allows spaces around commas
      {"hour", "  7 ", "7"},
      {"minute", "*/15", "0,15,30,45"},
      {"second", "53-58/1", "53,54,55,56,57,58"},
      {"day", "*/10", "1,11,21,31"},
      {"day", "1,last", "1"},  // `last` goes to last_day
      {"month", "JAN,feb, Mar", "1,2,3"},
      {"month", "jan/3", "1,4,7,10"},  // a step on a name is honoured (APScheduler drops it)
      {"month", "jun-dec/3", "6,9,12"},
      {"week", "1-53/26", "1,27,53"},
      {"day_of_week", "0", "mon"},  // 0 = Monday in APScheduler 3
      {"day_of_week", "6", "sun"},
      {"day_of_week", "0-2,sun", "mon,tue,wed,sun"},
      {"day_of_week", "MON-fri", "mon,tue,wed,thu,fri"},
      {"day_of_week", "mon-fri/2", "mon,wed,fri"},
      {"day_of_week", "mon-sun/2", "mon,wed,fri,sun"},
      {"day_of_week", "*/2", "mon,wed,fri,sun"},
      {"day_of_week", "5,5", "sat"},
      {"day_of_week", "*", "mon,tue,wed,thu,fri,sat,sun"},
  };
  for (const Row& row : rows) {
    const std::string name = row.name, text = row.text;
    CAPTURE(name);
    CAPTURE(text);
    CHECK(field(compile_cron_fields(spec({{row.name, row.text}})), row.name) == row.expected);
  }
}

TEST_CASE("cron fields: day positions and last") {
  const DaySelector last = compile_cron_fields(spec({{"day", "LAST"}})).day_of_month;
  CHECK(last.last_day);
  CHECK(last.days.none());

  struct Row {
    const char* text;
    std::string days, last_of, first, third, fifth;
  };
  const Row rows[] = {
      {"last fri", "", "fri", "", "", ""},
      {"Last  Fri", "", "fri", "", "", ""},
      {"3rd fri", "", "", "", "fri", ""},
      {"1st mon, 5th SUN", "", "", "mon", "", "sun"},
      {"15, last fri, 1st wed", "15", "fri", "wed", "", ""},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    const DaySelector d = compile_cron_fields(spec({{"day", row.text}})).day_of_month;
    CHECK(members(d.days) == row.days);
    CHECK(weekday_names(d.last_of) == row.last_of);
    CHECK(weekday_names(d.nth[0]) == row.first);
    CHECK(weekday_names(d.nth[2]) == row.third);
    CHECK(weekday_names(d.nth[4]) == row.fifth);
  }
}

TEST_CASE("cron fields: years, weeks and day_or") {
  const CronExpr e = compile_cron_fields(spec({{"year", "2030-2040/5,2050"}, {"week", "10"}}));
  REQUIRE(e.years.size() == 2);
  CHECK((e.years[0].first == 2030 && e.years[0].last == 2040 && e.years[0].step == 5));
  CHECK((e.years[1].first == 2050 && e.years[1].last == 2050));
  CHECK(members(e.weeks) == "10");
  CHECK_FALSE(e.day_or);
  const CronExpr every_other = compile_cron_fields(spec({{"year", "*/2"}}));
  REQUIRE(every_other.years.size() == 1);
  CHECK((every_other.years[0].first == 1970 && every_other.years[0].last == 9999 && every_other.years[0].step == 2));
  CHECK(compile_cron_fields(spec({{"year", "*"}})).years.empty());
  CHECK_FALSE(compile_cron_fields(spec({{"day", "13"}, {"day_of_week", "fri"}})).day_or);  // AND, unlike crontab
}

TEST_CASE("describe_cron_fields matches APScheduler's str(trigger)") {
  struct Row {
    CronFieldValues given;
    const char* expected;
  };
  const Row rows[] = {
      {spec({}), ""},
      {spec({{"day_of_week", "mon-fri"}, {"hour", "9"}, {"minute", "30"}}),
       "day_of_week='mon-fri', hour='9', minute='30'"},
      {spec({{"hour", "9"}, {"year", "2030"}}), "year='2030', hour='9'"},
      {spec({{"day", "1, 2"}}), "day='1,2'"},
      {spec({{"day", " 1 , 2 "}}), "day='1,2'"},
      {spec({{"day", "Last Fri, 3"}}), "day='last fri,3'"},
      {spec({{"day", "LAST"}}), "day='last'"},
      {spec({{"day", "1st  fri"}}), "day='1st fri'"},
      {spec({{"day_of_week", "MON"}}), "day_of_week='mon'"},
      {spec({{"day_of_week", "6-6"}}), "day_of_week='6'"},
      {spec({{"day_of_week", "0-2,sun"}}), "day_of_week='0-2,sun'"},
      {spec({{"hour", "05"}}), "hour='5'"},
      {spec({{"hour", "5-5"}}), "hour='5'"},
      {spec({{"hour", "3/5"}}), "hour='3/5'"},
      {spec({{"hour", "*/1"}}), "hour='*/1'"},
      {spec({{"month", "JAN-mar"}}), "month='jan-mar'"},
      {spec({{"month", "Jan,feb, MAR"}}), "month='jan,feb,mar'"},
      {spec({{"second", "53-58/1"}}), "second='53-58/1'"},
      {spec({{"week", "*"}}), "week='*'"},
      // Ours on purpose: the step on a named range is kept (APScheduler prints 'mon-fri').
      {spec({{"day_of_week", "mon-fri/2"}}), "day_of_week='mon-fri/2'"},
      // Ours on purpose (#24): a wrap-around, as ascending pieces APScheduler reads.
      {spec({{"month", "nov-mar"}}), "month='jan-mar,nov-dec'"},
      {spec({{"day_of_week", "fri-mon"}}), "day_of_week='mon,fri-sun'"},
      {spec({{"day_of_week", "mon-fri, sat-tue"}}), "day_of_week='mon-fri,mon-tue,sat-sun'"},
      {spec({{"hour", "22-2/2"}}), "hour='0,2,22'"},
      {spec({{"day", "29-last"}}), "day='29-31'"},
      // Not valid: shown as written (compile_cron_fields reports it).
      {spec({{"hour", "25"}}), "hour='25'"},
  };
  for (const Row& row : rows) CHECK(describe_cron_fields(row.given) == row.expected);
}

TEST_CASE("cron field errors: message, field and caret") {
  struct Row {
    const char* name;
    const char* text;
    const char* message;
    std::size_t offset, length;
  };
  const Row rows[] = {
      {"hour", "25", "cron field 'hour': 25 is out of range 0-23", 0, 2},
      {"hour", "1,25", "cron field 'hour': 25 is out of range 0-23", 2, 2},
      {"day", "1, 2,  40", "cron field 'day': 40 is out of range 1-31", 7, 2},
      {"day", "0", "cron field 'day': 0 is out of range 1-31", 0, 1},
      {"day_of_week", "7", "cron field 'day_of_week': 7 is out of range 0-6", 0, 1},
      {"year", "1969", "cron field 'year': 1969 is out of range 1970-9999", 0, 4},
      {"week", "54", "cron field 'week': 54 is out of range 1-53", 0, 2},
      {"month", "jam", "cron field 'month': unknown name 'jam' (did you mean 'jan'?)", 0, 3},
      {"day_of_week", "L", "cron field 'day_of_week': unknown name 'L'", 0, 1},
      // Wrap-around ranges (fri-mon, 5-3) are accepted since #24; a year range cannot wrap.
      {"year", "2030-2020", "cron field 'year': range 2030-2020 is reversed", 0, 9},
      {"hour", "22-2/5", "cron field 'hour': step 5 is too large: the range spans only 4", 5, 1},
      {"day", "29-last/3", "cron field 'day': step 3 is too large: the range spans only 2", 8, 1},
      {"day", "last-5", "cron field 'day': 'last' can only end a range, as in 29-last", 0, 4},
      {"day_of_week", "mon-fri#1", "cron field 'day_of_week': unexpected '#1'", 7, 2},
      {"day_of_week", "7", "cron field 'day_of_week': 7 is out of range 0-6", 0, 1},
      {"hour", "*/0", "cron field 'hour': a step of 0 is not allowed", 2, 1},
      {"hour", "*/24", "cron field 'hour': step 24 is too large: the range spans only 23", 2, 2},
      {"minute", "5-6/2", "cron field 'minute': step 2 is too large: the range spans only 1", 4, 1},
      {"hour", "5x", "cron field 'hour': unexpected 'x'", 1, 1},
      {"hour", "1-", "cron field 'hour': expected a number after '-'", 1, 1},
      {"hour", "*/", "cron field 'hour': expected a number after '/'", 1, 1},
      {"hour", ",", "cron field 'hour': empty item in the list", 0, 1},
      {"hour", "1, ,2", "cron field 'hour': empty item in the list", 3, 1},
      {"hour", "", "cron field 'hour': empty value", 0, 0},
      {"hour", "nine", "cron field 'hour': expected a number, found 'nine'", 0, 4},
      {"second", "-1", "cron field 'second': unexpected '-1'", 0, 2},
      {"hour", "1 - 5", "cron field 'hour': unexpected '- 5'", 2, 3},
      {"day", "lastx", "cron field 'day': unknown name 'lastx' (did you mean 'last'?)", 0, 5},
      {"day", "6th fri", "cron field 'day': unknown position '6th' (expected 1st, 2nd, 3rd, 4th, 5th or last)", 0, 3},
      {"day", "3rd fry", "cron field 'day': unknown weekday 'fry' (did you mean 'fri'?)", 4, 3},
      {"day", "last fri/2", "cron field 'day': unknown weekday 'fri/2' (did you mean 'fri'?)", 5, 5},
      {"day", "fri", "cron field 'day': unknown name 'fri'", 0, 3},
  };
  for (const Row& row : rows) {
    const std::string name = row.name, text = row.text;
    CAPTURE(name);
    CAPTURE(text);
    const CronFieldValues values = spec({{row.name, row.text}});
    try {
      compile_cron_fields(values);
      FAIL("no error");
    } catch (const CronFieldError& e) {
      CHECK(e.message == row.message);
      CHECK(e.source == row.text);
      CHECK(e.offset == row.offset);
      CHECK(e.length == row.length);
      CHECK(kCronFieldNames[e.field] == row.name);
    }
  }
}

TEST_CASE("a cron field error is an Error with a caret into the field's text") {
  try {
    compile_cron_fields(spec({{"day", "1,40"}, {"hour", "9"}}));
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(caret_lines(e) == "  1,40\n    ^^");
  }
}

}  // namespace schedtool
