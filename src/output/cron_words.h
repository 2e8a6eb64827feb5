#pragma once
// A compiled cron expression in plain English, the way cronstrue and cron-utils read crontab
// strings, but from CronExpr, so both grammars (crontab strings and APScheduler fields) read the
// same. Pure and table-driven:
//   0 9 * * 1-5        → "at 09:00, Monday through Friday"
//   */15 * * * *       → "every 15 minutes"
//   0 18 * * 5L        → "on the last Friday of each month at 18:00"
//   0 4 1,15 * *       → "on day 1 and 15 of each month at 04:00"
//   30 8-17 * 1-3 *    → "at minute 30 past hours 8 through 17, in January through March"
#include <string>

#include "cron/cron_expr.h"

namespace schedtool {

std::string cron_in_words(const CronExpr& expr);

// "Monday through Friday", "Saturday and Sunday", "Monday, Wednesday and Friday" (bit 0 = Monday).
std::string weekdays_in_words(unsigned long bits);

// "a", "a and b", "a, b and c".
std::string join_words(const std::vector<std::string>& items, const char* last = " and ");

}  // namespace schedtool
