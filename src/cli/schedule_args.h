#pragma once
// A schedule given on the command line (`next`, `explain`): a crontab string, an `every` phrase or
// OnCalendar lines, each parsed with its error re-thrown under the heading users see
// ("invalid crontab expression: …", with its caret). A positional phrase or calendar expression is
// not a crontab string: its message says which option takes it.
#include <string>
#include <vector>

#include "cron/crontab.h"
#include "trigger/every_phrase.h"
#include "trigger/trigger.h"

namespace schedtool {

Crontab crontab_argument(const std::string& text);
EveryPhrase every_argument(const std::string& text);
// The lines' union in `zone` (each line may name its own zone).
TriggerPtr calendar_argument(const std::vector<std::string>& lines, const ZonePtr& zone);

}  // namespace schedtool
