#include "trigger/random_interval_trigger.h"

#include "trigger/interval_trigger.h"

namespace schedtool {
namespace {

// splitmix64: a well-mixed 64-bit hash of (seed, base), uniform enough for a few dozen choices.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

RandomIntervalTrigger::RandomIntervalTrigger(long min_units, long max_units, std::chrono::seconds unit, ZonePtr zone,
                                             TriggerWindow window, std::uint64_t seed)
    : min_units_(min_units), max_units_(max_units), unit_(unit), zone_(std::move(zone)), window_(window), seed_(seed) {}

Duration RandomIntervalTrigger::draw(Instant base) const {
  const auto span = static_cast<std::uint64_t>(max_units_ - min_units_ + 1);
  const auto micros = static_cast<std::uint64_t>(base.time_since_epoch().count());
  return unit_ * (min_units_ + static_cast<long>(mix(seed_ ^ mix(micros)) % span));
}

Instant RandomIntervalTrigger::base_of(std::optional<Instant> previous, Instant now) const {
  if (previous) return *previous;
  if (window_.start_date && *window_.start_date > now) return *window_.start_date;
  return now;
}

std::pair<Instant, Instant> RandomIntervalTrigger::draw_window(std::optional<Instant> previous, Instant now) const {
  const Instant base = base_of(previous, now);
  return {base + shortest(), base + longest()};
}

std::optional<Instant> RandomIntervalTrigger::next_fire_time(std::optional<Instant> previous, Instant now) const {
  const Instant base = base_of(previous, now);
  const Instant next = base + draw(base);
  if (window_.end_date && next > *window_.end_date) return std::nullopt;
  return next;
}

std::string RandomIntervalTrigger::describe() const {
  return "random_interval[" + format_timedelta(shortest()) + " to " + format_timedelta(longest()) + "]";
}

}  // namespace schedtool
