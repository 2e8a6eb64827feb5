#pragma once
// What `schedtool next` prints: fire times, each in its trigger's zone. Pure: returns strings.
#include <optional>
#include <string>
#include <vector>

#include "time/instant.h"
#include "time/zone.h"

namespace schedtool {

struct FireLine {
  Instant time;
  const Zone* zone;
  std::string job;   // "" for a bare expression
  std::string note;  // why a DST rule moved it, "" if none
  // A random interval's fire: the window it was drawn from (the drawn time is `time`).
  std::optional<Instant> earliest, latest;
};

// [{"time":"2026-03-08T03:00:00-04:00"}, …] — with "job" beside "time" when a line has one,
// "note" when a DST rule moved the fire time, and "earliest" / "latest" for a random interval's.
std::string fire_times_json(const std::vector<FireLine>& lines);

// One line per fire: "Sun 2026-03-08 03:00:00 EDT (-04:00)  job  # note"; a random interval's
// note is "drawn from 2026-03-27 10:00:00 to 12:00:00" (the date again only when it differs).
std::string fire_times_text(const std::vector<FireLine>& lines);

}  // namespace schedtool
