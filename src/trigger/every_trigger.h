#pragma once
// An `every` phrase (trigger/every_phrase.h) compiled to a trigger we already have, by the table of
// the README's "Schedules in words":
//   N seconds|minutes|hours        → interval; without start_date the first fire is one period
//                                    after `now` (APScheduler's and the library's rule)
//   N minutes at :SS, N hours at :MM → interval from the first instant at or after the start
//                                    (start_date, else `now`) whose wall-clock second / minute is
//                                    that; a zone with a half-hour DST shift (Australia/Lord_Howe)
//                                    moves the wall-clock minute of later fires
//   N days|weeks [at HH:MM[:SS]]   → calendarinterval at that time (00:00:00 unless given),
//                                    starting on the start day (start_date's date, else today)
//   monday … sunday, weekday, weekend [at …] → cron day_of_week mon / mon-fri / sat,sun
//   N minutes from HH:MM to HH:MM  → cron (an `or` of crons when the hours' minutes differ)
//   A to B units                   → RandomIntervalTrigger (trigger/random_interval_trigger.h)
// start_date / end_date bound every form. Pure: `now` is a parameter.
#include "trigger/every_phrase.h"
#include "trigger/trigger.h"

namespace schedtool {

// `seed` makes a random interval's draws reproducible per job (the job id's hash, say).
TriggerPtr compile_every_phrase(const EveryPhrase& phrase, const ZonePtr& zone, const TriggerWindow& window,
                                Instant now, std::uint64_t seed = 0);

// The first instant at or after `from` whose wall-clock reading in `zone` has `offset` inside its
// minute (unit = 60 s) or hour (unit = 3600 s): the anchor of "10 minutes at :15".
Instant first_aligned_instant(Instant from, const Zone& zone, std::chrono::seconds offset, std::chrono::seconds unit);

// The crontab day_of_week text of a weekday set: "mon", "mon-fri", "sat,sun".
std::string weekday_field(std::bitset<7> days);

}  // namespace schedtool
