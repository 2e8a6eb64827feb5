// Zone::resolve and Zone::period_at against real zones. Expected instants come from Python's
// zoneinfo (which honours the TZif footer) on the same tzdata.
#include <doctest/doctest.h>

#include "base/error.h"
#include "time/tzif.h"
#include "unit/time/helpers.h"

namespace schedtool {
namespace {
using test::utc;
using test::wall;

struct ResolveCase {
  const char* what;
  const char* zone;
  const char* wall;
  WallKind kind;
  const char* first;
  const char* second;  // nullptr: same as first
};

const ResolveCase kResolveCases[] = {
    {"NY spring-forward gap middle", "America/New_York", "2026-03-08 02:30", WallKind::skipped, "2026-03-08T07:00:00Z", nullptr},
    {"NY gap start is skipped", "America/New_York", "2026-03-08 02:00", WallKind::skipped, "2026-03-08T07:00:00Z", nullptr},
    {"NY gap end is unique", "America/New_York", "2026-03-08 03:00", WallKind::unique, "2026-03-08T07:00:00Z", nullptr},
    {"NY just before gap", "America/New_York", "2026-03-08 01:59:59", WallKind::unique, "2026-03-08T06:59:59Z", nullptr},
    {"NY fall-back overlap middle", "America/New_York", "2026-11-01 01:30", WallKind::repeated, "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"},
    {"NY overlap start", "America/New_York", "2026-11-01 01:00", WallKind::repeated, "2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z"},
    {"NY overlap end is unique", "America/New_York", "2026-11-01 02:00", WallKind::unique, "2026-11-01T07:00:00Z", nullptr},
    {"London 2027 gap", "Europe/London", "2027-03-28 01:30", WallKind::skipped, "2027-03-28T01:00:00Z", nullptr},
    {"London 2027 gap start", "Europe/London", "2027-03-28 01:00", WallKind::skipped, "2027-03-28T01:00:00Z", nullptr},
    {"London 2027 after gap", "Europe/London", "2027-03-28 02:00", WallKind::unique, "2027-03-28T01:00:00Z", nullptr},
    {"London 2027 overlap", "Europe/London", "2027-10-31 01:30", WallKind::repeated, "2027-10-31T00:30:00Z", "2027-10-31T01:30:00Z"},
    {"London 2027 after overlap", "Europe/London", "2027-10-31 02:00", WallKind::unique, "2027-10-31T02:00:00Z", nullptr},
    {"Lord Howe 30-min gap start", "Australia/Lord_Howe", "2026-10-04 02:00", WallKind::skipped, "2026-10-03T15:30:00Z", nullptr},
    {"Lord Howe 30-min gap middle", "Australia/Lord_Howe", "2026-10-04 02:15", WallKind::skipped, "2026-10-03T15:30:00Z", nullptr},
    {"Lord Howe gap end", "Australia/Lord_Howe", "2026-10-04 02:30", WallKind::unique, "2026-10-03T15:30:00Z", nullptr},
    {"Lord Howe 30-min overlap", "Australia/Lord_Howe", "2027-04-04 01:45", WallKind::repeated, "2027-04-03T14:45:00Z", "2027-04-03T15:15:00Z"},
    {"Lord Howe overlap start", "Australia/Lord_Howe", "2027-04-04 01:30", WallKind::repeated, "2027-04-03T14:30:00Z", "2027-04-03T15:00:00Z"},
    {"Lord Howe after overlap", "Australia/Lord_Howe", "2027-04-04 02:00", WallKind::unique, "2027-04-03T15:30:00Z", nullptr},
    {"Santiago midnight gap", "America/Santiago", "2026-09-06 00:00", WallKind::skipped, "2026-09-06T04:00:00Z", nullptr},
    {"Santiago gap middle", "America/Santiago", "2026-09-06 00:30", WallKind::skipped, "2026-09-06T04:00:00Z", nullptr},
    {"Santiago gap end", "America/Santiago", "2026-09-06 01:00", WallKind::unique, "2026-09-06T04:00:00Z", nullptr},
    {"Santiago overlap before midnight", "America/Santiago", "2027-04-03 23:30", WallKind::repeated, "2027-04-04T02:30:00Z", "2027-04-04T03:30:00Z"},
    {"NY 2300 gap via footer", "America/New_York", "2300-03-11 02:30", WallKind::skipped, "2300-03-11T07:00:00Z", nullptr},
    {"NY 9999 overlap via footer", "America/New_York", "9999-11-07 01:30", WallKind::repeated, "9999-11-07T05:30:00Z", "9999-11-07T06:30:00Z"},
    {"Sydney 2300 overlap via footer", "Australia/Sydney", "2300-04-01 02:30", WallKind::repeated, "2300-03-31T15:30:00Z", "2300-03-31T16:30:00Z"},
    {"Sydney 9999 gap via footer", "Australia/Sydney", "9999-10-03 02:30", WallKind::skipped, "9999-10-02T16:00:00Z", nullptr},
    {"Shanghai has no DST", "Asia/Shanghai", "2027-03-14 02:30", WallKind::unique, "2027-03-13T18:30:00Z", nullptr},
    {"UTC is the identity", "UTC", "2027-03-14 02:30", WallKind::unique, "2027-03-14T02:30:00Z", nullptr},
};

TEST_CASE("Zone::resolve classifies wall times as unique, skipped or repeated") {
  for (const ResolveCase& c : kResolveCases) {
    CAPTURE(std::string(c.what));
    const WallResolution r = find_zone(c.zone)->resolve(wall(c.wall));
    CHECK(test::kind_name(r.kind) == test::kind_name(c.kind));
    CHECK(r.first == utc(c.first));
    CHECK(r.second == utc(c.second ? c.second : c.first));
  }
}

struct TransitionCase {
  const char* zone;
  const char* at;  // the transition instant
  int offset_before, offset_after;
  const char* abbrev_after;
};

// From Python zoneinfo; 2050 lies in Debian's fat table's footer-derived tail, 2300 and 9999 beyond
// our pre-computed table (the rule is evaluated on the fly there).
const TransitionCase kTransitions[] = {
    {"America/New_York", "2050-03-13T07:00:00Z", -18000, -14400, "EDT"},
    {"America/New_York", "2050-11-06T06:00:00Z", -14400, -18000, "EST"},
    {"America/New_York", "2300-03-11T07:00:00Z", -18000, -14400, "EDT"},
    {"America/New_York", "2300-11-04T06:00:00Z", -14400, -18000, "EST"},
    {"America/New_York", "9999-03-14T07:00:00Z", -18000, -14400, "EDT"},
    {"America/New_York", "9999-11-07T06:00:00Z", -14400, -18000, "EST"},
    {"Australia/Sydney", "2050-04-02T16:00:00Z", 39600, 36000, "AEST"},
    {"Australia/Sydney", "2050-10-01T16:00:00Z", 36000, 39600, "AEDT"},
    {"Australia/Sydney", "2300-03-31T16:00:00Z", 39600, 36000, "AEST"},
    {"Australia/Sydney", "2300-10-06T16:00:00Z", 36000, 39600, "AEDT"},
    {"Australia/Sydney", "9999-04-03T16:00:00Z", 39600, 36000, "AEST"},
    {"Australia/Sydney", "9999-10-02T16:00:00Z", 36000, 39600, "AEDT"},
    {"Europe/London", "2027-03-28T01:00:00Z", 0, 3600, "BST"},
    {"Europe/London", "2027-10-31T01:00:00Z", 3600, 0, "GMT"},
    {"Australia/Lord_Howe", "2300-03-31T15:00:00Z", 39600, 37800, "+1030"},
    {"Australia/Lord_Howe", "2300-10-06T15:30:00Z", 37800, 39600, "+11"},
    {"America/Santiago", "2300-04-08T03:00:00Z", -10800, -14400, "-04"},
    {"America/Santiago", "2300-09-02T04:00:00Z", -14400, -10800, "-03"},
    {"America/Santiago", "9999-09-05T04:00:00Z", -14400, -10800, "-03"},
};

TEST_CASE("period_at switches offset exactly at each transition, through year 9999") {
  for (const TransitionCase& c : kTransitions) {
    CAPTURE(std::string(c.zone));
    CAPTURE(std::string(c.at));
    const ZonePtr z = find_zone(c.zone);
    const Instant t = utc(c.at);
    const OffsetPeriod before = z->period_at(t - Duration{1});
    const OffsetPeriod after = z->period_at(t);
    CHECK(before.offset.count() == c.offset_before);
    CHECK(before.end == t);
    CHECK(after.offset.count() == c.offset_after);
    CHECK(after.begin == t);
    CHECK(after.abbrev == c.abbrev_after);
    CHECK(after.end > t);
  }
}

TEST_CASE("period_at reports the period's bounds and DST flag around a transition") {
  const ZonePtr ny = find_zone("America/New_York");
  const OffsetPeriod summer = ny->period_at(utc("2026-07-01T00:00:00Z"));
  CHECK(summer.begin == utc("2026-03-08T07:00:00Z"));
  CHECK(summer.end == utc("2026-11-01T06:00:00Z"));
  CHECK(summer.offset == std::chrono::hours{-4});
  CHECK(summer.abbrev == "EDT");
  CHECK(summer.is_dst);
  const OffsetPeriod winter = ny->period_at(utc("2026-11-01T06:00:00Z"));
  CHECK(winter.begin == utc("2026-11-01T06:00:00Z"));
  CHECK(winter.end == utc("2027-03-14T07:00:00Z"));
  CHECK_FALSE(winter.is_dst);
  CHECK(ny->period_at(utc("2026-11-01T05:59:59.999999Z")).abbrev == "EDT");
}

TEST_CASE("period_at is unbounded at the ends of time") {
  const ZonePtr utc_zone = find_zone("UTC");
  const OffsetPeriod p = utc_zone->period_at(utc("2026-01-01T00:00:00Z"));
  CHECK(p.begin == Instant::min());
  CHECK(p.end == Instant::max());
  CHECK(find_zone("Asia/Shanghai")->period_at(Instant::max()).end == Instant::max());
  CHECK(find_zone("America/New_York")->period_at(Instant::min()).begin == Instant::min());
  CHECK(find_zone("America/New_York")->period_at(Instant::min()).abbrev == "LMT");
  // The far future still follows the rule; bounds saturate instead of overflowing.
  const OffsetPeriod far = find_zone("America/New_York")->period_at(Instant::max());
  CHECK(far.end == Instant::max());
  CHECK(far.begin < Instant::max());
}

TEST_CASE("local mean time offsets keep their seconds") {
  const OffsetPeriod lmt = find_zone("America/New_York")->period_at(utc("1850-01-01T00:00:00Z"));
  CHECK(lmt.offset.count() == -17762);  // -4:56:02
}

// A slim file (as zic -b slim writes) lists transitions only until the footer rule took over (2007
// in New York, 2023 in Santiago); the footer carries the rest. Cut the fat table there and compare.
TEST_CASE("a slim table extended by its footer matches the fat one") {
  struct SlimCase {
    const char* zone;
    const char* cut;  // first instant whose transitions the slim table leaves to the footer
  };
  const SlimCase cases[] = {{"America/New_York", "2008-01-01T00:00:00Z"},
                            {"Europe/London", "1997-01-01T00:00:00Z"},
                            {"Australia/Lord_Howe", "2009-01-01T00:00:00Z"},
                            {"America/Santiago", "2024-01-01T00:00:00Z"}};
  for (const SlimCase& c : cases) {
    CAPTURE(std::string(c.zone));
    Zone::Data fat = read_tzif_file(std::string("/usr/share/zoneinfo/") + c.zone, c.zone);
    Zone::Data slim = fat;
    const std::int64_t cut = utc(c.cut).time_since_epoch().count() / 1'000'000;
    while (!slim.transitions.empty() && slim.transitions.back() >= cut) {
      slim.transitions.pop_back();
      slim.type_of.pop_back();
    }
    REQUIRE(slim.transitions.size() + 20 < fat.transitions.size());
    const Zone fat_zone(c.zone, fat), slim_zone(c.zone, slim);
    for (Instant t = utc(c.cut); t < utc("2040-01-01T00:00:00Z"); t += std::chrono::hours{24 * 7}) {
      const OffsetPeriod a = fat_zone.period_at(t), b = slim_zone.period_at(t);
      CAPTURE(format_rfc3339(t, slim_zone));
      REQUIRE(a.offset == b.offset);
      REQUIRE(a.begin == b.begin);
      REQUIRE(a.end == b.end);
      REQUIRE(a.abbrev == b.abbrev);
    }
  }
}

TEST_CASE("transitions that change nothing are not period boundaries") {
  // Debian's fat Lord_Howe ends with a no-op transition at 2^31-1 seconds (2038-01-19T03:14:07Z).
  const OffsetPeriod p = find_zone("Australia/Lord_Howe")->period_at(utc("2038-01-01T00:00:00Z"));
  CHECK(p.end == utc("2038-04-03T15:00:00Z"));
}

TEST_CASE("a zone built from a footer alone follows the rule in every year") {
  Zone::Data d;
  d.footer = "EST5EDT,M3.2.0,M11.1.0";
  const Zone z("synthetic", d);
  CHECK(z.period_at(utc("1900-07-01T00:00:00Z")).abbrev == "EDT");
  CHECK(z.period_at(utc("2026-01-01T00:00:00Z")).abbrev == "EST");
  const WallResolution gap = z.resolve(wall("2026-03-08 02:30"));
  CHECK(gap.kind == WallKind::skipped);
  CHECK(gap.first == utc("2026-03-08T07:00:00Z"));
  const WallResolution overlap = z.resolve(wall("9999-11-07 01:30"));
  CHECK(overlap.kind == WallKind::repeated);
  CHECK(overlap.second == utc("9999-11-07T06:30:00Z"));
}

TEST_CASE("a zone built from transitions without a footer keeps its last offset") {
  Zone::Data d;
  d.types = {{std::chrono::hours{1}, false, "AAA"}, {std::chrono::hours{2}, true, "BBB"}};
  d.transitions = {1000};
  d.type_of = {1};
  const Zone z("table", d);
  const OffsetPeriod before = z.period_at(Instant{std::chrono::seconds{999}});
  CHECK(before.abbrev == "AAA");
  CHECK(before.end == Instant{std::chrono::seconds{1000}});
  const OffsetPeriod after = z.period_at(Instant{std::chrono::seconds{5000000000}});
  CHECK(after.abbrev == "BBB");
  CHECK(after.begin == Instant{std::chrono::seconds{1000}});
  CHECK(after.end == Instant::max());
}

TEST_CASE("a permanent-DST footer never switches back") {
  Zone::Data d;
  d.footer = "EST5EDT,0/0,J365/25";
  const Zone z("permanent", d);
  for (const char* t : {"2026-01-01T05:00:00Z", "2026-07-01T00:00:00Z", "2026-12-31T23:59:59Z"}) {
    CAPTURE(std::string(t));
    CHECK(z.period_at(utc(t)).abbrev == "EDT");
  }
}

TEST_CASE("invalid zone data is rejected") {
  Zone::Data bad_index;
  bad_index.types = {{std::chrono::hours{0}, false, "UTC"}};
  bad_index.transitions = {0};
  bad_index.type_of = {3};
  CHECK_THROWS_AS(Zone("x", bad_index), Error);
  Zone::Data bad_footer;
  bad_footer.footer = "garbage";
  CHECK_THROWS_AS(Zone("x", bad_footer), Error);
}

}  // namespace
}  // namespace schedtool
