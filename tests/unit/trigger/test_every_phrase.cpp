// `every` phrases: grammar (canonical text, positioned errors naming the closest valid phrase) and
// the compiled triggers' fire times in three zones across both DST transitions (New York, Berlin,
// and Lord Howe, whose DST shift is half an hour).
#include <doctest/doctest.h>

#include <string>

#include "base/error.h"
#include "time/time_text.h"
#include "trigger/every_trigger.h"
#include "trigger/preview.h"

namespace schedtool {
namespace {

std::string fires(const char* text, const char* zone_name, const char* from, std::size_t n) {
  const ZonePtr zone = find_zone(zone_name);
  const Instant start = parse_time_in(from, *zone);
  const TriggerPtr trigger = compile_every_phrase(parse_every_phrase(text), zone, {}, start);
  std::string out;
  for (const Instant t : preview_fire_times(*trigger, start, n))
    out.append(out.empty() ? "" : " ").append(format_rfc3339(t, *zone));
  return out;
}

std::string describe(const char* text) {
  return compile_every_phrase(parse_every_phrase(text), find_zone("UTC"), {}, Instant{})->describe();
}

std::string error_of(const char* text) {
  try {
    parse_every_phrase(text);
  } catch (const Error& e) {
    return e.message + "\n" + caret_lines(e);
  }
  return "(no error)";
}

TEST_CASE("phrases read case-insensitively, singular or plural, and print canonically") {
  const char* rows[][2] = {
      {"10 minutes", "10 minutes"},          {"Minute", "minute"},
      {"1 minutes", "minute"},               {"2 hour", "2 hours"},
      {"  10   Seconds ", "10 seconds"},     {"10 minutes at :05", "10 minutes at :05"},
      {"hour at :30", "hour at :30"},        {"day at 9:30", "day at 09:30"},
      {"3 days at 23:59:30", "3 days at 23:59:30"}, {"2 weeks", "2 weeks"},
      {"Monday at 14:00", "monday at 14:00"}, {"mondays", "monday"},
      {"weekdays at 09:00", "weekday at 09:00"}, {"weekend", "weekend"},
      {"2 to 4 hours", "2 to 4 hours"},      {"15 minutes from 6:00 to 08:00", "15 minutes from 06:00 to 08:00"},
  };
  for (const auto& [text, canonical] : rows) {
    CAPTURE(text);
    CHECK(format_every_phrase(parse_every_phrase(text)) == canonical);
  }
}

TEST_CASE("each phrase compiles to the trigger of the table") {
  CHECK(describe("10 seconds") == "interval[0:00:10]");
  CHECK(describe("hour") == "interval[1:00:00]");
  CHECK(describe("10 minutes at :15") == "interval[0:10:00]");
  CHECK(describe("day") == "calendarinterval[days=1, time=00:00:00]");
  CHECK(describe("2 weeks at 10:30") == "calendarinterval[weeks=2, time=10:30:00]");
  CHECK(describe("monday at 14:00") == "cron[day_of_week='mon', hour='14', minute='0', second='0']");
  CHECK(describe("weekday") == "cron[day_of_week='mon-fri', hour='0', minute='0', second='0']");
  CHECK(describe("weekend at 10:00:30") == "cron[day_of_week='sat,sun', hour='10', minute='0', second='30']");
  CHECK(describe("2 to 4 hours") == "random_interval[2:00:00 to 4:00:00]");
  CHECK(describe("15 minutes from 06:00 to 08:00") ==
        "or[cron[hour='6,7', minute='0,15,30,45', second='0'], cron[hour='8', minute='0', second='0']]");
  CHECK(describe("20 minutes from 06:00 to 07:40") == "cron[hour='6,7', minute='0,20,40', second='0']");
}

TEST_CASE("interval phrases: real time, one period after the start, through both DST transitions") {
  CHECK(fires("10 minutes", "America/New_York", "2026-03-08T01:45:00", 3) ==
        "2026-03-08T01:55:00-05:00 2026-03-08T03:05:00-04:00 2026-03-08T03:15:00-04:00");
  CHECK(fires("hour", "America/New_York", "2026-11-01T00:30:00", 3) ==
        "2026-11-01T01:30:00-04:00 2026-11-01T01:30:00-05:00 2026-11-01T02:30:00-05:00");
  CHECK(fires("minute at :30", "Europe/Berlin", "2026-03-29T01:58:40", 3) ==
        "2026-03-29T01:59:30+01:00 2026-03-29T03:00:30+02:00 2026-03-29T03:01:30+02:00");
  CHECK(fires("hour at :15", "Europe/Berlin", "2026-10-25T01:20:00", 3) ==
        "2026-10-25T02:15:00+02:00 2026-10-25T02:15:00+01:00 2026-10-25T03:15:00+01:00");
  // Lord Howe shifts by half an hour: the anchor's wall-clock minute moves with it (documented).
  CHECK(fires("2 hours at :30", "Australia/Lord_Howe", "2026-04-04T23:10:00", 3) ==
        "2026-04-04T23:30:00+11:00 2026-04-05T01:30:00+11:00 2026-04-05T03:00:00+10:30");
  CHECK(fires("hour at :15", "Australia/Lord_Howe", "2026-10-04T00:20:00", 2) ==
        "2026-10-04T01:15:00+10:30 2026-10-04T02:45:00+11:00");
}

TEST_CASE("day and week phrases keep the wall-clock time (calendarinterval's DST rules)") {
  CHECK(fires("day at 02:30", "America/New_York", "2026-03-07T12:00", 3) ==
        "2026-03-08T03:00:00-04:00 2026-03-09T02:30:00-04:00 2026-03-10T02:30:00-04:00");
  CHECK(fires("day at 01:30", "America/New_York", "2026-10-31T12:00", 2) ==
        "2026-11-01T01:30:00-04:00 2026-11-02T01:30:00-05:00");
  CHECK(fires("2 days", "Europe/Berlin", "2026-10-24T12:00", 2) == "2026-10-26T00:00:00+01:00 2026-10-28T00:00:00+01:00");
  CHECK(fires("week at 02:30", "Europe/Berlin", "2026-03-20T12:00", 2) ==
        "2026-03-27T02:30:00+01:00 2026-04-03T02:30:00+02:00");
  CHECK(fires("day at 02:15", "Australia/Lord_Howe", "2026-10-03T12:00", 2) ==
        "2026-10-04T02:30:00+11:00 2026-10-05T02:15:00+11:00");
  CHECK(fires("day at 01:45", "Australia/Lord_Howe", "2026-04-04T12:00", 2) ==
        "2026-04-05T01:45:00+11:00 2026-04-06T01:45:00+10:30");
}

TEST_CASE("weekday phrases are cron: a gap fires at its end, a repeated time once") {
  CHECK(fires("sunday at 02:30", "Europe/Berlin", "2026-03-20T12:00", 3) ==
        "2026-03-22T02:30:00+01:00 2026-03-29T03:00:00+02:00 2026-04-05T02:30:00+02:00");
  CHECK(fires("sunday at 02:30", "Europe/Berlin", "2026-10-20T12:00", 2) ==
        "2026-10-25T02:30:00+02:00 2026-11-01T02:30:00+01:00");
  CHECK(fires("weekend at 02:15", "Australia/Lord_Howe", "2026-10-02T12:00", 3) ==
        "2026-10-03T02:15:00+10:30 2026-10-04T02:30:00+11:00 2026-10-10T02:15:00+11:00");
  CHECK(fires("weekday", "America/New_York", "2026-03-06T12:00", 2) ==
        "2026-03-09T00:00:00-04:00 2026-03-10T00:00:00-04:00");
  CHECK(fires("sunday at 01:30", "America/New_York", "2026-10-30T12:00", 2) ==
        "2026-11-01T01:30:00-04:00 2026-11-08T01:30:00-05:00");
}

TEST_CASE("window phrases: both ends included, DST as cron") {
  CHECK(fires("15 minutes from 06:00 to 08:00", "UTC", "2026-01-01T00:00", 10) ==
        "2026-01-01T06:00:00+00:00 2026-01-01T06:15:00+00:00 2026-01-01T06:30:00+00:00 2026-01-01T06:45:00+00:00 "
        "2026-01-01T07:00:00+00:00 2026-01-01T07:15:00+00:00 2026-01-01T07:30:00+00:00 2026-01-01T07:45:00+00:00 "
        "2026-01-01T08:00:00+00:00 2026-01-02T06:00:00+00:00");
  // 02:00 and 02:30 fall in New York's gap: both collapse into the fire at its end, 03:00.
  CHECK(fires("30 minutes from 01:00 to 03:00", "America/New_York", "2026-03-08T00:00", 4) ==
        "2026-03-08T01:00:00-05:00 2026-03-08T01:30:00-05:00 2026-03-08T03:00:00-04:00 2026-03-09T01:00:00-04:00");
  CHECK(fires("30 minutes from 01:00 to 02:00", "America/New_York", "2026-11-01T00:00", 3) ==
        "2026-11-01T01:00:00-04:00 2026-11-01T01:30:00-04:00 2026-11-01T02:00:00-05:00");
  CHECK(fires("45 minutes from 22:00 to 23:59", "Europe/Berlin", "2026-03-29T00:00", 3) ==
        "2026-03-29T22:00:00+02:00 2026-03-29T22:45:00+02:00 2026-03-29T23:30:00+02:00");
}

TEST_CASE("random intervals: whole units in [A, B] after the previous scheduled time, reproducible") {
  const ZonePtr utc = find_zone("UTC");
  const Instant start = parse_time_in("2026-01-01T00:00", *utc);
  const TriggerPtr trigger = compile_every_phrase(parse_every_phrase("2 to 4 hours"), utc, {}, start, 42);
  std::optional<Instant> previous;
  Instant base = start;
  for (int i = 0; i < 200; ++i) {
    const auto next = trigger->next_fire_time(previous, previous.value_or(start));
    REQUIRE(next);
    const auto gap = *next - base;
    CHECK(gap >= std::chrono::hours{2});
    CHECK(gap <= std::chrono::hours{4});
    CHECK(gap % std::chrono::hours{1} == Duration::zero());
    CHECK(trigger->next_fire_time(previous, previous.value_or(start)) == next);  // the same draw again
    previous = base = *next;
  }
}

TEST_CASE("errors point at the word and name the closest valid phrase") {
  CHECK(error_of("10 minuts") == "'minuts' is not a unit of time (did you mean \"10 minutes\"?)\n  10 minuts\n     ^^^^^^");
  CHECK(error_of("mondy at 10:00") ==
        "'mondy' is not a unit of time (did you mean \"monday at 10:00\"?)\n  mondy at 10:00\n  ^^^^^");
  CHECK(error_of("day att 10:00") ==
        "'att' is not 'at' or the end of the phrase (did you mean \"day at 10:00\"?)\n  day att 10:00\n      ^^^");
  CHECK(error_of("10 minutes at 10:30") ==
        "'at 10:30' is a time of day, which minutes do not have: write \"10 minutes at :SS\" for the second of "
        "each run, or \"day at 10:30\"\n  10 minutes at 10:30\n                ^^^^^");
  CHECK(error_of("hour at 10:30") ==
        "'at 10:30' is a time of day, which hours do not have: write \"hour at :MM\" for the minute of each run, "
        "or \"day at 10:30\"\n  hour at 10:30\n          ^^^^^");
  CHECK(error_of("30 seconds at :10") ==
        "seconds take no 'at' (write \"30 seconds\"; for a time of day, \"day at 10:30\")\n  30 seconds at :10\n"
        "             ^^");
  CHECK(error_of("day at :30") ==
        "days need a time of day: 'at HH:MM' or 'at HH:MM:SS', not ':30'\n  day at :30\n         ^^^");
  CHECK(error_of("day at 24:00") == "'24:00' is not a time of day (HH:MM[:SS], 00:00-23:59)\n  day at 24:00\n         ^^^^^");
  CHECK(error_of("0 minutes") == "the count must be 1 to 1000000000, not 0\n  0 minutes\n  ^");
  CHECK(error_of("2 mondays") ==
        "a weekday takes no count: write \"monday\" (every week), or \"2 weeks\" with a start_date on a monday\n"
        "  2 mondays\n  ^");
  CHECK(error_of("") == "the phrase is empty (write one like \"10 minutes\", \"day at 10:30\", \"monday at 14:00\")\n");
  CHECK(error_of("day at 10:00 sharp") == "unexpected 'sharp' after the phrase\n  day at 10:00 sharp\n               ^^^^^");
  CHECK(error_of("4 to 2 hours") == "the upper bound must be more than 4: \"4 to 8 ...\"\n  4 to 2 hours\n       ^");
  CHECK(error_of("15 minutes from 08:00 to 06:00") ==
        "the window ends before it starts (08:00 to 06:00): a window stays within one day\n"
        "  15 minutes from 08:00 to 06:00\n                           ^^^^^");
  // Found by fuzz/fuzz_every_phrase: a known word in the wrong place once recursed forever, and a
  // signed number read as an hour.
  CHECK(error_of("10 at") == "'at' is not a unit of time (a phrase is like \"10 minutes\", \"day at 10:30\", "
                             "\"monday at 14:00\")\n  10 at\n     ^^");
  CHECK(error_of("day at -3:00") == "'-3:00' is not a time of day (HH:MM[:SS], 00:00-23:59)\n  day at -3:00\n         ^^^^^");
  CHECK(error_of("-1 minutes") == "'-1' is not a whole number\n  -1 minutes\n  ^^");
  CHECK(error_of("blah") == "'blah' is not a unit of time (a phrase is like \"10 minutes\", \"day at 10:30\", "
                            "\"monday at 14:00\")\n  blah\n  ^^^^");
}

}  // namespace
}  // namespace schedtool
