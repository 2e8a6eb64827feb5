#pragma once
// The trigger of one [[jobs]] table, from the trigger arguments that sit beside the job options
// (APScheduler's add_job(func, trigger, **trigger_args)).
#include <string_view>

#include "config/config.h"
#include "config/toml_reader.h"
#include "cron/crontab.h"

namespace schedtool {

struct BuiltTrigger {
  TriggerPtr trigger;               // nullptr when an error was reported
  std::optional<Instant> end_date;  // the trigger's end_date, for jitter clipping
};

BuiltTrigger build_trigger(TomlReader& reader, const toml::table& job, std::string_view type, const ZonePtr& zone,
                           const LoadContext& context);

// APScheduler's str() body for a crontab string: the fields that are not `*`, in its field order,
// weekday numbers as names (APScheduler would read crontab's 1-5 as Tuesday to Saturday):
//   "0 9 * * 1-5" → "day_of_week='mon-fri', hour='9', minute='0'"
std::string describe_crontab(const Crontab& crontab);

}  // namespace schedtool
