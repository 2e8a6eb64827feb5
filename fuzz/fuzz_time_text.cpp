// parse_time_text / parse_time_in (time/time_text.h) on arbitrary text; documented failure:
// schedtool::Error. A naive result is also resolved in each of fuzz::kFuzzZones.
// Round-trip: what parses formats back (format_rfc3339) to text that parses to the same value,
// whenever that text's year is still in 1..9999 (an offset can move year 1 or 9999 out of range).
#include <cstdint>
#include <vector>

#include "base/error.h"
#include "fuzz_support.h"
#include "time/time_text.h"

using namespace schedtool;

namespace {

std::vector<ZonePtr> zones;

bool year_in_range(Instant t) {
  const auto year = static_cast<int>(date::year_month_day{date::floor<date::days>(t)}.year());
  return year >= 1 && year <= 9999;
}

Instant reparse_instant(const std::string& text, std::string_view input) {
  try {
    const ParsedTime parsed = parse_time_text(text);
    if (const auto* t = std::get_if<Instant>(&parsed)) return *t;
    fuzz::finding("RFC 3339 text parsed as naive", input, text);
  } catch (const Error& e) {
    fuzz::finding("formatted time does not parse", input, text + ": " + e.message);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::use_fuzz_zoneinfo();
  for (const std::string_view name : fuzz::kFuzzZones) zones.push_back(find_zone(name));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const Zone& utc = *zones.front();
  ParsedTime parsed;
  try {
    parsed = parse_time_text(text);
  } catch (const Error& e) {
    if (e.length > 0 && e.offset + e.length > e.source.size() + 1)
      fuzz::finding("caret outside its source", text, e.message);
    (void)caret_lines(e);
    return 0;
  }

  if (const auto* t = std::get_if<Instant>(&parsed)) {
    if (year_in_range(*t)) {
      const std::string formatted = format_rfc3339(*t, utc);
      if (reparse_instant(formatted, text) != *t) fuzz::finding("instant does not round-trip", text, formatted);
    }
  } else {
    // A naive reading formats as the UTC instant with the same digits, minus its offset.
    const WallTime wall = std::get<WallTime>(parsed);
    std::string formatted = format_rfc3339(Instant{wall.time_since_epoch()}, utc);
    formatted.resize(formatted.size() - 6);  // "+00:00"
    try {
      const ParsedTime again = parse_time_text(formatted);
      if (!std::holds_alternative<WallTime>(again) || std::get<WallTime>(again) != wall)
        fuzz::finding("wall time does not round-trip", text, formatted);
    } catch (const Error& e) {
      fuzz::finding("formatted wall time does not parse", text, formatted + ": " + e.message);
    }
  }

  for (const ZonePtr& zone : zones) {
    const Instant t = parse_time_in(text, *zone);  // parsed once already: must not throw now
    (void)format_local(t, *zone);
    if (!year_in_range(t) || !year_in_range(t + date::days{1}) || !year_in_range(t - date::days{1})) continue;
    const std::string formatted = format_rfc3339(t, *zone);
    if (reparse_instant(formatted, text) != t)
      fuzz::finding("instant does not round-trip in " + zone->name(), text, formatted);
  }
  return 0;
}
