// Brute force: period_at and resolve must agree at every quarter hour, in the table and beyond it.
#include <doctest/doctest.h>

#include "unit/time/helpers.h"

namespace schedtool {
namespace {
using test::utc;

// For each instant t: resolve(to_wall(t)) must be unique or repeated and contain t, and each
// occurrence it reports must read back as the same wall time.
void check_consistency(const Zone& z, Instant from, Instant to, Duration step) {
  long checked = 0;
  for (Instant t = from; t < to; t += step, ++checked) {
    const OffsetPeriod p = z.period_at(t);
    REQUIRE(p.begin <= t);
    REQUIRE(t < p.end);
    const WallTime w = z.to_wall(t);
    const WallResolution r = z.resolve(w);
    CAPTURE(format_rfc3339(t, z));
    REQUIRE(r.kind != WallKind::skipped);
    REQUIRE((r.first == t || r.second == t));
    REQUIRE(z.to_wall(r.first) == w);
    REQUIRE(z.to_wall(r.second) == w);
    // A wall time 15 minutes later is either readable or skipped to a transition that lies after t.
    const WallResolution later = z.resolve(w + std::chrono::minutes{15});
    if (later.kind == WallKind::skipped) {
      REQUIRE(later.first > t);
      REQUIRE(z.period_at(later.first).begin == later.first);
    }
  }
  CHECK(checked > 0);
}

const char* const kZones[] = {"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago",
                              "Australia/Sydney", "Asia/Shanghai", "UTC"};

TEST_CASE("period_at and resolve agree every 15 minutes over 2026-2028") {
  for (const char* name : kZones) {
    CAPTURE(std::string(name));
    check_consistency(*find_zone(name), utc("2026-01-01T00:00:00Z"), utc("2029-01-01T00:00:00Z"), std::chrono::minutes{15});
  }
}

TEST_CASE("period_at and resolve agree past the pre-computed table (rule evaluated on the fly)") {
  for (const char* name : kZones) {
    CAPTURE(std::string(name));
    const ZonePtr z = find_zone(name);
    check_consistency(*z, utc("2199-06-01T00:00:00Z"), utc("2201-06-01T00:00:00Z"), std::chrono::minutes{15});
    check_consistency(*z, utc("9998-01-01T00:00:00Z"), utc("9999-12-30T00:00:00Z"), std::chrono::minutes{61});
  }
}

}  // namespace
}  // namespace schedtool
