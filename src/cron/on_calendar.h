#pragma once
// systemd's calendar events (systemd.time(7), the `OnCalendar=` of timer units), compiled to the
// one CronExpr form both cron grammars use. Pure calendar arithmetic, as the rest of cron/: the
// trailing zone is returned as text for trigger/ to resolve.
//
//   [WEEKDAYS] [DATE] [TIME] [ZONE]
//   WEEKDAYS  Mon,Wed..Fri — names or three-letter abbreviations in any case; `-` is read as `..`
//   DATE      [YEAR-]MONTH-DAY, or [YEAR-]MONTH~DAY with DAY counted back from the month's end
//             (`*-02~03` = the third last day of February, `~1` = the last day); omitted: *-*-*
//   TIME      HOUR:MINUTE[:SECOND]; omitted: 00:00:00, SECOND omitted: 00
//   each part `*`, or a comma list of N, A..B, N/STEP (N, N+STEP, … up to the part's maximum;
//             after `~`: N, N-STEP, … down to the last day), A..B/STEP. A year of one or two
//             digits is 2000-2069 or 1970-1999 (as systemd); years run 1970-2199.
//   ZONE      a trailing IANA zone name or UTC
//   shorthands minutely hourly daily weekly monthly yearly annually quarterly semiannually,
//             optionally followed by a zone.
//
// Weekdays and date are ANDed, as systemd does: `Fri *-*-13` is Friday the 13th only (no Vixie OR
// rule). Not supported, each with an error that says so: fractional seconds (`00.5`; schedtool
// fires on whole seconds) and `@EPOCH` (a single moment: a date trigger).
//
// Errors are Error with the text as source and a caret under the offending part:
//   "hour 24 is out of range 0-23", "unknown weekday or shorthand 'dayly' (did you mean 'daily'?)",
//   "weekday range Fri..Mon wraps around the week: write Fri..Sun,Mon"
#include <cstddef>
#include <string>
#include <string_view>

#include "cron/cron_expr.h"

namespace schedtool {

struct OnCalendar {
  CronExpr expr;
  std::string normalized;   // systemd's normalized layout: "Mon..Fri *-*-* 09:00:00 Europe/Berlin"
  std::string zone;         // the trailing zone as written ("UTC" for utc); "" = none
  std::size_t zone_offset = 0;  // where the zone starts in the text, for a caret on an unknown zone
};

OnCalendar parse_on_calendar(std::string_view text);

}  // namespace schedtool
