#include "trigger/preview.h"

namespace schedtool {

std::vector<Instant> preview_fire_times(const Trigger& trigger, Instant from, std::size_t count) {
  std::vector<Instant> fires;
  fires.reserve(count);
  std::optional<Instant> fire = trigger.next_fire_time(std::nullopt, from);
  while (fire && fires.size() < count) {
    if (*fire >= from) fires.push_back(*fire);
    fire = trigger.next_fire_time(fire, *fire);
  }
  return fires;
}

}  // namespace schedtool
