#pragma once
// A trigger answers one question, APScheduler's get_next_fire_time(previous_fire_time, now):
//   previous = nullopt → the first fire time at or after `now` (and start_date) — inclusive;
//   previous = a fire  → the next fire time strictly after it.
// Pure: no clock, no I/O; `now` is always a parameter. Jitter is applied by the caller
// (trigger/jitter.h) so that it never shifts the series itself.
#include <memory>
#include <optional>
#include <string>

#include "time/instant.h"
#include "time/zone.h"

namespace schedtool {

class Trigger {
 public:
  virtual ~Trigger() = default;
  virtual std::optional<Instant> next_fire_time(std::optional<Instant> previous, Instant now) const = 0;
  // A trigger's fire times are a fixed set (given its start_date); this is the first of them at or
  // after `t`. The and/or combinations are built on it, so a child's series is never shifted by
  // another child's fires (APScheduler 3's OrTrigger moves an interval child's grid).
  virtual std::optional<Instant> first_at_or_after(Instant t) const = 0;
  // APScheduler's str(trigger): "cron[hour='9', minute='30']", "interval[0:00:05]",
  // "date[2026-12-31 23:59:59 CST]".
  virtual std::string describe() const = 0;
  virtual const Zone& zone() const = 0;
};

using TriggerPtr = std::shared_ptr<const Trigger>;

// Optional inclusive bounds shared by cron and interval triggers.
struct TriggerWindow {
  std::optional<Instant> start_date;
  std::optional<Instant> end_date;
};

}  // namespace schedtool
