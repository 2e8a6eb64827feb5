#include "trigger/calendar_interval_trigger.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "time/time_text.h"

namespace schedtool {
namespace {

// An upper bound on the searches below: 10,000 skipped month ends in a row cannot happen.
constexpr int kMaxSteps = 10'000;

}  // namespace

CalendarIntervalTrigger::CalendarIntervalTrigger(CalendarStep step, date::year_month_day start_date,
                                                 std::optional<date::year_month_day> end_date, ZonePtr zone)
    : step_(step), start_(start_date), end_(end_date), zone_(std::move(zone)) {}

std::optional<date::year_month_day> CalendarIntervalTrigger::date_of(long k) const {
  const auto month = date::year_month{start_.year(), start_.month()} +
                     date::months{k * (12L * step_.years + step_.months)};
  date::year_month_day day = month / start_.day();
  if (!day.ok()) {
    if (step_.month_end == MonthEnd::skip) return std::nullopt;
    day = month / date::last;
  }
  return date::year_month_day{date::sys_days{day} + date::days{k * (7L * step_.weeks + step_.days)}};
}

std::optional<Instant> CalendarIntervalTrigger::first_at_or_after(Instant t) const {
  if (step_.empty()) return std::nullopt;
  // Start a little before the k that an average step length predicts, then walk forward: fire
  // dates only grow with k.
  const double step_days = 365.2425 * step_.years + 30.436875 * step_.months + 7.0 * step_.weeks + step_.days;
  const auto elapsed_days = (date::floor<date::days>(t) - date::sys_days{start_}).count();
  long k = std::max(0L, static_cast<long>(std::floor(0.98 * static_cast<double>(elapsed_days) / step_days)) - 2);
  for (int steps = 0; steps < kMaxSteps; ++steps, ++k) {
    const auto day = date_of(k);
    if (!day) continue;
    if (end_ && *day > *end_) return std::nullopt;
    const Instant fire = resolve_naive(*zone_, WallTime{date::local_days{*day}} + step_.time_of_day);
    if (fire >= t) return fire;
  }
  return std::nullopt;
}

std::optional<Instant> CalendarIntervalTrigger::next_fire_time(std::optional<Instant> previous, Instant now) const {
  return first_at_or_after(previous ? *previous + Duration{1} : now);
}

std::string CalendarIntervalTrigger::describe() const {
  std::string out = "calendarinterval[";
  const std::pair<const char*, int> parts[] = {
      {"years", step_.years}, {"months", step_.months}, {"weeks", step_.weeks}, {"days", step_.days}};
  for (const auto& [name, value] : parts)
    if (value) out += fmt::format("{}={}, ", name, value);
  out += "time=" + date::format("%T", step_.time_of_day);
  if (step_.month_end == MonthEnd::clamp) out += ", month_end='clamp'";
  return out + "]";
}

}  // namespace schedtool
