// parse_every_phrase (trigger/every_phrase.h) on arbitrary text; documented failure: schedtool::Error
// with its caret inside the text. A phrase that parses prints canonically (format_every_phrase),
// and the canonical text parses back to the same canonical text. Its compiled trigger's first
// fires, in a zone with a half-hour DST shift, strictly increase.
#include <cstdint>

#include "base/error.h"
#include "fuzz_support.h"
#include "time/zone.h"
#include "trigger/every_trigger.h"
#include "trigger/preview.h"

using namespace schedtool;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  EveryPhrase phrase;
  try {
    phrase = parse_every_phrase(text);
  } catch (const Error& e) {
    if (e.length > 0 && e.offset + e.length > e.source.size() + 1)
      fuzz::finding("caret outside its source", text, e.message);
    (void)caret_lines(e);
    return 0;
  }
  const std::string canonical = format_every_phrase(phrase);
  try {
    if (format_every_phrase(parse_every_phrase(canonical)) != canonical)
      fuzz::finding("canonical phrase does not round-trip", text, canonical);
  } catch (const Error& e) {
    fuzz::finding("canonical phrase does not parse", text, canonical + ": " + e.message);
  }
  fuzz::use_fuzz_zoneinfo();
  static const ZonePtr zone = find_zone("Australia/Lord_Howe");
  const Instant now = Instant{std::chrono::seconds{1'775'000'000}};
  const TriggerPtr trigger = compile_every_phrase(phrase, zone, {}, now, 7);
  std::optional<Instant> last;
  for (const Instant t : preview_fire_times(*trigger, now, 4)) {
    if (last && t <= *last) fuzz::finding("fire times do not increase", text, canonical);
    last = t;
  }
  return 0;
}
