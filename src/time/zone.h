#pragma once
// Time zones, read from the operating system's TZif files (/usr/share/zoneinfo, or $TZDIR).
//
// Why not date's tz.h: in its OS-database mode it ignores the POSIX rule at the end of a TZif file,
// so on Debian's files New York has no DST after 2037, and its first use scans the whole zoneinfo
// tree (~7 ms). Reading one TZif file (~4 KiB) and extending it with its footer rule is exact for
// every year up to 9999 and costs microseconds.
//
// Vocabulary (abseil's TimeZone::At): a wall-clock reading in a zone is
//   unique   — one instant has it;
//   skipped  — it falls in a spring-forward gap: 2026-03-08 02:30 in America/New_York does not
//              exist; `transition` is the first instant after the gap, 03:00 EDT (07:00 UTC);
//   repeated — it falls in a fall-back overlap: 2026-11-01 01:30 in New York happens at
//              01:30 EDT (05:30 UTC) and again at 01:30 EST (06:30 UTC).
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "time/instant.h"

namespace schedtool {

// A stretch of time [begin, end) during which a zone keeps one UTC offset.
struct OffsetPeriod {
  Instant begin;                // Instant::min() when unbounded
  Instant end;                  // Instant::max() when unbounded
  std::chrono::seconds offset;  // local = UTC + offset
  std::string_view abbrev;      // "EST", "+0545"; points into the Zone, valid while it lives
  bool is_dst = false;
};

enum class WallKind { unique, skipped, repeated };

struct WallResolution {
  WallKind kind;
  Instant first;   // unique: the instant; skipped: the transition; repeated: the earlier occurrence
  Instant second;  // repeated: the later occurrence; otherwise equal to first
};

class Zone {
 public:
  // A transition table as read from a TZif file (or built by tests).
  struct Type {
    std::chrono::seconds offset;
    bool is_dst;
    std::string abbrev;
  };
  struct Data {
    std::vector<std::int64_t> transitions;  // UTC seconds, ascending
    std::vector<std::uint8_t> type_of;      // type index in effect from transitions[i]
    std::vector<Type> types;
    std::size_t initial_type = 0;           // in effect before the first transition
    std::string footer;                     // POSIX TZ rule for times after the last transition
  };

  Zone(std::string name, Data data);
  ~Zone();
  Zone(const Zone&) = delete;
  Zone& operator=(const Zone&) = delete;

  const std::string& name() const { return name_; }
  OffsetPeriod period_at(Instant t) const;
  WallResolution resolve(WallTime w) const;
  WallTime to_wall(Instant t) const { return WallTime{(t + period_at(t).offset).time_since_epoch()}; }

 private:
  struct Impl;
  std::string name_;
  std::unique_ptr<Impl> impl_;
};

using ZonePtr = std::shared_ptr<const Zone>;

// The zone named `name` ("Europe/Berlin", "UTC"); loaded once and cached. Throws Error for an
// unknown name, suggesting the closest known names ("did you mean 'Europe/Berlin'?").
ZonePtr find_zone(std::string_view name);

// The zone of this machine: $TZ (a zone name, optionally with a leading ':'), else /etc/localtime,
// else UTC.
ZonePtr local_zone();

// Every zone name under the zoneinfo directory (for suggestions and listings).
std::vector<std::string> zone_names();

}  // namespace schedtool
