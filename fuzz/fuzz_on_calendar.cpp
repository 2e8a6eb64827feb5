// parse_on_calendar (cron/on_calendar.h) on arbitrary text; documented failure: schedtool::Error
// with its caret inside the text. An expression that parses has a normalized form that parses to
// the same CronExpr and normalizes to itself; its compiled trigger (trigger/on_calendar_trigger.h)
// in a zone with a half-hour DST shift gives strictly increasing fires (an unknown trailing zone
// is an Error too).
#include <cstdint>

#include "base/error.h"
#include "cron/on_calendar.h"
#include "fuzz_support.h"
#include "time/zone.h"
#include "trigger/on_calendar_trigger.h"
#include "trigger/preview.h"

using namespace schedtool;

namespace {

bool same_expr(const CronExpr& a, const CronExpr& b) {
  if (a.seconds != b.seconds || a.minutes != b.minutes || a.hours != b.hours || a.months != b.months) return false;
  if (a.years.size() != b.years.size()) return false;
  for (std::size_t i = 0; i < a.years.size(); ++i)
    if (a.years[i].first != b.years[i].first || a.years[i].last != b.years[i].last || a.years[i].step != b.years[i].step)
      return false;
  for (const int year : {2026, 2028})  // a common and a leap year, every month
    for (unsigned month = 1; month <= 12; ++month)
      if (a.day_mask(year, month) != b.day_mask(year, month)) return false;
  return true;
}

void check_error(const Error& e, std::string_view text) {
  if (e.length > 0 && e.offset + e.length > e.source.size() + 1) fuzz::finding("caret outside its source", text, e.message);
  (void)caret_lines(e);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  OnCalendar parsed;
  try {
    parsed = parse_on_calendar(text);
  } catch (const Error& e) {
    check_error(e, text);
    return 0;
  }
  try {
    const OnCalendar again = parse_on_calendar(parsed.normalized);
    if (again.normalized != parsed.normalized) fuzz::finding("normalized form does not round-trip", text, parsed.normalized);
    if (!same_expr(again.expr, parsed.expr)) fuzz::finding("normalized form compiles differently", text, parsed.normalized);
  } catch (const Error& e) {
    fuzz::finding("normalized form does not parse", text, parsed.normalized + ": " + e.message);
  }
  fuzz::use_fuzz_zoneinfo();
  static const ZonePtr zone = find_zone("Australia/Lord_Howe");
  TriggerPtr trigger;
  try {
    trigger = compile_on_calendar(text, zone, {});
  } catch (const Error& e) {  // an unknown trailing zone
    check_error(e, text);
    return 0;
  }
  const Instant now = Instant{std::chrono::seconds{1'775'000'000}};
  std::optional<Instant> last;
  for (const Instant t : preview_fire_times(*trigger, now, 4)) {
    if (last && t <= *last) fuzz::finding("fire times do not increase", text, parsed.normalized);
    last = t;
  }
  return 0;
}
