// `explain`: the words of every trigger kind, and the DST note of the first moved fire.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "cron/cron_fields.h"
#include "cron/crontab.h"
#include "output/explain.h"
#include "time/time_text.h"
#include "trigger/calendar_interval_trigger.h"
#include "trigger/combining_trigger.h"
#include "trigger/cron_trigger.h"
#include "trigger/date_trigger.h"
#include "trigger/every_trigger.h"
#include "trigger/interval_trigger.h"

namespace schedtool {
namespace {

std::shared_ptr<CronTrigger> cron(const char* text, const char* zone = "UTC") {
  return std::make_shared<CronTrigger>(parse_crontab(text).expr, find_zone(zone), TriggerWindow{}, "");
}

std::string words(const char* crontab) { return trigger_in_words(*cron(crontab)); }

TEST_CASE("crontab strings in words") {
  const char* rows[][2] = {
      {"30 2 * * 1-5", "at 02:30, Monday through Friday"},
      {"*/15 * * * *", "every 15 minutes"},
      {"* * * * *", "every minute"},
      {"0 18 * * 5L", "on the last Friday of each month at 18:00"},
      {"0 9 * * 1#3", "on the third Monday of each month at 09:00"},
      {"0 4 1,15 * *", "on day 1 and 15 of each month at 04:00"},
      {"0 0 L * ?", "on the last day of each month at 00:00"},
      {"0 0 15W * ?", "on the weekday nearest day 15 of each month at 00:00"},
      {"30 8-17 * 1-3 *", "at minute 30 past hours 8 through 17, in January through March"},
      {"5 */2 * * *", "at minute 5 of every 2 hours"},
      {"0 9,17 * * *", "at 09:00 and 17:00"},
      {"0 10 * * 6,0", "on Saturday and Sunday at 10:00"},
      {"0 0 1 * 1", "on day 1 of each month or on Monday at 00:00"},
      {"*/10 * * * * *", "every 10 seconds"},
      {"30 0 12 * * ? 2027", "at 12:00:30, in 2027"},
      {"*/5 9-17 * * *", "every 5 minutes, during hours 9 through 17"},
      {"15 * * * *", "every hour at minute 15"},
  };
  for (const auto& [text, expected] : rows) {
    CAPTURE(text);
    CHECK(words(text) == expected);
  }
}

TEST_CASE("APScheduler fields read as the same words as the crontab string") {
  CronFieldValues values;
  values[4] = "mon-fri";
  values[5] = "2";
  values[6] = "30";
  const CronTrigger trigger(compile_cron_fields(values), find_zone("UTC"), {}, "");
  CHECK(trigger_in_words(trigger) == "at 02:30, Monday through Friday");
  values = {};
  values[2] = "last fri";
  values[5] = "18";
  CHECK(trigger_in_words(CronTrigger(compile_cron_fields(values), find_zone("UTC"), {}, "")) ==
        "on the last Friday of each month at 18:00");
}

TEST_CASE("every other trigger kind in words") {
  const ZonePtr utc = find_zone("UTC");
  const Instant t0 = parse_time_in("2026-01-01T00:00:00Z", *utc);
  CHECK(trigger_in_words(IntervalTrigger(std::chrono::minutes{90}, utc, {}, t0)) == "every 1 hour and 30 minutes");
  CHECK(trigger_in_words(IntervalTrigger(std::chrono::hours{26}, utc, {}, t0)) == "every 1 day and 2 hours");
  CHECK(trigger_in_words(IntervalTrigger(std::chrono::hours{1}, utc, {}, t0)) == "every hour");
  CHECK(trigger_in_words(DateTrigger(t0, utc)) == "once, at 2026-01-01 00:00:00 UTC");
  CalendarStep step;
  step.months = 1;
  step.time_of_day = std::chrono::hours{9};
  CHECK(trigger_in_words(CalendarIntervalTrigger(step, date::year{2026} / 1 / 31, std::nullopt, utc)) ==
        "every month at 09:00");
  step.days = 2;
  step.month_end = MonthEnd::clamp;
  CHECK(trigger_in_words(CalendarIntervalTrigger(step, date::year{2026} / 1 / 31, std::nullopt, utc)) ==
        "every 1 month and 2 days at 09:00, on the month's last day when the day is missing");
  const auto random = compile_every_phrase(parse_every_phrase("2 to 4 hours"), utc, {}, t0);
  CHECK(trigger_in_words(*random) == "every 2 to 4 hours, at random");
  const OrTrigger any({cron("0 9 * * *"), std::make_shared<IntervalTrigger>(std::chrono::minutes{30}, utc, TriggerWindow{}, t0)}, utc);
  CHECK(trigger_in_words(any) == "whenever any of these fires: at 09:00; every 30 minutes");
  const AndTrigger all({cron("0 9 * * *"), cron("* * * * 1")}, std::chrono::seconds{1}, utc);
  CHECK(trigger_in_words(all) == "when all of these fire within 1 second: at 09:00; every minute, on Monday");
}

TEST_CASE("phrases in words") {
  const char* rows[][2] = {
      {"10 minutes", "every 10 minutes"},
      {"minute at :15", "every minute, at second 15"},
      {"2 hours at :30", "every 2 hours, at minute 30"},
      {"day", "every day at 00:00"},
      {"2 weeks at 10:30", "every 2 weeks at 10:30"},
      {"monday at 14:00", "every Monday at 14:00"},
      {"weekday at 9:00", "every weekday (Monday through Friday) at 09:00"},
      {"weekend at 10:00", "every Saturday and Sunday at 10:00"},
      {"2 to 4 hours", "every 2 to 4 hours, at random"},
      {"15 minutes from 06:00 to 08:00", "every 15 minutes from 06:00 to 08:00"},
  };
  for (const auto& [text, expected] : rows) {
    CAPTURE(text);
    CHECK(phrase_in_words(parse_every_phrase(text)) == expected);
  }
}

TEST_CASE("explain: the next fire and the first DST note within a year") {
  const auto berlin = cron("30 2 * * *", "Europe/Berlin");
  const Explanation e = explain(*berlin, parse_time_in("2026-12-01T00:00:00Z", berlin->zone()));
  CHECK(explanation_text(e) ==
        "at 02:30 (Europe/Berlin)\n  next: Tue 2026-12-01 02:30:00 CET\n"
        "  note: 2027-03-28 02:30 does not exist in Europe/Berlin: runs at 03:00\n");
  CHECK(explanations_json({e}) ==
        "[{\"description\":\"at 02:30\",\"zone\":\"Europe/Berlin\",\"next\":\"2026-12-01T02:30:00+01:00\","
        "\"note\":\"2027-03-28 02:30 does not exist in Europe/Berlin: runs at 03:00\"}]\n");
  const auto overlap = cron("30 2 * * *", "Europe/Berlin");
  CHECK(explain(*overlap, parse_time_in("2026-10-01T00:00:00Z", overlap->zone())).note ==
        "2026-10-25 02:30 happens twice in Europe/Berlin: runs once, at the first (CEST)");
  // A cadence trigger keeps its real-time rhythm: nothing is moved, so no note.
  CHECK(explain(*cron("*/15 * * * *", "Europe/Berlin"), parse_time_in("2027-03-27T00:00:00Z", *find_zone("UTC"))).note == "");
  const ZonePtr ny = find_zone("America/New_York");
  const Instant from = parse_time_in("2026-03-01T00:00", *ny);
  const auto daily = compile_every_phrase(parse_every_phrase("day at 02:15"), ny, {}, from);
  CHECK(explain(*daily, from).note == "2026-03-08 02:15 does not exist in America/New_York: runs at 03:00");
  const auto window = compile_every_phrase(parse_every_phrase("30 minutes from 01:00 to 03:00"), ny, {}, from);
  CHECK(explain(*window, from).note == "2026-03-08 02:00 does not exist in America/New_York: runs at 03:00");
}

}  // namespace
}  // namespace schedtool
