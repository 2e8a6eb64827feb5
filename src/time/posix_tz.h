#pragma once
// POSIX TZ strings ("EST5EDT,M3.2.0,M11.1.0"), as found in the footer of TZif v2+ files and in $TZ.
// RFC 8536 §3.3.1 extends POSIX: rule times may be -167..167 hours, so "M9.1.6/24" (Saturday 24:00,
// i.e. Sunday midnight) is valid — America/Santiago's footer uses it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace schedtool {

// One end of the DST period: a day of the year and a local time on that day.
struct PosixDate {
  enum class Kind { julian_no_leap, zero_based, month_week_day };  // Jn, n, Mm.w.d
  Kind kind = Kind::month_week_day;
  int day = 0;                // Jn: 1..365 (Feb 29 never counted); n: 0..365; Mm.w.d: d, 0 = Sunday
  int month = 0;              // Mm.w.d only
  int week = 0;               // Mm.w.d only: 1..5, 5 = the last such weekday of the month
  std::int32_t time = 7200;   // seconds after local midnight, -167 h .. 167 h
};

struct PosixTz {
  std::string std_abbrev;
  std::int32_t std_offset = 0;  // local = UTC + offset (POSIX writes the opposite sign: "EST5")
  bool has_dst = false;
  std::string dst_abbrev;
  std::int32_t dst_offset = 0;
  PosixDate dst_start;  // its time is read on the standard-time clock
  PosixDate dst_end;    // its time is read on the daylight-time clock
};

// nullopt when `text` is not a valid POSIX TZ string. A DST zone without a rule ("EST5EDT") gets
// the US rule ",M3.2.0,M11.1.0", as glibc and tzcode do when no posixrules file applies.
std::optional<PosixTz> parse_posix_tz(std::string_view text);

// The UTC seconds at which DST starts and ends in `year` (only meaningful when tz.has_dst).
// In the southern hemisphere `end` comes before `start` within the year.
struct DstTransitions {
  std::int64_t start;
  std::int64_t end;
};
DstTransitions dst_transitions_in(const PosixTz& tz, int year);

}  // namespace schedtool
