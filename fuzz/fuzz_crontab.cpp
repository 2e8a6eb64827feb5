// parse_crontab (cron/crontab.h) on arbitrary text. Documented failure: schedtool::Error.
// Round-trip: a crontab that parses has a normalized form that parses to the same CronExpr and
// normalizes to itself, and whose ascending form (wrap-arounds as ascending pieces) compiles the
// same. Warnings' carets lie inside the text. A parsed expression is searched once (next_match).
#include <cstdint>

#include "base/error.h"
#include "cron/crontab.h"
#include "fuzz_support.h"
#include "support/cron_dump.h"

using namespace schedtool;

namespace {

// The caret must lie inside the text it points into (one past the end marks "at the end").
void check_caret(const Error& e, std::string_view input) {
  if (e.length > 0 && e.offset + e.length > e.source.size() + 1)
    fuzz::finding("caret outside its source", input,
                  e.message + " @" + std::to_string(e.offset) + "+" + std::to_string(e.length));
  (void)caret_lines(e);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  Crontab parsed;
  try {
    parsed = parse_crontab(text);
  } catch (const Error& e) {
    check_caret(e, text);
    return 0;
  }
  Crontab again;
  try {
    again = parse_crontab(parsed.normalized);
  } catch (const Error& e) {
    fuzz::finding("normalized form does not parse", text, "'" + parsed.normalized + "': " + e.message);
  }
  if (again.normalized != parsed.normalized)
    fuzz::finding("normalized form is not stable", text, parsed.normalized + " -> " + again.normalized);
  if (testing::dump(again.expr) != testing::dump(parsed.expr))
    fuzz::finding("normalized form compiles differently", text, parsed.normalized);

  for (const Error& w : parsed.warnings) check_caret(w, text);
  // The ascending form (wrap-arounds as ascending pieces, for APScheduler's str()) means the same.
  try {
    if (testing::dump(parse_crontab(parsed.ascending).expr) != testing::dump(parsed.expr))
      fuzz::finding("ascending form compiles differently", text, parsed.ascending);
  } catch (const Error& e) {
    fuzz::finding("ascending form does not parse", text, "'" + parsed.ascending + "': " + e.message);
  }

  using namespace date::literals;
  (void)parsed.expr.next_match(WallTime{date::local_days{2026_y / 3 / 8}} + std::chrono::seconds{1});
  return 0;
}
