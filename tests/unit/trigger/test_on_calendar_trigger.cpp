// calendar = "..." compiled to triggers (trigger/on_calendar_trigger.h): fire times equal to
// `systemd-analyze calendar` outside DST transitions, and our DST rules inside them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/error.h"
#include "time/time_text.h"
#include "trigger/on_calendar_trigger.h"
#include "trigger/preview.h"

namespace schedtool {
namespace {

std::string fires(std::vector<const char*> lines, const char* zone_name, const char* from, std::size_t n) {
  const ZonePtr zone = find_zone(zone_name);
  std::vector<TriggerPtr> triggers;
  for (const char* line : lines) triggers.push_back(compile_on_calendar(line, zone, {}));
  const TriggerPtr trigger = union_of_lines(std::move(triggers), zone);
  std::string out;
  for (const Instant t : preview_fire_times(*trigger, parse_time_in(from, *zone), n))
    out.append(out.empty() ? "" : " ").append(format_rfc3339(t, *zone));
  return out;
}

TEST_CASE("fire times as systemd-analyze calendar gives them") {
  // systemd 252, --base-time='2026-01-01 00:00:00 UTC' (strictly after), TZ=UTC.
  CHECK(fires({"Mon..Fri *-*-* 09:00:00"}, "UTC", "2026-01-01T00:00:01", 3) ==
        "2026-01-01T09:00:00+00:00 2026-01-02T09:00:00+00:00 2026-01-05T09:00:00+00:00");
  CHECK(fires({"*-02~03"}, "UTC", "2026-01-01T00:00:01", 3) ==
        "2026-02-26T00:00:00+00:00 2027-02-26T00:00:00+00:00 2028-02-27T00:00:00+00:00");
  CHECK(fires({"Fri *-*-13 13:00"}, "UTC", "2026-01-01T00:00:01", 3) ==
        "2026-02-13T13:00:00+00:00 2026-03-13T13:00:00+00:00 2026-11-13T13:00:00+00:00");
  CHECK(fires({"2027/2-1-1"}, "UTC", "2026-01-01T00:00:01", 3) ==
        "2027-01-01T00:00:00+00:00 2029-01-01T00:00:00+00:00 2031-01-01T00:00:00+00:00");
  CHECK(fires({"*-*-* *:*:0/20"}, "UTC", "2026-01-01T00:00:01", 3) ==
        "2026-01-01T00:00:20+00:00 2026-01-01T00:00:40+00:00 2026-01-01T00:01:00+00:00");
}

TEST_CASE("a trailing zone wins over the job's; several lines are their union") {
  // 02:30 in Berlin is 01:30 UTC in winter (systemd: 'Next elapse: Thu 2026-01-01 01:30:00 UTC').
  CHECK(fires({"*-*-* 02:30 Europe/Berlin"}, "UTC", "2026-01-01T00:00:00", 1) == "2026-01-01T01:30:00+00:00");
  CHECK(fires({"Mon..Fri 09:00", "Sat 10:00"}, "UTC", "2026-01-01T00:00:00", 4) ==
        "2026-01-01T09:00:00+00:00 2026-01-02T09:00:00+00:00 2026-01-03T10:00:00+00:00 2026-01-05T09:00:00+00:00");
  CHECK(fires({"9:00", "9:00"}, "UTC", "2026-01-01T00:00:00", 2) ==
        "2026-01-01T09:00:00+00:00 2026-01-02T09:00:00+00:00");  // one instant fires once
}

TEST_CASE("DST: our written rules, not systemd's skipped day") {
  // Berlin springs forward 2026-03-29 02:00 → 03:00. systemd skips the 29th; we fire at 03:00 CEST.
  CHECK(fires({"*-*-* 02:30"}, "Europe/Berlin", "2026-03-28T12:00:00", 3) ==
        "2026-03-29T03:00:00+02:00 2026-03-30T02:30:00+02:00 2026-03-31T02:30:00+02:00");
  // New York falls back 2026-11-01 02:00 → 01:00: 01:30 happens twice and fires once, at the first.
  CHECK(fires({"*-*-* 01:30"}, "America/New_York", "2026-10-31T12:00:00", 2) ==
        "2026-11-01T01:30:00-04:00 2026-11-02T01:30:00-05:00");
  // Every hour is a cadence: the hour in the gap does not exist and is not fired.
  CHECK(fires({"*:30"}, "Europe/Berlin", "2026-03-29T01:00:00", 2) ==
        "2026-03-29T01:30:00+01:00 2026-03-29T03:30:00+02:00");
}

TEST_CASE("an unknown trailing zone is an error with the caret under it") {
  try {
    compile_on_calendar("9:00 Europe/Berln", find_zone("UTC"), {});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.message == "unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)");
    CHECK(caret_lines(e) == "  9:00 Europe/Berln\n       ^^^^^^^^^^^^");
  }
}

}  // namespace
}  // namespace schedtool
