#pragma once
// APScheduler 3's CronTrigger fields: year, month, day, week, day_of_week, hour, minute, second.
//
// Per field: `*`, `*/n` (from the field minimum), `a`, `a-b`, `a-b/n`, `a/n` (a to max), comma lists
// with optional spaces, 3-letter month and weekday names (any case). On `day` also: `last`,
// `1st`..`5th <weekday>`, `last <weekday>` (one or more spaces between). Numeric day_of_week counts
// 0 = Monday (APScheduler 3). As in APScheduler, a numeric step wider than its range is an error
// (`hour="*/24"`, `minute="5-6/2"`).
// Unset fields: more significant than the least significant field given → `*`; less significant →
// the minimum, except week and day_of_week → `*` (APScheduler's rule: hour=5 fires 05:00:00 daily).
// No field given at all: every field `*`, i.e. every second (APScheduler's CronTrigger() too).
// Differences from APScheduler, on purpose: a step on a named range is honoured (`mon-fri/2` = mon,
// wed, fri; `jan/3` = jan, apr, jul, oct); trailing garbage (`lastx`) is an error; a reversed range
// wraps around (`month="nov-mar"`, `day_of_week="fri-mon"`, `hour="22-2"`, the numeric ones with a
// warning) where APScheduler refuses it; `day` ranges may end on `last` (`"29-last"`). A wrap-around
// is described as ascending pieces APScheduler reads: 'nov-mar' → 'jan-mar,nov-dec'.
// All fields combine with AND.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "cron/cron_expr.h"

namespace schedtool {

// Field names, most significant first — the order of APScheduler's CronTrigger.FIELD_NAMES.
inline constexpr std::array<std::string_view, 8> kCronFieldNames = {
    "year", "month", "day", "week", "day_of_week", "hour", "minute", "second"};

// One value per field, as text ("9", "mon-fri", "*/15"); nullopt = not given. Integers from a TOML
// file are passed as their decimal text.
using CronFieldValues = std::array<std::optional<std::string>, 8>;

// Thrown by compile_cron_fields: an Error whose `source` is the offending field's text, whose message
// names the field ("cron field 'hour': 25 is out of range 0-23"), and which says which field it was,
// so the jobs-file loader can point at that key's line and column.
struct CronFieldError : Error {
  std::size_t field = 0;  // index into kCronFieldNames
};

// `warnings`, when given, receives what is accepted but probably not meant, positioned as errors
// are: "cron field 'hour': range 10-5 wraps past 23: hours 10-23 and 0-5".
CronExpr compile_cron_fields(const CronFieldValues& values, std::vector<CronFieldError>* warnings = nullptr);

// APScheduler's str(trigger) body: the given fields only, in FIELD_NAMES order, values quoted:
//   "day_of_week='mon-fri', hour='9', minute='30'"
// Values print as APScheduler's str(field) does: "1, 2" → '1,2', "MON" → 'mon', "05" → '5',
// "Last  Fri" → 'last fri' (but `mon-fri/2` keeps its step). An invalid value prints as given.
std::string describe_cron_fields(const CronFieldValues& values);

}  // namespace schedtool
