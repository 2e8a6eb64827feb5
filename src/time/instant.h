#pragma once
// Two time types that cannot be mixed (date's sys_time vs local_time):
//   Instant  — a point on the UTC time line, microsecond resolution (APScheduler's datetime precision).
//   WallTime — a reading of a wall clock in some zone, with no zone attached. It may name no
//              instant (spring-forward gap) or two (fall-back overlap): Zone::resolve says which.
// Converting between them goes through Zone (time/zone.h), never through a bare offset guess.
#include <chrono>

#include <date/date.h>

namespace schedtool {

using Duration = std::chrono::microseconds;
using Instant = date::sys_time<Duration>;
using WallTime = date::local_time<Duration>;
using WallSeconds = date::local_seconds;

}  // namespace schedtool
