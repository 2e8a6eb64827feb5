// compile_cron_fields / describe_cron_fields (cron/cron_fields.h), APScheduler's CronTrigger fields.
// Input: one `name=value` per line (name from kCronFieldNames; other lines are ignored, a later
// line for the same name wins), e.g. "day_of_week=mon-fri\nhour=9\n".
// Documented failure: schedtool::Error (CronFieldError, whose `field` must name a field).
// describe_cron_fields must never throw. Round-trip: fields that compile describe themselves as
// name='canonical' pairs; those canonical values compile to the same CronExpr and describe the same.
#include <cstdint>

#include "base/error.h"
#include "cron/cron_fields.h"
#include "fuzz_support.h"
#include "support/cron_dump.h"

using namespace schedtool;

namespace {

std::optional<std::size_t> field_index(std::string_view name) {
  for (std::size_t i = 0; i < kCronFieldNames.size(); ++i)
    if (kCronFieldNames[i] == name) return i;
  return std::nullopt;
}

CronFieldValues read_values(std::string_view text) {
  CronFieldValues values;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    if (const auto i = field_index(line.substr(0, eq))) values[*i] = std::string(line.substr(eq + 1));
  }
  return values;
}

// "day_of_week='mon-fri', hour='9'" → values. Valid canonical values contain no quote.
CronFieldValues read_description(std::string_view text, std::string_view input) {
  CronFieldValues values;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t eq = text.find("='", pos);
    const std::size_t close = eq == std::string_view::npos ? eq : text.find('\'', eq + 2);
    const auto i = eq == std::string_view::npos ? std::nullopt : field_index(text.substr(pos, eq - pos));
    if (close == std::string_view::npos || !i)
      fuzz::finding("description is not name='value' pairs", input, std::string(text));
    values[*i] = std::string(text.substr(eq + 2, close - eq - 2));
    pos = close + 1;
    if (pos < text.size()) {
      if (text.substr(pos, 2) != ", ") fuzz::finding("description is not name='value' pairs", input, std::string(text));
      pos += 2;
    }
  }
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const CronFieldValues values = read_values(input);
  const std::string description = describe_cron_fields(values);  // must not throw
  CronExpr expr;
  try {
    expr = compile_cron_fields(values);
  } catch (const CronFieldError& e) {
    if (e.field >= kCronFieldNames.size()) fuzz::finding("CronFieldError names no field", input, e.message);
    if (e.length > 0 && e.offset + e.length > e.source.size() + 1)
      fuzz::finding("caret outside its source", input, e.message);
    (void)caret_lines(e);
    return 0;
  } catch (const Error& e) {
    fuzz::finding("compile_cron_fields threw a plain Error, not CronFieldError", input, e.message);
  }

  const CronFieldValues canonical = read_description(description, input);
  CronExpr again;
  try {
    again = compile_cron_fields(canonical);
  } catch (const Error& e) {
    fuzz::finding("canonical description does not compile", input, description + ": " + e.message);
  }
  if (testing::dump(again) != testing::dump(expr))
    fuzz::finding("canonical description compiles differently", input, description);
  if (describe_cron_fields(canonical) != description)
    fuzz::finding("canonical description is not stable", input, description + " -> " + describe_cron_fields(canonical));

  using namespace date::literals;
  (void)expr.next_match(WallTime{date::local_days{2026_y / 3 / 8}} + std::chrono::seconds{1});
  return 0;
}
