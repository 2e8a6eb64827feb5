#pragma once
// A compiled cron expression: which wall-clock readings match, as small bitsets, plus the search
// for the next matching reading. Pure calendar arithmetic: no zones, no DST (trigger/ maps wall
// readings to instants), no allocation while searching.
//
// Both grammars compile to this one form:
//   crontab strings  "*/5 * * * *"        → cron/crontab.h   (Vixie cron semantics, Quartz extras)
//   APScheduler fields {hour=9, day="last fri"} → cron/cron_fields.h (APScheduler 3 semantics)
#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "time/instant.h"

namespace schedtool {

// Which days of a month a day-of-month or day-of-week field selects. One type serves both fields,
// because Quartz puts `fri#3`/`5L` in day-of-week while APScheduler puts `3rd fri`/`last fri` in day.
struct DaySelector {
  bool unrestricted = true;                // `*` or `?`: every day (the field takes no part in OR)
  std::bitset<32> days;                    // day numbers 1..31 (bit 0 unused)
  bool last_day = false;                   // `last`, `L`: the month's last day
  std::bitset<32> nearest_weekday;         // `15W`: the weekday nearest the 15th, within the month
  bool last_weekday_of_month = false;      // `LW`: the month's last Monday-to-Friday day
  std::bitset<7> weekdays;                 // bit 0 = Monday … bit 6 = Sunday
  std::array<std::bitset<7>, 5> nth{};     // `3rd fri`, `fri#3`: nth[2] has Friday's bit
  std::bitset<7> last_of;                  // `last fri`, `5L`: the month's last Friday
  std::bitset<32> from_end;                // the month's kth last day, bit k (1 = the last): systemd's
                                           // `~3` is bit 3, Quartz's `L-3` (three days before) bit 4

  // Bit d (1..31) set when day d of that month is selected; days past the month's end are clear.
  std::uint32_t mask(int year, unsigned month) const;
};

struct YearRange {
  int first, last, step;
};

struct CronExpr {
  std::bitset<60> seconds;
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<13> months;          // bits 1..12
  std::bitset<54> weeks;           // ISO week numbers 1..53; all set when unrestricted
  std::vector<YearRange> years;    // empty = any year (1970..9999)
  DaySelector day_of_month;
  DaySelector day_of_week;
  bool day_or = false;             // Vixie rule: both day fields restricted → a day matches if either does

  // The hour set is all of 0-23: a cadence trigger (see trigger/cron_trigger.h).
  bool every_hour() const { return hours.all(); }
  // Every ISO week 1..53 selected (bit 0 is unused).
  bool every_week() const { return (weeks | std::bitset<54>{1}).all(); }

  bool matches(WallSeconds w) const;

  // The first matching reading at or after `from` (rounded up to a whole second); nullopt when
  // nothing matches up to year 9999 — or, with no year restriction, within 400 years, the length
  // of the Gregorian cycle after which every pattern repeats (so Feb 30 returns at once).
  std::optional<WallSeconds> next_match(WallTime from) const;

  // Selected days of a month, after combining day_of_month, day_of_week and weeks.
  std::uint32_t day_mask(int year, unsigned month) const;
};

}  // namespace schedtool
