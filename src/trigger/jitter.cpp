#include "trigger/jitter.h"

#include <algorithm>

namespace schedtool {

Instant apply_jitter(Instant fire, Duration jitter, std::optional<Instant> next_fire, std::optional<Instant> end_date,
                     JitterRng& rng) {
  if (jitter <= Duration::zero()) return fire;
  std::uniform_int_distribution<Duration::rep> uniform(0, jitter.count());
  Instant delayed = fire + Duration{uniform(rng)};
  if (next_fire && *next_fire > fire) delayed = std::min(delayed, *next_fire - Duration{1});
  if (end_date && *end_date >= fire) delayed = std::min(delayed, *end_date);
  return delayed;
}

}  // namespace schedtool
