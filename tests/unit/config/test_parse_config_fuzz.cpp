// Jobs files that fuzz/fuzz_config found undefined behaviour with: each must be diagnostics, never
// UB (this file is what the sanitizer build, scripts/sanitize asan, checks them with).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "config/config.h"

namespace schedtool {
namespace {

// The errors, one a line ("" when the file loads).
std::string errors_of(const std::string& text) {
  const LoadContext context{Instant{std::chrono::hours{24 * 20520}}, find_zone("UTC")};
  const LoadResult result = parse_config(text, "jobs.toml", context);
  std::string out;
  for (const Diagnostic& d : result.errors) out += format_diagnostic(d, false) + "\n";
  CHECK(result.config.has_value() == out.empty());
  return out;
}

// toml++ 3.3.0 reached __builtin_unreachable() for a non-ASCII letter where it looks for whitespace
// (src/config/toml.h).
TEST_CASE("a non-ASCII character outside a string is a TOML error, not undefined behaviour") {
  for (const std::string text : {"\xc3\xa9 = 1\n", "[sched\xc9\xbfuler]\n", "s = \"\"\"\\\n\xc2\xa7\"\"\"\n",
                                 "x = 1\n\xe1\x90\x80 = 2\n", "\xe2\x80\x90 = 1\n"}) {
    CAPTURE(text);
    const std::string errors = errors_of(text);
    if (text.starts_with("s = ")) {  // a line-ending backslash, then '§': valid TOML
      CHECK(errors == "jobs.toml:1:1: unknown key 's' in the jobs file\n");
      continue;
    }
    CHECK(errors.starts_with("jobs.toml:"));
    CHECK(errors.find(": invalid TOML: ") != std::string::npos);
    CHECK(std::count(errors.begin(), errors.end(), '\n') == 1);
  }
}

std::string interval_job(const std::string& arguments) {
  return "[[jobs]]\nid = \"a\"\ncommand = \"true\"\ntrigger = \"interval\"\n" + arguments + "\n";
}

// An interval of inf, nan or beyond int64 microseconds was cast to an integer (UBSan:
// float-cast-overflow) and could overflow the trigger's start.
TEST_CASE("interval lengths must be finite numbers a Duration can hold") {
  CHECK(errors_of(interval_job("weeks = nan")) ==
        "jobs.toml:5:9: 'weeks' must be zero or more, not nan (job \"a\")\n");
  CHECK(errors_of(interval_job("seconds = -nan")) ==
        "jobs.toml:5:11: 'seconds' must be zero or more, not nan (job \"a\")\n");
  CHECK(errors_of(interval_job("weeks = inf")) ==
        "jobs.toml:5:9: the interval is too long: inf seconds (at most 1000000000000) (job \"a\")\n");
  CHECK(errors_of(interval_job("days = 1\nseconds = 1e300")) ==
        "jobs.toml:6:11: the interval is too long: 1e+300 seconds (at most 1000000000000) (job \"a\")\n");
  CHECK(errors_of(interval_job("seconds = 1000000000001")) ==
        "jobs.toml:5:11: the interval is too long: 1000000000001 seconds (at most 1000000000000) (job \"a\")\n");
  CHECK(errors_of(interval_job("seconds = 1000000000000")) == "");
  CHECK(errors_of(interval_job("weeks = 1650000")) == "");  // 31,600 years
}

}  // namespace
}  // namespace schedtool
