#pragma once
// Reading and writing date-time text.
//
// Accepted input (APScheduler's, plus RFC 3339):
//   2026-03-08                      local midnight
//   2026-03-08 02:30:00             also with 'T', optionally with .ffffff (".123" = 123 ms)
//   2026-03-08T02:30:00-05:00       with an explicit offset, '+HH:MM', '-HH:MM' or 'Z' (also '+HHMM',
//                                   and '+HH:MM:SS' as format_rfc3339 writes a local mean time offset)
//   2026-03-08 02:30                seconds may be omitted
//   2009-7-6 9:05:00                month, day and hour may leave out their leading zero (APScheduler
//                                   3 reads 2009-7-6 and 2009-7-6 9:05:00; minutes and seconds keep two digits)
// Text without an offset is a wall-clock reading in the zone given by the caller, resolved by the
// DST rule for naive dates: skipped → the first instant after the gap, repeated → the first occurrence.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "time/instant.h"
#include "time/zone.h"

namespace schedtool {

// A parsed date-time: an Instant when the text had an offset, a WallTime when it was naive.
using ParsedTime = std::variant<Instant, WallTime>;

// Throws Error (with a caret at the offending character) on malformed text or out-of-range fields.
ParsedTime parse_time_text(std::string_view text);

// parse_time_text, with a naive result resolved in `zone` (gap → transition, overlap → first).
Instant parse_time_in(std::string_view text, const Zone& zone);

// Naive wall time → instant by the DST rule for naive dates.
Instant resolve_naive(const Zone& zone, WallTime w);

// RFC 3339 with the zone's offset at that instant: "2026-03-08T03:00:00-04:00";
// fractional seconds only when not whole ("…:00.500000-04:00" → trimmed to ".5").
std::string format_rfc3339(Instant t, const Zone& zone);

// The same with all six fraction digits, "2026-03-08T03:00:00.000000-04:00": log lines whose
// times line up and sort as text (JSON logs).
std::string format_rfc3339_micros(Instant t, const Zone& zone);

// "2026-03-08 03:00:00" (`sep` between date and time; with `micros`, ".000000" after the seconds):
// what date::format("%F %T") prints, without its iostream machinery, which cost more than the rest
// of `schedtool next` and ran again for every log line and every spawned run.
std::string format_wall(WallTime w, char sep = ' ', bool micros = false);

// "Sun" … "Sat": the weekday as strftime's %a in the C locale.
std::string_view weekday_abbrev(WallTime w);

// APScheduler's print style (strftime '%Y-%m-%d %H:%M:%S %Z'): "2026-11-24 09:30:00 CST", no fraction.
std::string format_local(Instant t, const Zone& zone);

}  // namespace schedtool
