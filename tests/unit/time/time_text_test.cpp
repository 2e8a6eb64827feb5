// Date-time text: parsing (with caret positions in errors) and RFC 3339 / APScheduler formatting.
#include <doctest/doctest.h>

#include "base/error.h"
#include "unit/time/helpers.h"

namespace schedtool {
namespace {
using test::utc;
using test::wall;

WallTime civil(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0, long us = 0) {
  return date::local_days{date::year{y} / m / d} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s} + Duration{us};
}

struct NaiveCase {
  const char* text;
  WallTime expected;
};

const NaiveCase kNaive[] = {
    {"2026-03-08", civil(2026, 3, 8)},
    {"2026-03-08 02:30", civil(2026, 3, 8, 2, 30)},
    {"2026-03-08T02:30:59", civil(2026, 3, 8, 2, 30, 59)},
    {"2026-03-08 02:30:00.5", civil(2026, 3, 8, 2, 30, 0, 500000)},
    {"2026-03-08 02:30:00.123", civil(2026, 3, 8, 2, 30, 0, 123000)},
    {"2026-03-08 02:30:00.000001", civil(2026, 3, 8, 2, 30, 0, 1)},
    {"2028-02-29 23:59:59", civil(2028, 2, 29, 23, 59, 59)},
    {"0001-01-01", civil(1, 1, 1)},
    // Month, day and hour without leading zeros (#24; APScheduler 3.9.1 reads the first and last).
    {"2009-7-6", civil(2009, 7, 6)},
    {"2009-7-6 9:05", civil(2009, 7, 6, 9, 5)},
    {"2009-7-6 9:05:00", civil(2009, 7, 6, 9, 5)},
    {"2028-2-29T23:59:59", civil(2028, 2, 29, 23, 59, 59)},
    {"2026-12-1 0:00", civil(2026, 12, 1)},
    {"9999-12-31 23:59:59.999999", civil(9999, 12, 31, 23, 59, 59, 999999)},
};

TEST_CASE("naive date-times parse to wall times") {
  for (const NaiveCase& c : kNaive) {
    CAPTURE(std::string(c.text));
    const ParsedTime p = parse_time_text(c.text);
    REQUIRE(std::holds_alternative<WallTime>(p));
    CHECK(std::get<WallTime>(p) == c.expected);
  }
}

struct OffsetCase {
  const char* text;
  const char* utc_text;
};

const OffsetCase kWithOffset[] = {
    {"2026-03-08T02:30:00Z", "2026-03-08 02:30:00"},
    {"2026-03-08T02:30:00+01:00", "2026-03-08 01:30:00"},
    {"2026-03-08 02:30-05:00", "2026-03-08 07:30:00"},
    {"2026-03-08T02:30:00+0530", "2026-03-07 21:00:00"},
    {"2026-03-08T02:30:00.25-00:30", "2026-03-08 03:00:00.25"},
    // An offset with seconds, as format_rfc3339 writes local mean time (found by fuzz/fuzz_time_text).
    {"1849-12-31T19:03:58-04:56:02", "1850-01-01 00:00:00"},
};

TEST_CASE("date-times with an offset parse to instants") {
  for (const OffsetCase& c : kWithOffset) {
    CAPTURE(std::string(c.text));
    const ParsedTime p = parse_time_text(c.text);
    REQUIRE(std::holds_alternative<Instant>(p));
    CHECK(std::get<Instant>(p).time_since_epoch() == wall(c.utc_text).time_since_epoch());
  }
}

struct BadCase {
  const char* text;
  const char* message;
  std::size_t offset, length;
};

const BadCase kBad[] = {
    {"2026-02-30", "invalid date '2026-02-30': day 30 is out of range for February 2026", 8, 2},
    {"2027-02-29", "invalid date '2027-02-29': day 29 is out of range for February 2027", 8, 2},
    {"2026-04-31 10:00", "invalid date-time '2026-04-31 10:00': day 31 is out of range for April 2026", 8, 2},
    {"2026-13-01", "invalid date '2026-13-01': month 13 is out of range 1-12", 5, 2},
    {"0000-01-01", "invalid date '0000-01-01': year 0 is out of range 1-9999", 0, 4},
    {"2026-03-08 24:00", "invalid date-time '2026-03-08 24:00': hour 24 is out of range 0-23", 11, 2},
    {"2026-03-08 10:60", "invalid date-time '2026-03-08 10:60': minute 60 is out of range 0-59", 14, 2},
    {"2026-03-08 10:00:60", "invalid date-time '2026-03-08 10:00:60': second 60 is out of range 0-59", 17, 2},
    {"2026-03-08 10:00:00.1234567",
     "invalid date-time '2026-03-08 10:00:00.1234567': at most 6 fractional digits (microseconds) are supported", 20, 7},
    {"2026-03-08 10:00+24:00", "invalid date-time '2026-03-08 10:00+24:00': offset hour 24 is out of range 0-23", 17, 2},
    // (2026-3-8 is accepted since #24: month, day and hour may drop their leading zero.)
    {"2026-013-08", "invalid date-time '2026-013-08': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 7, 4},
    {"2026-0-08", "invalid date '2026-0-08': month 0 is out of range 1-12", 5, 1},
    {"2027-2-29", "invalid date '2027-2-29': day 29 is out of range for February 2027", 7, 2},
    {"2026-4-31 1:00", "invalid date-time '2026-4-31 1:00': day 31 is out of range for April 2026", 7, 2},
    {"2026-7-6 9:5", "invalid date-time '2026-7-6 9:5': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 11, 1},
    {"2026-7-6 24:00", "invalid date-time '2026-7-6 24:00': hour 24 is out of range 0-23", 9, 2},
    {"tomorrow", "invalid date 'tomorrow': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 0, 8},
    {"", "invalid date '': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 0, 1},
    {"2026-03-08 10", "invalid date-time '2026-03-08 10': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 13, 1},
    {"2026-03-08 10:00:00 EST",
     "invalid date-time '2026-03-08 10:00:00 EST': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 19, 4},
    {"2026-03-08 10:00:00.", "invalid date-time '2026-03-08 10:00:00.': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 20, 1},
    {"2026-03-08Z", "invalid date-time '2026-03-08Z': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 10, 1},
    // fuzz/fuzz_time_text: the digits past the sixth overflowed a long before this error (UBSan).
    {"2026-03-08 10:00:00.1234567890123456789012",
     "invalid date-time '2026-03-08 10:00:00.1234567890123456789012': at most 6 fractional digits (microseconds) are "
     "supported", 20, 22},
    {"2026-03-08 10:00+05:45:60", "invalid date-time '2026-03-08 10:00+05:45:60': offset second 60 is out of range 0-59",
     23, 2},
    {"2026-03-08 10:00+0545:30",
     "invalid date-time '2026-03-08 10:00+0545:30': expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]", 21, 3},
};

TEST_CASE("malformed date-times name the problem and point at it") {
  for (const BadCase& c : kBad) {
    CAPTURE(std::string(c.text));
    try {
      parse_time_text(c.text);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.message == c.message);
      CHECK(e.source == c.text);
      CHECK(e.offset == c.offset);
      CHECK(e.length == c.length);
    }
  }
}

TEST_CASE("naive text resolves in a zone: gap to transition, overlap to first") {
  const ZonePtr ny = find_zone("America/New_York");
  CHECK(parse_time_in("2026-03-08 02:30:00", *ny) == utc("2026-03-08T07:00:00Z"));
  CHECK(parse_time_in("2026-11-01 01:30:00", *ny) == utc("2026-11-01T05:30:00Z"));
  CHECK(parse_time_in("2026-07-01", *ny) == utc("2026-07-01T04:00:00Z"));
  CHECK(parse_time_in("2026-07-01T00:00:00+02:00", *ny) == utc("2026-06-30T22:00:00Z"));
  CHECK(resolve_naive(*find_zone("America/Santiago"), wall("2026-09-06 00:00")) == utc("2026-09-06T04:00:00Z"));
}

struct FormatCase {
  const char* zone;
  const char* instant;
  const char* rfc3339;
  const char* local;
};

const FormatCase kFormats[] = {
    {"America/New_York", "2026-03-08T07:00:00Z", "2026-03-08T03:00:00-04:00", "2026-03-08 03:00:00 EDT"},
    {"America/New_York", "2026-03-08T06:59:59Z", "2026-03-08T01:59:59-05:00", "2026-03-08 01:59:59 EST"},
    {"America/Chicago", "2026-11-24T15:30:00Z", "2026-11-24T09:30:00-06:00", "2026-11-24 09:30:00 CST"},
    {"UTC", "2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00.5+00:00", "2026-01-01 00:00:00 UTC"},
    {"UTC", "2026-01-01T00:00:00.123Z", "2026-01-01T00:00:00.123+00:00", "2026-01-01 00:00:00 UTC"},
    {"UTC", "2026-01-01T00:00:00.000001Z", "2026-01-01T00:00:00.000001+00:00", "2026-01-01 00:00:00 UTC"},
    {"Asia/Kathmandu", "2026-01-01T00:00:00Z", "2026-01-01T05:45:00+05:45", "2026-01-01 05:45:00 +0545"},
    {"Australia/Lord_Howe", "2026-10-03T15:30:00Z", "2026-10-04T02:30:00+11:00", "2026-10-04 02:30:00 +11"},
    {"America/Santiago", "2026-09-06T04:00:00Z", "2026-09-06T01:00:00-03:00", "2026-09-06 01:00:00 -03"},
    {"America/New_York", "1850-01-01T00:00:00Z", "1849-12-31T19:03:58-04:56:02", "1849-12-31 19:03:58 LMT"},
    {"Australia/Sydney", "9999-12-31T12:00:00Z", "9999-12-31T23:00:00+11:00", "9999-12-31 23:00:00 AEDT"},
};

TEST_CASE("format_rfc3339 and format_local") {
  for (const FormatCase& c : kFormats) {
    CAPTURE(std::string(c.zone));
    CAPTURE(std::string(c.instant));
    const ZonePtr z = find_zone(c.zone);
    CHECK(format_rfc3339(utc(c.instant), *z) == c.rfc3339);
    CHECK(format_local(utc(c.instant), *z) == c.local);
  }
}

TEST_CASE("format_rfc3339 output parses back to the same instant") {
  const ZonePtr z = find_zone("Australia/Lord_Howe");
  for (Instant t = utc("2026-01-01T00:00:00.25Z"); t < utc("2028-01-01T00:00:00Z"); t += std::chrono::minutes{12347}) {
    const std::string text = format_rfc3339(t, *z);
    CAPTURE(text);
    CHECK(std::get<Instant>(parse_time_text(text)) == t);
  }
}

}  // namespace
}  // namespace schedtool
