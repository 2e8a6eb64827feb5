#pragma once
// Jitter delays one run by a random amount in [0, jitter] without moving the series: the next fire
// time is always computed from the unjittered one. The delay never reaches the next fire time and
// never passes end_date. The random source is a parameter, so tests seed it.
#include <optional>
#include <random>

#include "trigger/trigger.h"

namespace schedtool {

using JitterRng = std::mt19937_64;

// `fire` delayed by a uniform amount in [0, jitter], clipped to before `next_fire` and to `end_date`.
Instant apply_jitter(Instant fire, Duration jitter, std::optional<Instant> next_fire, std::optional<Instant> end_date,
                     JitterRng& rng);

}  // namespace schedtool
