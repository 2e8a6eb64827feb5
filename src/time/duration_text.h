#pragma once
// Durations as users write them: "90" or 90 (seconds), "1.5" (seconds), "500ms", "5m", "1h30m",
// "2d", "1w2d3h4m5s", "250us"; also with words and spaces, as systemd reads them: "5 minutes",
// "1 hour 30 min", "2 days". Units: w d h m s ms us, and week(s) day(s) hr(s) hour(s) min(s)
// minute(s) sec(s) second(s) msec millisecond(s) usec microsecond(s). Fractions are allowed on any
// part. Months and years have no fixed length: an error that says so.
#include <string_view>

#include "time/instant.h"

namespace schedtool {

// Throws Error with a caret at the offending character:
//   "invalid duration '5x': unknown unit 'x' (expected w, d, h, m, s, ms or us)"
Duration parse_duration(std::string_view text);

// Seconds as a number (TOML integer or float) → Duration, rounded to the microsecond.
// Throws Error for negative or non-finite values.
Duration duration_from_seconds(double seconds);

// Short form for messages: "10m", "1h30m", "2.5s", "0s".
std::string format_duration(Duration d);

// A measured time in the same form, to the millisecond: "0.411s", "2m3.5s", "0s".
std::string format_elapsed(Duration d);

}  // namespace schedtool
