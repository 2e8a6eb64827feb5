#include "trigger/every_trigger.h"

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "cron/cron_fields.h"
#include "trigger/calendar_interval_trigger.h"
#include "trigger/combining_trigger.h"
#include "trigger/cron_trigger.h"
#include "trigger/interval_trigger.h"
#include "trigger/random_interval_trigger.h"

namespace schedtool {
namespace {

using std::chrono::seconds;

std::chrono::seconds period_of(const EveryPhrase& phrase) {
  return seconds{EveryPhrase::unit_seconds(phrase.unit)};
}

// A cron trigger from APScheduler fields (day_of_week, hour, minute, second as text).
TriggerPtr cron_of(const std::string& day_of_week, const std::string& hour, const std::string& minute,
                   const std::string& second, const ZonePtr& zone, const TriggerWindow& window) {
  CronFieldValues values;
  if (!day_of_week.empty()) values[4] = day_of_week;
  values[5] = hour;
  values[6] = minute;
  values[7] = second;
  return std::make_shared<CronTrigger>(compile_cron_fields(values), zone, window, describe_cron_fields(values));
}

TriggerPtr compile_interval(const EveryPhrase& phrase, const ZonePtr& zone, TriggerWindow window, Instant now) {
  const Duration period = period_of(phrase) * phrase.count;
  if (phrase.at) {
    const seconds unit = phrase.unit == PhraseUnit::minute ? seconds{60} : seconds{3600};
    window.start_date = first_aligned_instant(window.start_date.value_or(now), *zone, *phrase.at, unit);
  }
  return std::make_shared<IntervalTrigger>(period, zone, window, now);
}

date::year_month_day day_of(Instant t, const Zone& zone) {
  return date::year_month_day{date::sys_days{date::floor<date::days>(zone.to_wall(t)).time_since_epoch()}};
}

TriggerPtr compile_calendar(const EveryPhrase& phrase, const ZonePtr& zone, const TriggerWindow& window, Instant now) {
  CalendarStep step;
  (phrase.unit == PhraseUnit::week ? step.weeks : step.days) = static_cast<int>(phrase.count);
  step.time_of_day = phrase.at.value_or(seconds{0});
  const Instant start = window.start_date.value_or(now);
  date::year_month_day start_day = day_of(start, *zone);
  // start_date later in its day than the time of day: the series starts on the next day.
  if (window.start_date && date::local_days{start_day} + step.time_of_day < date::floor<seconds>(zone->to_wall(start)))
    start_day = date::sys_days{start_day} + date::days{1};
  std::optional<date::year_month_day> end_day;
  if (window.end_date) {
    end_day = day_of(*window.end_date, *zone);
    if (date::local_days{*end_day} + step.time_of_day > zone->to_wall(*window.end_date))
      end_day = date::sys_days{*end_day} - date::days{1};
  }
  return std::make_shared<CalendarIntervalTrigger>(step, start_day, end_day, zone);
}

std::string number(long n) { return std::to_string(n); }

// "0,15" + 30 → "0,15,30"
void append_item(std::string& list, long item) {
  if (!list.empty()) list.push_back(',');
  list.append(number(item));
}

TriggerPtr compile_weekdays(const EveryPhrase& phrase, const ZonePtr& zone, const TriggerWindow& window) {
  const long t = phrase.at.value_or(seconds{0}).count();
  return cron_of(weekday_field(phrase.weekdays), number(t / 3600), number(t / 60 % 60), number(t % 60), zone, window);
}

// Every N minutes from `from` to `to` (both included) as crons: hours with the same minutes share one.
TriggerPtr compile_window(const EveryPhrase& phrase, const ZonePtr& zone, const TriggerWindow& window) {
  const long step = phrase.count * EveryPhrase::unit_seconds(phrase.unit) / 60;
  std::map<long, std::string> minutes_of_hour;
  for (long m = phrase.window_from.count() / 60; m <= phrase.window_to.count() / 60; m += step)
    append_item(minutes_of_hour[m / 60], m % 60);
  std::map<std::string, std::string> hours_of_minutes;  // minute list → hour list
  for (const auto& [hour, minutes] : minutes_of_hour)
    append_item(hours_of_minutes[minutes], hour);
  std::vector<std::pair<long, TriggerPtr>> crons;  // by first hour, so the or[...] reads in time order
  for (const auto& [minutes, hours] : hours_of_minutes)
    crons.emplace_back(std::stol(hours), cron_of("", hours, minutes, "0", zone, window));
  if (crons.size() == 1) return crons.front().second;
  std::sort(crons.begin(), crons.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<TriggerPtr> children;
  for (auto& [hour, cron] : crons) children.push_back(std::move(cron));
  return std::make_shared<OrTrigger>(std::move(children), zone);
}

}  // namespace

std::string weekday_field(std::bitset<7> days) {
  static constexpr std::string_view kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string out;
  for (int first = 0; first < 7;) {
    if (!days.test(static_cast<std::size_t>(first))) { ++first; continue; }
    int last = first;
    while (last + 1 < 7 && days.test(static_cast<std::size_t>(last + 1))) ++last;
    out.append(out.empty() ? "" : ",").append(kNames[first]);
    if (last > first) out.append(last == first + 1 ? "," : "-").append(kNames[last]);
    first = last + 1;
  }
  return out;
}

Instant first_aligned_instant(Instant from, const Zone& zone, seconds offset, seconds unit) {
  Instant t = date::ceil<seconds>(from);
  // Offsets are whole seconds, so stepping by one second (then by one minute once the second is
  // right) meets the wanted reading within one unit plus a DST shift.
  const auto misaligned = [&](Instant at, seconds modulus) {
    return date::floor<seconds>(zone.to_wall(at)).time_since_epoch() % unit % modulus !=
           offset % modulus;
  };
  for (int i = 0; i < 60 && misaligned(t, seconds{60}); ++i) t += seconds{1};
  if (unit > seconds{60})
    for (int i = 0; i < 180 && misaligned(t, unit); ++i) t += seconds{60};
  return t;
}

TriggerPtr compile_every_phrase(const EveryPhrase& phrase, const ZonePtr& zone, const TriggerWindow& window,
                                Instant now, std::uint64_t seed) {
  switch (phrase.kind) {
    case PhraseKind::interval: return compile_interval(phrase, zone, window, now);
    case PhraseKind::calendar: return compile_calendar(phrase, zone, window, now);
    case PhraseKind::weekdays: return compile_weekdays(phrase, zone, window);
    case PhraseKind::window: return compile_window(phrase, zone, window);
    case PhraseKind::random:
      return std::make_shared<RandomIntervalTrigger>(phrase.count, phrase.count_to, period_of(phrase), zone, window,
                                                     seed);
  }
  return nullptr;
}

}  // namespace schedtool
