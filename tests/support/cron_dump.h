#pragma once
// Readable forms of a compiled CronExpr for tests: "1,3,5", "mon,wed", and a dump of everything
// the matcher reads, so two expressions can be compared whole.
#include <bitset>
#include <string>
#include <string_view>

#include "cron/cron_expr.h"

namespace schedtool::testing {

template <std::size_t N>
std::string members(const std::bitset<N>& bits) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i)
    if (bits[i]) out.append(out.empty() ? "" : ",").append(std::to_string(i));
  return out;
}

inline std::string weekday_names(const std::bitset<7>& bits) {
  static constexpr std::string_view kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string out;
  for (std::size_t i = 0; i < 7; ++i)
    if (bits[i]) out.append(out.empty() ? "" : ",").append(kNames[i]);
  return out;
}

inline std::string dump(const CronExpr& e) {
  std::string out;
  for (const std::string& part :
       {members(e.seconds), members(e.minutes), members(e.hours), members(e.months), members(e.weeks)})
    out.append(part).append("|");
  for (const auto& y : e.years)
    out.append(std::to_string(y.first)).append("-").append(std::to_string(y.last)).append("/").append(std::to_string(y.step)).append(";");
  for (const DaySelector* d : {&e.day_of_month, &e.day_of_week}) {
    out.append("|").append(std::to_string(d->unrestricted)).append(members(d->days));
    out.append("L").append(std::to_string(d->last_day)).append("W").append(members(d->nearest_weekday));
    out.append("LW").append(std::to_string(d->last_weekday_of_month)).append("wd").append(weekday_names(d->weekdays));
    out.append("last").append(weekday_names(d->last_of));
    if (d->from_end.any()) out.append("~").append(members(d->from_end));
    for (const auto& n : d->nth) out.append("#").append(weekday_names(n));
  }
  return out.append("|or").append(std::to_string(e.day_or));
}

}  // namespace schedtool::testing
