// Duration text: parse_duration and the short form format_duration prints in messages.
#include <doctest/doctest.h>

#include <string>

#include "base/error.h"
#include "time/duration_text.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;

std::string error_of(std::string_view text) {
  try {
    parse_duration(text);
  } catch (const Error& e) {
    return e.message;
  }
  return "accepted";
}

TEST_CASE("durations parse in every unit") {
  CHECK(parse_duration("90") == 90s);
  CHECK(parse_duration("1.5") == 1500ms);
  CHECK(parse_duration("500ms") == 500ms);
  CHECK(parse_duration("1h30m") == 90min);
  CHECK(parse_duration("1w2d3h4m5s") == std::chrono::hours{24 * 9 + 3} + 4min + 5s);
  CHECK(parse_duration("250us") == 250us);
  CHECK(error_of("5x") == "invalid duration '5x': unknown unit 'x' (expected w, d, h, m, s, ms or us, or a word such as minutes)");
}

// Issue #17: "5 minutes" is how people write it (and systemd reads it); months cannot be a duration.
TEST_CASE("durations in words, with spaces") {
  CHECK(parse_duration("5 minutes") == 5min);
  CHECK(parse_duration("1 hour 30 min") == 90min);
  CHECK(parse_duration("1hour30mins") == 90min);
  CHECK(parse_duration("2 days") == std::chrono::hours{48});
  CHECK(parse_duration("1 week") == std::chrono::hours{24 * 7});
  CHECK(parse_duration("1.5 seconds") == 1500ms);
  CHECK(parse_duration("10 sec") == 10s);
  CHECK(parse_duration("250 msec") == 250ms);
  CHECK(parse_duration("3 hrs") == 3h);
  CHECK(error_of("1 month") ==
        "invalid duration '1 month': 'month': months and years have no fixed length (use a calendarinterval trigger, or days)");
  CHECK(error_of("5 minuets") ==
        "invalid duration '5 minuets': unknown unit 'minuets' (expected w, d, h, m, s, ms or us, or a word such as minutes)");
  CHECK(error_of("1h30") == "invalid duration '1h30': a unit is missing");
}

// fuzz/fuzz_duration: std::stod threw std::out_of_range (not Error) for numbers beyond a double.
TEST_CASE("numbers out of a double's range are an Error, not std::out_of_range") {
  const std::string huge(400, '9');
  CHECK(error_of(huge) == "invalid duration '" + huge + "': too long");
  CHECK(error_of(huge + "s") == "invalid duration '" + huge + "s': too long");
  CHECK(parse_duration("0." + std::string(400, '0') + "1s") == 0us);  // underflows to nothing
}

// fuzz/fuzz_duration: format_duration wrote "1e-06s", which parse_duration cannot read.
TEST_CASE("format_duration writes what parse_duration reads") {
  CHECK(format_duration(0us) == "0s");
  CHECK(format_duration(1us) == "0.000001s");
  CHECK(format_duration(250us) == "0.00025s");
  CHECK(format_duration(2500ms) == "2.5s");
  CHECK(format_duration(90min) == "1h30m");
  CHECK(format_duration(std::chrono::hours{49} + 1s) == "2d1h1s");
  for (const Duration d : {Duration{1}, Duration{10}, Duration{999'999}, Duration{59'999'999}, Duration{61'000'000}})
    CHECK(parse_duration(format_duration(d)) == d);
}

}  // namespace
}  // namespace schedtool
