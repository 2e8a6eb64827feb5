#pragma once
// The trigger of one [[jobs]] table, from the trigger arguments that sit beside the job options
// (APScheduler's add_job(func, trigger, **trigger_args)).
#include <string_view>

#include "config/config.h"
#include "config/toml_reader.h"

namespace schedtool {

struct BuiltTrigger {
  TriggerPtr trigger;               // nullptr when an error was reported
  std::optional<Instant> end_date;  // the trigger's end_date, for jitter clipping
};

BuiltTrigger build_trigger(TomlReader& reader, const toml::table& job, std::string_view type, const ZonePtr& zone,
                           const LoadContext& context);

// APScheduler's str() body for a crontab string: the fields that are not `*`, in its field order.
//   "0 9 * * 1-5" → "day_of_week='1-5', hour='9', minute='0'"
std::string describe_crontab(std::string_view normalized);

}  // namespace schedtool
