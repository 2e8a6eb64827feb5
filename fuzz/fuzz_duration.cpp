// parse_duration (time/duration_text.h) on arbitrary text; documented failure: schedtool::Error.
// Round-trip: a parsed duration's short form (format_duration) parses back to the same duration.
// format_duration drops sub-second parts next to larger units ("1h0.5s" → "1h"), so the check is
// made only when the duration is a whole number of seconds, or less than a minute.
#include <cstdint>

#include "base/error.h"
#include "fuzz_support.h"
#include "time/duration_text.h"

using namespace schedtool;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  Duration d;
  try {
    d = parse_duration(text);
  } catch (const Error& e) {
    if (e.length > 0 && e.offset + e.length > e.source.size() + 1)
      fuzz::finding("caret outside its source", text, e.message);
    (void)caret_lines(e);
    return 0;
  }
  if (d < Duration::zero()) fuzz::finding("negative duration", text, std::to_string(d.count()));
  if (d % std::chrono::seconds{1} != Duration::zero() && d >= std::chrono::minutes{1}) return 0;
  const std::string formatted = format_duration(d);
  try {
    const Duration again = parse_duration(formatted);
    if (again != d)
      fuzz::finding("duration does not round-trip", text,
                    formatted + ": " + std::to_string(d.count()) + "us -> " + std::to_string(again.count()) + "us");
  } catch (const Error& e) {
    fuzz::finding("formatted duration does not parse", text, formatted + ": " + e.message);
  }
  return 0;
}
