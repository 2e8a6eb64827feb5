#pragma once
// Schedules in words: the phrases of Python's `schedule` library ("job scheduling for humans"),
// as the text of `every = "..."` and `next --every`. Pure grammar: text → EveryPhrase, no zones.
// trigger/every_trigger.h compiles a phrase to a trigger we already have:
//
//   "10 seconds", "minute", "2 hours"          → interval (first fire one period after the start)
//   "10 minutes at :15", "hour at :30"          → interval anchored on that second / minute
//   "day", "3 days", "week", "2 weeks" [at HH:MM[:SS]]  → calendarinterval (wall clock, DST-stable)
//   "monday" … "sunday", "weekday", "weekend" [at HH:MM[:SS]] → cron day_of_week
//   "2 to 4 hours"                              → a random interval, drawn per run
//   "15 minutes from 06:00 to 08:00"            → cron, every 15 minutes in a daily window
//
// Words are case-insensitive and singular or plural ("1 minutes", "10 minute" read the same);
// the count may be omitted (1). Errors are `Error`s whose caret points into the phrase and whose
// message names the closest valid phrase:
//   "10 minuts"          → 'minuts' is not a unit of time (did you mean "10 minutes"?)
//   "10 minutes at 10:30" → 'at 10:30' is a time of day, which minutes have not: …
#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace schedtool {

enum class PhraseUnit { second, minute, hour, day, week };

enum class PhraseKind {
  interval,  // N seconds|minutes|hours, optionally `at :SS` / `at :MM` (then `at` is set)
  calendar,  // N days|weeks, optionally `at HH:MM[:SS]`
  weekdays,  // monday … sunday, weekday, weekend, optionally `at HH:MM[:SS]`
  random,    // A to B seconds|minutes|hours|days
  window,    // N minutes|hours from HH:MM to HH:MM
};

struct EveryPhrase {
  PhraseKind kind = PhraseKind::interval;
  PhraseUnit unit = PhraseUnit::minute;
  long count = 1;                      // N, or A of a random interval
  long count_to = 0;                   // B of a random interval
  std::bitset<7> weekdays;             // bit 0 = Monday … bit 6 = Sunday
  std::string day_word;                // "monday", "weekday", "weekend"
  // interval: the offset inside the period (`at :15` on minutes → 15 s; `at :30` on hours → 30 min);
  // calendar / weekdays: the time of day.
  std::optional<std::chrono::seconds> at;
  std::chrono::seconds window_from{0}, window_to{0};  // window: times of day, both included

  // The period of one unit in seconds (second 1, minute 60, hour 3600, day 86400, week 604800).
  static long unit_seconds(PhraseUnit unit);
};

// Throws Error (caret into `text`) for anything that is not a phrase.
EveryPhrase parse_every_phrase(std::string_view text);

// The canonical text of a phrase: "10 minutes at :15", "day at 10:30", "weekday at 09:00".
std::string format_every_phrase(const EveryPhrase& phrase);

// "seconds", "minutes", … (plural), or "second", "minute" when `count` is 1.
std::string_view unit_word(PhraseUnit unit, long count);

// "HH:MM", or "HH:MM:SS" when the seconds are not zero.
std::string format_time_of_day(std::chrono::seconds t);

}  // namespace schedtool
