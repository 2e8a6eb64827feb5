#pragma once
// Shorthands for the time tests: instants and wall times written as text.
#include <string>
#include <variant>

#include "time/time_text.h"
#include "time/zone.h"

namespace schedtool::test {

// "2026-03-08T07:00:00Z" → Instant.
inline Instant utc(std::string_view text) { return std::get<Instant>(parse_time_text(text)); }

// "2026-03-08 02:30" → WallTime.
inline WallTime wall(std::string_view text) { return std::get<WallTime>(parse_time_text(text)); }

inline std::string kind_name(WallKind k) {
  switch (k) {
    case WallKind::unique: return "unique";
    case WallKind::skipped: return "skipped";
    case WallKind::repeated: return "repeated";
  }
  return "?";
}

}  // namespace schedtool::test
