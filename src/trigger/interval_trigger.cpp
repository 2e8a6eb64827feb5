#include "trigger/interval_trigger.h"

#include <fmt/format.h>

namespace schedtool {

IntervalTrigger::IntervalTrigger(Duration interval, ZonePtr zone, TriggerWindow window, Instant created_at)
    : interval_(interval > Duration::zero() ? interval : std::chrono::seconds{1}),
      zone_(std::move(zone)),
      start_date_(window.start_date.value_or(created_at + interval_)),
      end_date_(window.end_date) {}

std::optional<Instant> IntervalTrigger::next_fire_time(std::optional<Instant> previous, Instant now) const {
  Instant next;
  if (previous) {
    next = *previous + interval_;
  } else if (start_date_ >= now) {
    next = start_date_;
  } else {
    const auto elapsed = now - start_date_;
    next = start_date_ + interval_ * ((elapsed + interval_ - Duration{1}) / interval_);  // ceil
  }
  if (end_date_ && next > *end_date_) return std::nullopt;
  return next;
}

std::string IntervalTrigger::describe() const { return "interval[" + format_timedelta(interval_) + "]"; }

std::string format_timedelta(Duration d) {
  using std::chrono::duration_cast;
  const auto day = date::days{1};
  auto whole_days = date::floor<date::days>(d);
  Duration rest = d - whole_days;  // in [0, 1 day), as Python normalises timedelta
  const auto h = duration_cast<std::chrono::hours>(rest);
  const auto m = duration_cast<std::chrono::minutes>(rest - h);
  const auto s = duration_cast<std::chrono::seconds>(rest - h - m);
  const auto us = rest - h - m - s;
  std::string out;
  if (whole_days.count() != 0)
    out = fmt::format("{} day{}, ", whole_days.count(), (whole_days == day || whole_days == -day) ? "" : "s");
  out += fmt::format("{}:{:02}:{:02}", h.count(), m.count(), s.count());
  if (us.count() != 0) out += fmt::format(".{:06}", us.count());
  return out;
}

}  // namespace schedtool
