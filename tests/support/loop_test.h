#pragma once
// What every test of the loop against the fake clock starts from: 2026-11-23 12:00 UTC, and a
// jobs file parsed at that moment (a parse error fails the test with its first message).
#include <doctest/doctest.h>

#include <string>

#include "config/config.h"
#include "support/fake_driver.h"
#include "time/time_text.h"

namespace schedtool::testing {

inline const Instant kLoopStart = parse_time_in("2026-11-23T12:00:00Z", *find_zone("UTC"));

inline Config load_at_start(const std::string& toml) {
  LoadResult r = parse_config(toml, "test.toml", {kLoopStart, find_zone("UTC")});
  if (!r.config) FAIL("config errors: " << (r.errors.empty() ? "" : r.errors[0].message));
  return *r.config;
}

}  // namespace schedtool::testing
