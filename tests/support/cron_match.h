#pragma once
// Fire-time table tests for cron/: build an expression as the program does and list its next
// matches from a wall reading. Shared by tests/unit/cron/test_cron_expr.cpp and test_cron_forms.cpp.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cron/cron_fields.h"
#include "cron/crontab.h"
#include "time/time_text.h"

namespace schedtool::testing {

// "aps: day=last fri; hour=6" → compile_cron_fields; anything else → parse_crontab.
inline CronExpr compile(std::string_view text) {
  constexpr std::string_view kAps = "aps:";
  if (text.substr(0, kAps.size()) != kAps) return parse_crontab(text).expr;
  CronFieldValues values;
  std::string_view rest = text.substr(kAps.size());
  while (!rest.empty()) {
    const std::size_t end = rest.find(';');
    std::string_view item = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t eq = item.find('=');
    REQUIRE(eq != std::string_view::npos);
    const std::string_view name = item.substr(0, eq);
    bool known = false;
    for (std::size_t i = 0; i < kCronFieldNames.size(); ++i)
      if (kCronFieldNames[i] == name) values[i] = std::string(item.substr(eq + 1)), known = true;
    REQUIRE_MESSAGE(known, "unknown APScheduler field in test row: ", std::string(name));
  }
  return compile_cron_fields(values);
}

inline WallTime wall(std::string_view text) { return std::get<WallTime>(parse_time_text(text)); }

inline std::string show(const std::optional<WallSeconds>& w) { return w ? date::format("%F %T", *w) : std::string("none"); }

// The first `n` matches from `from` (inclusive), each next one searched from one second after
// the previous; "none" ends the list when the search runs out.
inline std::string matches_from(const CronExpr& e, WallTime from, std::size_t n) {
  std::string out;
  std::optional<WallSeconds> m = e.next_match(from);
  for (std::size_t i = 0; i < n; ++i) {
    out.append(i ? ", " : "").append(show(m));
    if (!m) break;
    m = e.next_match(WallTime{*m + std::chrono::seconds{1}});
  }
  return out;
}

inline std::string join(const std::vector<const char*>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out.append(i ? ", " : "").append(items[i]);
  return out;
}

inline std::string day_list(std::uint32_t mask) {
  std::string out;
  for (unsigned d = 0; d < 32; ++d)
    if (mask & (std::uint32_t{1} << d)) out.append(out.empty() ? "" : ",").append(std::to_string(d));
  return out;
}

struct MatchCase {
  const char* what;
  const char* expr;
  const char* from;                     // a wall reading, as parse_time_text reads it
  std::vector<const char*> expected;    // consecutive matches; "none" = the search runs out
};

inline void check_rows(const std::vector<MatchCase>& rows) {
  for (const MatchCase& row : rows) {
    CAPTURE(row.expr);
    CAPTURE(row.from);
    SUBCASE(row.what) {
      CHECK(matches_from(compile(row.expr), wall(row.from), row.expected.size()) == join(row.expected));
    }
  }
}

}  // namespace schedtool::testing
