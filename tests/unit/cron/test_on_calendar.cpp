// systemd OnCalendar grammar (cron/on_calendar.h): normalized forms (as `systemd-analyze calendar`
// 252 prints them), the compiled day sets, and positioned errors.
#include <doctest/doctest.h>

#include <string>

#include "base/error.h"
#include "cron/on_calendar.h"

namespace schedtool {
namespace {

std::string error_of(const char* text) {
  try {
    parse_on_calendar(text);
  } catch (const Error& e) {
    return e.message + "\n" + caret_lines(e);
  }
  return "(no error)";
}

std::string days_of(const char* text, int year, unsigned month) {
  const std::uint32_t mask = parse_on_calendar(text).expr.day_mask(year, month);
  std::string out;
  for (unsigned d = 1; d <= 31; ++d)
    if (mask >> d & 1) out.append(out.empty() ? "" : ",").append(std::to_string(d));
  return out;
}

TEST_CASE("normalized forms match systemd-analyze calendar") {
  // Right-hand sides are systemd 252's "Normalized form:" lines for the left-hand sides.
  const char* rows[][2] = {
      {"Mon..Fri *-*-* 09:00:00", "Mon..Fri *-*-* 09:00:00"},
      {"Mon-Fri 9:00", "Mon..Fri *-*-* 09:00:00"},
      {"*:0/15", "*-*-* *:00/15:00"},
      {"*-02~03", "*-02~03 00:00:00"},
      {"Mon *-05~07/1", "Mon *-05~07/1 00:00:00"},
      {"quarterly", "*-01,04,07,10-01 00:00:00"},
      {"semiannually", "*-01,07-01 00:00:00"},
      {"weekly", "Mon *-*-* 00:00:00"},
      {"MONTHLY", "*-*-01 00:00:00"},
      {"2027/2-1-1", "2027/2-01-01 00:00:00"},
      {"27-1-1", "2027-01-01 00:00:00"},
      {"9,17:00", "*-*-* 09,17:00:00"},
      {"*-*-* 02:30 Europe/Berlin", "*-*-* 02:30:00 Europe/Berlin"},
      {"Sat,Sun 10:00", "Sat,Sun *-*-* 10:00:00"},
      {"mon,wed..fri 1:2:3", "Mon,Wed..Fri *-*-* 01:02:03"},
      {"Monday 1:00", "Mon *-*-* 01:00:00"},
      {"daily utc", "*-*-* 00:00:00 UTC"},
      {"*:*:*", "*-*-* *:*:*"},
      {"*-* 9:00", "*-*-* 09:00:00"},
      {"1-1 9:00", "*-01-01 09:00:00"},
      {"8..18/2:00", "*-*-* 08..18/2:00:00"},
      {"Mon..Sun", "*-*-* 00:00:00"},
  };
  for (const auto& [text, normalized] : rows) {
    CAPTURE(text);
    CHECK(parse_on_calendar(text).normalized == normalized);
  }
  CHECK(parse_on_calendar("12:00 Europe/Berlin").zone == "Europe/Berlin");
  CHECK(parse_on_calendar("12:00 Europe/Berlin").zone_offset == 6);
  CHECK(parse_on_calendar("12:00").zone.empty());
}

TEST_CASE("~ counts days back from the month's end; weekday and date are ANDed") {
  CHECK(days_of("*-02~03", 2026, 2) == "26");
  CHECK(days_of("*-02~03", 2028, 2) == "27");            // leap year
  CHECK(days_of("*-*~1..6/2", 2026, 1) == "27,29,31");   // the 1st, 3rd and 5th last
  CHECK(days_of("*-*~5/2", 2026, 2) == "24,26,28");      // 5th last, then every 2nd day to the end
  CHECK(days_of("Mon *-05~07/1", 2026, 5) == "25");      // the last Monday of May
  CHECK(days_of("Fri *-*-13", 2026, 2) == "13");         // Friday the 13th only (no Vixie OR)
  CHECK(days_of("Fri *-*-13", 2026, 1) == "");
  CHECK(days_of("*-*-1..7/2", 2026, 1) == "1,3,5,7");
  CHECK(days_of("*-*-31", 2026, 4) == "");
}

TEST_CASE("errors name the part and put the caret under it") {
  CHECK(error_of("*-*-* 24:00") == "hour 24 is out of range 0-23\n  *-*-* 24:00\n        ^^");
  CHECK(error_of("dayly") == "unknown weekday or shorthand 'dayly' (did you mean 'daily'?)\n  dayly\n  ^^^^^");
  CHECK(error_of("Fri..Mon 9:00") ==
        "weekday range Fri..Mon wraps around the week: write Fri..Sun,Mon\n  Fri..Mon 9:00\n  ^^^^^^^^");
  CHECK(error_of("*-*-* 9:00:00.5") ==
        "fractional seconds are not supported: schedtool fires on whole seconds\n  *-*-* 9:00:00.5\n               ^^");
  CHECK(error_of("*/5:00") ==
        "hour: '*/N' is not systemd syntax: write 0/N (from 0, every N), as in *:0/15\n  */5:00\n  ^");
  CHECK(error_of("*:05/59") == "minute: 05/59 never repeats (the next value is past 59)\n  *:05/59\n    ^^^^^");
  CHECK(error_of("*-*~3..1") == "day: range 3..1 is reversed\n  *-*~3..1\n      ^^^^");
  CHECK(error_of("*-*~29") == "day 29 is out of range 1-28\n  *-*~29\n      ^^");
  CHECK(error_of("*-*-*~2") ==
        "a date is [YEAR-]MONTH-DAY or [YEAR-]MONTH~DAY, as *-*-01 or 2027-*-*\n  *-*-*~2\n  ^^^^^^^");
  CHECK(error_of("daily 9:00") ==
        "'daily' is a whole expression (*-*-* 00:00:00): only a zone may follow it\n  daily 9:00\n        ^^^^");
  CHECK(error_of("@1000") ==
        "@SECONDS is one moment, not a calendar: use trigger = \"date\" with run_date\n  @1000\n  ^^^^^");
  CHECK(error_of("9") == "expected a date ([YEAR-]MONTH-DAY) or a time (HOUR:MINUTE[:SECOND])\n  9\n  ^");
  CHECK(error_of("*-*-* 1:2:3:4") == "a time is HOUR:MINUTE[:SECOND], as 09:30 or *:0/15\n  *-*-* 1:2:3:4\n        ^^^^^^^");
  CHECK(error_of("Mon,,Tue") == "empty item in the weekday list\n  Mon,,Tue\n      ^");
  CHECK(error_of("*-*-1/0") == "day: a repetition needs a step of 1 or more\n  *-*-1/0\n        ^");
  CHECK(error_of("1969-1-1") == "year 1969 is out of range 1970-2199\n  1969-1-1\n  ^^^^");
  CHECK(error_of("Mon *-*-* 9:00 UTC Europe/Berlin") ==
        "unexpected 'UTC': expected [WEEKDAYS] [DATE] [TIME] [ZONE]\n  Mon *-*-* 9:00 UTC Europe/Berlin\n                 ^^^");
}

}  // namespace
}  // namespace schedtool
