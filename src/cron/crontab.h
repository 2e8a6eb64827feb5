#pragma once
// Standard crontab strings (Vixie cron semantics), as `schedtool next "*/5 * * * *"` and a job's
// `crontab = "..."` use them.
//
//   5 fields  minute hour day-of-month month day-of-week
//   6 fields  second minute hour day-of-month month day-of-week        (seconds first, as Quartz)
//   7 fields  second minute hour day-of-month month day-of-week year
//   macros    @yearly @annually @monthly @weekly @daily @midnight @hourly
//
// Per field: `*`, `?` (day fields), `a`, `a-b`, `a-b/n`, `*/n`, `a/n` (= a-max/n), comma lists;
// month names jan..dec and weekday names sun..sat in any case; day-of-week 0 and 7 are Sunday, so a
// range may end on either (`mon-sun`, `fri-0` = fri-7) and `7-mon` is Sunday and Monday.
// A reversed range wraps around (Quartz): `nov-mar`, `fri-mon`, hours `22-2`; a step counts through
// the wrap (`22-2/2` = 22, 0, 2). A numeric one (`10-5`, often a typo) comes with a warning.
// Quartz extras: in day-of-month `L` (last day), `L-3` (three days before it), ranges to it (`29-L`,
// `1-L/8`), `15W` (the weekday nearest the 15th), `LW` (last weekday); in day-of-week `L` alone
// (Saturday, Quartz's 7), `5L` / `friL` (last Friday), `fri#3` / `5#3` (third Friday), and croner's
// `#` on a range (`mon-fri#1`) and `#L` (`fri#L` = `5L`); a year field 1970-2099 (no wrap-around).
// Refused with the form to write: croniter's `L5` (→ `5L`), `?` outside the day fields.
// When both day fields are restricted (neither starts with `*` or is `?`), a day matches if either
// matches (Vixie): `0 12 13 * 5` fires every Friday and every 13th.
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "cron/cron_expr.h"

namespace schedtool {

struct Crontab {
  CronExpr expr;
  // Macros expanded, fields joined by single spaces, seconds always first: "*/5 * * * *" →
  // "0 */5 * * * *", "@daily" → "0 0 0 * * *"; a seven-field expression keeps its year field.
  std::string normalized;
  // `normalized` with each wrapped-around field as ascending pieces, for readers that have no
  // wrap-around (APScheduler's str(), `jobs`): "0 0 0 1 nov-mar *" → "0 0 0 1 jan-mar,nov-dec *",
  // hours "22-2/2" → "0,2,22".
  std::string ascending;
  // Accepted, but probably not meant: a numeric wrap-around range, positioned in the text:
  //   "hour: range 10-5 wraps past 23: hours 10-23 and 0-5"
  std::vector<Error> warnings;
};

// Throws Error with the expression as `source` and a caret under the offending field or token:
//   "hour 25 is out of range 0-23", "month: unknown name 'jam' (did you mean 'jan'?)",
//   "year: range 2030-2020 is reversed", "expected 5, 6 or 7 fields, found 4" (caret: all of it)
Crontab parse_crontab(std::string_view text);

}  // namespace schedtool
