#include "schedule/retry.h"

#include <algorithm>
#include <cmath>

namespace schedtool {
namespace {

// About 100 years: far beyond any schedule, and far from Duration's (64-bit µs) overflow.
constexpr double kLongestWaitUs = 100.0 * 366 * 24 * 3600 * 1e6;

}  // namespace

Duration retry_delay(const RetryPolicy& policy, int failed_attempt) {
  const int steps = std::max(0, failed_attempt - 1);
  const double wait = static_cast<double>(policy.delay.count()) * std::pow(policy.backoff, steps);
  Duration delay{static_cast<Duration::rep>(std::min(wait, kLongestWaitUs))};
  if (policy.max_delay) delay = std::min(delay, *policy.max_delay);
  return delay;
}

}  // namespace schedtool
