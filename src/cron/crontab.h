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
// month names jan..dec and weekday names sun..sat in any case; day-of-week 0 and 7 are Sunday.
// Quartz extras: in day-of-month `L` (last day), `15W` (the weekday nearest the 15th), `LW` (last
// weekday); in day-of-week `L` alone (Saturday, Quartz's 7), `5L` / `friL` (last Friday), `fri#3` /
// `5#3` (third Friday); a year field 1970-2099. Not supported: `L-3`, wrap-around ranges (`fri-mon`).
// When both day fields are restricted (neither starts with `*` or is `?`), a day matches if either
// matches (Vixie): `0 12 13 * 5` fires every Friday and every 13th.
#include <string>
#include <string_view>

#include "cron/cron_expr.h"

namespace schedtool {

struct Crontab {
  CronExpr expr;
  // Macros expanded, fields joined by single spaces, seconds always first: "*/5 * * * *" →
  // "0 */5 * * * *", "@daily" → "0 0 0 * * *"; a seven-field expression keeps its year field.
  std::string normalized;
};

// Throws Error with the expression as `source` and a caret under the offending field or token:
//   "hour 25 is out of range 0-23", "month: unknown name 'jam' (did you mean 'jan'?)",
//   "day-of-week: range fri-mon is reversed", "expected 5, 6 or 7 fields, found 4" (caret: all of it)
Crontab parse_crontab(std::string_view text);

}  // namespace schedtool
