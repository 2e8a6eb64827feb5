#include "trigger/cron_trigger.h"

#include <algorithm>

namespace schedtool {
namespace {

// No zone's offset leaves ±26 h, so a wall reading W names instants within W ± 26 h.
constexpr std::chrono::hours kMaxOffset{26};
// A year has two offset periods in most zones; 400 years of them bound the walk below.
constexpr int kMaxPeriods = 2000;

WallTime wall_at(Instant t, std::chrono::seconds offset) { return WallTime{(t + offset).time_since_epoch()}; }
Instant instant_at(WallTime w, std::chrono::seconds offset) { return Instant{w.time_since_epoch()} - offset; }

}  // namespace

CronTrigger::CronTrigger(CronExpr expr, ZonePtr zone, TriggerWindow window, std::string description)
    : expr_(std::move(expr)), zone_(std::move(zone)), window_(window), description_(std::move(description)) {}

// Walks the zone's offset periods from `from`. Inside one period a wall reading maps to exactly one
// instant, so the first match there is the answer if it maps before the period ends. At a period's
// start two edges need care: a gap (readings [begin+before, begin+after) never occur; a wall-clock
// trigger fires them at `begin`) and an overlap (readings [begin+after, begin+before) occur a second
// time; only a cadence trigger fires them again).
std::optional<Instant> CronTrigger::fire_at_or_after(Instant from) const {
  const bool cadence = is_cadence();
  Instant t = from;
  for (int period = 0; period < kMaxPeriods; ++period) {
    const OffsetPeriod p = zone_->period_at(t);
    const auto before = p.begin == Instant::min() ? p.offset : zone_->period_at(p.begin - Duration{1}).offset;

    if (!cadence && t == p.begin && before < p.offset) {
      const auto match = expr_.next_match(wall_at(p.begin, before));
      if (match && *match < wall_at(p.begin, p.offset)) return p.begin;
    }
    WallTime low = wall_at(t, p.offset);
    if (!cadence && before > p.offset) low = std::max(low, wall_at(p.begin, before));

    const auto match = expr_.next_match(low);
    if (!match) return std::nullopt;
    const Instant fire = instant_at(*match, p.offset);
    if (fire < p.end) return fire;
    // Readings between `low` and the match do not match, so every period whose instants all read
    // below the match is skipped in one step.
    t = std::max(p.end, instant_at(*match, kMaxOffset));
  }
  return std::nullopt;
}

std::optional<Instant> CronTrigger::next_fire_time(std::optional<Instant> previous, Instant now) const {
  // After a fire the series continues strictly after it (rule 4); the first fire is inclusive.
  Instant start = previous ? *previous + Duration{1} : now;
  if (window_.start_date) start = std::max(start, *window_.start_date);
  const auto fire = fire_at_or_after(start);
  if (!fire || (window_.end_date && *fire > *window_.end_date)) return std::nullopt;
  return fire;
}

std::string CronTrigger::dst_note(Instant fire) const {
  const OffsetPeriod p = zone_->period_at(fire);
  // "02:30", or "02:30:15" for expressions with seconds.
  const auto hhmmss = [](WallTime w) {
    const auto s = date::floor<std::chrono::seconds>(w);
    return date::format(s == date::floor<std::chrono::minutes>(s) ? "%H:%M" : "%H:%M:%S", s);
  };
  if (!is_cadence() && fire == p.begin && p.begin != Instant::min()) {
    const auto before = zone_->period_at(p.begin - Duration{1}).offset;
    const WallTime reading = wall_at(fire, p.offset);
    if (before < p.offset && !expr_.matches(date::floor<std::chrono::seconds>(reading))) {
      if (const auto missing = expr_.next_match(wall_at(p.begin, before)))
        return hhmmss(*missing) + " does not exist (DST gap): fires at the end of the gap";
    }
  }
  const WallTime reading = zone_->to_wall(fire);
  const WallResolution r = zone_->resolve(reading);
  if (r.kind != WallKind::repeated) return {};
  if (!is_cadence()) return hhmmss(reading) + " occurs twice (DST overlap): fires at the first occurrence only";
  return hhmmss(reading) + (fire == r.first ? " occurs twice (DST overlap): first occurrence"
                                            : " occurs twice (DST overlap): second occurrence");
}

std::string CronTrigger::describe() const { return "cron[" + description_ + "]"; }

}  // namespace schedtool
