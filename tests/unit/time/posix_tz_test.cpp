// POSIX TZ rules (TZif footers): parsing, and the transitions they give in a year.
#include <doctest/doctest.h>

#include "time/posix_tz.h"
#include "unit/time/helpers.h"

namespace schedtool {
namespace {

std::int64_t seconds_of(std::string_view text) {
  return test::utc(text).time_since_epoch().count() / 1'000'000;
}

struct RuleCase {
  const char* what;
  const char* rule;
  int year;
  const char* start;  // DST start, UTC
  const char* end;    // DST end, UTC
};

const RuleCase kRules[] = {
    {"US rule, Mm.w.d", "EST5EDT,M3.2.0,M11.1.0", 2026, "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z"},
    {"EU rule, last Sunday, /hh", "CET-1CEST,M3.5.0,M10.5.0/3", 2027, "2027-03-28T01:00:00Z", "2027-10-31T01:00:00Z"},
    {"half-hour offsets, quoted names", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 2026, "2026-10-03T15:30:00Z", "2026-04-04T15:00:00Z"},
    {"hour 24 = next midnight", "<-04>4<-03>,M9.1.6/24,M4.1.6/24", 2026, "2026-09-06T04:00:00Z", "2026-04-05T03:00:00Z"},
    {"negative hour (Greenland)", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 2027, "2027-03-28T01:00:00Z", "2027-10-31T01:00:00Z"},
    {"hour beyond 24 (Israel style)", "EET-2EEST,M3.4.4/50,M10.4.4/50", 2027, "2027-03-27T00:00:00Z", "2027-10-29T23:00:00Z"},
    {"Jn skips Feb 29", "XST5XDT,J60/2,J300/2", 2028, "2028-03-01T07:00:00Z", "2028-10-27T06:00:00Z"},
    {"zero-based n counts Feb 29", "XST5XDT,59/2,299/2", 2028, "2028-02-29T07:00:00Z", "2028-10-26T06:00:00Z"},
    {"time with minutes and seconds", "XST5XDT,M3.2.0/2:30:15,M11.1.0/1:00:30", 2026, "2026-03-08T07:30:15Z", "2026-11-01T05:00:30Z"},
    {"167 hours is the limit", "XST5XDT,M3.2.0/167,M11.1.0/-167", 2026, "2026-03-15T04:00:00Z", "2026-10-25T05:00:00Z"},
};

TEST_CASE("POSIX rules give the right transitions") {
  for (const RuleCase& c : kRules) {
    CAPTURE(std::string(c.what));
    const auto tz = parse_posix_tz(c.rule);
    REQUIRE(tz);
    REQUIRE(tz->has_dst);
    const DstTransitions t = dst_transitions_in(*tz, c.year);
    CHECK(t.start == seconds_of(c.start));
    CHECK(t.end == seconds_of(c.end));
  }
}

TEST_CASE("POSIX offsets and names") {
  const auto india = parse_posix_tz("IST-5:30");
  REQUIRE(india);
  CHECK(india->std_abbrev == "IST");
  CHECK(india->std_offset == 19800);
  CHECK_FALSE(india->has_dst);

  const auto dublin = parse_posix_tz("IST-1GMT0,M10.5.0,M3.5.0/1");  // negative DST
  REQUIRE(dublin);
  CHECK(dublin->std_offset == 3600);
  CHECK(dublin->dst_offset == 0);

  const auto no_rule = parse_posix_tz("EST5EDT");  // the US rule by default
  REQUIRE(no_rule);
  CHECK(no_rule->dst_offset == -14400);
  CHECK(dst_transitions_in(*no_rule, 2026).start == seconds_of("2026-03-08T07:00:00Z"));

  const auto nepal = parse_posix_tz("<+0545>-5:45");
  REQUIRE(nepal);
  CHECK(nepal->std_abbrev == "+0545");
  CHECK(nepal->std_offset == 20700);
}

TEST_CASE("malformed POSIX rules are rejected") {
  for (const char* bad : {"", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0",
                          "EST5EDT,M3.2.0", "EST5EDT,M3.2.0,M11.1.0/168", "EST5EDT,J0,J100", "<+05-5", "EST5EDT,M3.2.0,M11.1.0x"}) {
    CAPTURE(std::string(bad));
    CHECK_FALSE(parse_posix_tz(bad));
  }
}

}  // namespace
}  // namespace schedtool
