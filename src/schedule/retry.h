#pragma once
// Retries of a failed run, as pure arithmetic (the dispatcher keeps the pending ones).
//
// A run's attempts are numbered from 1; a job with `retries = 2` has 3. After attempt n fails
// (non-zero exit, signal, timeout, could not start), attempt n + 1 is due
//     retry_delay × retry_backoff^(n-1)   after attempt n ended, but never more than retry_max_delay.
// retry_delay = "10s", retry_backoff = 2, retry_max_delay = "30s":  10s, 20s, 30s, 30s, …
#include "config/config.h"

namespace schedtool {

// The wait after failed attempt `failed_attempt` (1-based). Saturates instead of overflowing:
// a wait beyond ~100 years is that, whatever the backoff.
Duration retry_delay(const RetryPolicy& policy, int failed_attempt);

// Whether attempt `attempt` (1-based) that failed gets another: attempt < policy.attempts().
inline bool retries_left(const RetryPolicy& policy, int attempt) { return attempt < policy.attempts(); }

}  // namespace schedtool
