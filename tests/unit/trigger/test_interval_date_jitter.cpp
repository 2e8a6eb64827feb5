// IntervalTrigger, DateTrigger, preview_fire_times and apply_jitter. Expected fire times were worked
// out by hand and confirmed with /work/shared/conformance/tools/rules.py (kinds `interval`, `date`);
// format_timedelta's expectations are Python 3's str(timedelta).
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "time/time_text.h"
#include "time/zone.h"
#include "trigger/date_trigger.h"
#include "trigger/interval_trigger.h"
#include "trigger/jitter.h"
#include "trigger/preview.h"

namespace schedtool {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

Instant at(std::string_view rfc3339) { return std::get<Instant>(parse_time_text(rfc3339)); }

// The scheduler's sequence: next_fire_time(nullopt, now), then next_fire_time(previous, previous).
std::string fire_times(const Trigger& trigger, Instant now, std::size_t count) {
  std::string out;
  std::optional<Instant> fire = trigger.next_fire_time(std::nullopt, now);
  for (std::size_t i = 0; fire && i < count; ++i) {
    out.append(i ? ", " : "").append(format_rfc3339(*fire, trigger.zone()));
    fire = trigger.next_fire_time(fire, *fire);
  }
  return out;
}

std::string join(const std::vector<const char*>& items) {
  std::string out;
  for (const char* s : items) out.append(out.empty() ? "" : ", ").append(s);
  return out;
}

struct IntervalCase {
  const char* what;
  Duration interval;
  const char* start_date;  // nullptr: none (the series starts at created_at + interval)
  const char* end_date;    // nullptr: none
  const char* now;         // also created_at
  std::size_t count;
  std::vector<const char*> expected;
};

TEST_CASE("IntervalTrigger: grid, start, end and DST") {
  const IntervalCase rows[] = {
      {"a past start_date aligns to the grid (k = ceil)", hours{2}, "2026-03-01T09:00:00-05:00", nullptr,
       "2026-03-01T12:30:00-05:00", 2, {"2026-03-01T13:00:00-05:00", "2026-03-01T15:00:00-05:00"}},
      {"now on a grid point is inclusive", hours{2}, "2026-03-01T09:00:00-05:00", nullptr, "2026-03-01T13:00:00-05:00",
       1, {"2026-03-01T13:00:00-05:00"}},
      {"one microsecond past a grid point rounds up", hours{2}, "2026-03-01T09:00:00-05:00", nullptr,
       "2026-03-01T13:00:00.000001-05:00", 1, {"2026-03-01T15:00:00-05:00"}},
      {"a future start_date is the first fire", hours{2}, "2026-03-01T09:00:00-05:00", nullptr,
       "2026-02-20T00:00:00-05:00", 2, {"2026-03-01T09:00:00-05:00", "2026-03-01T11:00:00-05:00"}},
      {"without start_date the series starts one interval after creation", minutes{5}, nullptr, nullptr,
       "2026-03-01T12:00:00-05:00", 2, {"2026-03-01T12:05:00-05:00", "2026-03-01T12:10:00-05:00"}},
      {"a zero interval is one second", Duration::zero(), "2026-03-01T12:00:00-05:00", nullptr,
       "2026-03-01T12:00:00-05:00", 3, {"2026-03-01T12:00:00-05:00", "2026-03-01T12:00:01-05:00", "2026-03-01T12:00:02-05:00"}},
      {"end_date is inclusive", hours{1}, "2026-03-01T12:00:00-05:00", "2026-03-01T14:00:00-05:00",
       "2026-03-01T12:00:00-05:00", 5, {"2026-03-01T12:00:00-05:00", "2026-03-01T13:00:00-05:00", "2026-03-01T14:00:00-05:00"}},
      {"end_date before the first grid point: nothing", hours{1}, "2026-03-01T12:00:00-05:00",
       "2026-03-01T12:59:59-05:00", "2026-03-01T12:00:01-05:00", 5, {}},
      {"days=1 across spring-forward keeps elapsed time: 12:00 EST then 13:00 EDT", date::days{1},
       "2026-03-07T12:00:00-05:00", nullptr, "2026-03-07T12:00:00-05:00", 3,
       {"2026-03-07T12:00:00-05:00", "2026-03-08T13:00:00-04:00", "2026-03-09T13:00:00-04:00"}},
      {"hours=1 across fall-back fires at both 01:30s", hours{1}, "2026-11-01T00:30:00-04:00", nullptr,
       "2026-11-01T00:30:00-04:00", 4,
       {"2026-11-01T00:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-01T02:30:00-05:00"}},
      {"minutes=30 across spring-forward: no gap in real time", minutes{30}, "2026-03-08T01:00:00-05:00", nullptr,
       "2026-03-08T01:00:00-05:00", 4,
       {"2026-03-08T01:00:00-05:00", "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"}},
  };
  const ZonePtr ny = find_zone("America/New_York");
  for (const IntervalCase& row : rows) {
    CAPTURE(row.now);
    SUBCASE(row.what) {
      TriggerWindow window;
      if (row.start_date) window.start_date = at(row.start_date);
      if (row.end_date) window.end_date = at(row.end_date);
      const IntervalTrigger trigger(row.interval, ny, window, at(row.now));
      CHECK(fire_times(trigger, at(row.now), row.count) == join(row.expected));
    }
  }
}

TEST_CASE("IntervalTrigger: accessors and the continuation after a fire") {
  const ZonePtr ny = find_zone("America/New_York");
  const Instant created = at("2026-03-01T12:00:00-05:00");
  const IntervalTrigger zero(Duration::zero(), ny, {}, created);
  CHECK(zero.interval() == seconds{1});
  CHECK(zero.start_date() == at("2026-03-01T12:00:01-05:00"));
  CHECK(zero.describe() == "interval[0:00:01]");

  const IntervalTrigger hourly(hours{1}, ny, {}, created);
  CHECK(hourly.start_date() == at("2026-03-01T13:00:00-05:00"));
  // After a fire the series continues from it, whatever `now` says (APScheduler 3).
  CHECK(hourly.next_fire_time(at("2026-03-01T13:00:00-05:00"), at("2026-03-05T00:00:00-05:00")) ==
        at("2026-03-01T14:00:00-05:00"));
  CHECK(IntervalTrigger(seconds{5}, ny, {}, created).describe() == "interval[0:00:05]");
}

TEST_CASE("format_timedelta prints like Python's str(timedelta)") {
  struct Row {
    Duration d;
    const char* text;
  };
  const Row rows[] = {
      {seconds{5}, "0:00:05"},
      {date::days{1} + hours{2} + minutes{3} + seconds{1} + microseconds{500000}, "1 day, 2:03:01.500000"},
      {date::days{2}, "2 days, 0:00:00"},
      {Duration::zero(), "0:00:00"},
      {microseconds{1}, "0:00:00.000001"},
      {hours{25}, "1 day, 1:00:00"},
      {hours{10}, "10:00:00"},
      {date::weeks{1}, "7 days, 0:00:00"},
      {seconds{-1}, "-1 day, 23:59:59"},
      {minutes{-90}, "-1 day, 22:30:00"},
      {date::days{-2}, "-2 days, 0:00:00"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CHECK(format_timedelta(row.d) == row.text);
  }
}

TEST_CASE("DateTrigger fires once at run_date") {
  const ZonePtr chicago = find_zone("America/Chicago");
  const Instant run = at("2026-12-31T23:59:59-06:00");
  const DateTrigger trigger(run, chicago);

  SUBCASE("run_date first, then nothing") {
    CHECK(trigger.next_fire_time(std::nullopt, at("2026-12-01T00:00:00-06:00")) == run);
    CHECK_FALSE(trigger.next_fire_time(run, run).has_value());
  }
  SUBCASE("a past run_date is still returned (the scheduler calls it a misfire)") {
    CHECK(trigger.next_fire_time(std::nullopt, at("2027-01-05T00:00:00-06:00")) == run);
  }
  SUBCASE("describe as APScheduler prints it") { CHECK(trigger.describe() == "date[2026-12-31 23:59:59 CST]"); }
}

TEST_CASE("preview_fire_times") {
  const ZonePtr ny = find_zone("America/New_York");
  const auto preview = [](const Trigger& t, std::string_view from, std::size_t n) {
    std::string out;
    for (const Instant f : preview_fire_times(t, at(from), n)) out.append(out.empty() ? "" : ", ").append(format_rfc3339(f, t.zone()));
    return out;
  };
  const DateTrigger date_trigger(at("2026-03-08T03:00:00-04:00"), ny);

  SUBCASE("drops a date trigger's past run_date") { CHECK(preview(date_trigger, "2026-03-08T03:00:01-04:00", 3) == ""); }
  SUBCASE("keeps a run_date equal to from") {
    CHECK(preview(date_trigger, "2026-03-08T03:00:00-04:00", 3) == "2026-03-08T03:00:00-04:00");
  }
  SUBCASE("a naive run_date in the gap resolves to the gap's end") {
    const DateTrigger naive(parse_time_in("2026-03-08 02:30:00", *ny), ny);
    CHECK(preview(naive, "2026-03-01T00:00:00-05:00", 3) == "2026-03-08T03:00:00-04:00");
  }
  SUBCASE("stops at count") {
    const IntervalTrigger every_day(date::days{1}, ny, {at("2026-03-07T12:00:00-05:00"), std::nullopt}, at("2026-03-01T00:00:00-05:00"));
    CHECK(preview(every_day, "2026-03-07T12:00:00-05:00", 2) == "2026-03-07T12:00:00-05:00, 2026-03-08T13:00:00-04:00");
  }
}

struct JitterStats {
  Duration min = Duration::max();
  Duration max = Duration::min();
  bool before_fire = false;
};

JitterStats draw(int n, Instant fire, Duration jitter, std::optional<Instant> next, std::optional<Instant> end,
                 std::uint64_t seed) {
  JitterRng rng(seed);
  JitterStats s;
  for (int i = 0; i < n; ++i) {
    const Instant t = apply_jitter(fire, jitter, next, end, rng);
    if (t < fire) s.before_fire = true;
    s.min = std::min(s.min, t - fire);
    s.max = std::max(s.max, t - fire);
  }
  return s;
}

TEST_CASE("apply_jitter delays within [fire, fire + jitter]") {
  const Instant fire = at("2026-03-01T12:00:00Z");
  constexpr std::uint64_t kSeed = 20260301;

  SUBCASE("zero jitter returns the fire time unchanged") {
    JitterRng rng(kSeed);
    CHECK(apply_jitter(fire, Duration::zero(), fire + minutes{1}, std::nullopt, rng) == fire);
  }
  SUBCASE("10,000 draws stay in bounds and approach both ends") {
    const auto s = draw(10000, fire, seconds{30}, fire + minutes{1}, std::nullopt, kSeed);
    CHECK_FALSE(s.before_fire);
    CHECK(s.min >= Duration::zero());
    CHECK(s.max <= seconds{30});
    CHECK(s.min < std::chrono::milliseconds{300});
    CHECK(s.max > seconds{30} - std::chrono::milliseconds{300});
  }
  SUBCASE("never reaches the next fire time") {
    const Instant next = fire + seconds{60};
    const auto s = draw(10000, fire, seconds{120}, next, std::nullopt, kSeed);
    CHECK(s.max == seconds{60} - microseconds{1});  // about half the draws are clipped
    CHECK(s.min >= Duration::zero());
  }
  SUBCASE("never passes end_date") {
    const Instant end = fire + seconds{10};
    const auto s = draw(10000, fire, seconds{60}, fire + hours{1}, end, kSeed);
    CHECK(s.max == seconds{10});
    CHECK(s.min >= Duration::zero());
  }
  SUBCASE("a fixed seed gives a fixed sequence") {
    JitterRng a(kSeed), b(kSeed), c(kSeed + 1);
    bool same = true, differs = false;
    for (int i = 0; i < 100; ++i) {
      const Instant ta = apply_jitter(fire, seconds{30}, std::nullopt, std::nullopt, a);
      const Instant tb = apply_jitter(fire, seconds{30}, std::nullopt, std::nullopt, b);
      const Instant tc = apply_jitter(fire, seconds{30}, std::nullopt, std::nullopt, c);
      same = same && ta == tb;
      differs = differs || ta != tc;
    }
    CHECK(same);
    CHECK(differs);
  }
}

}  // namespace
}  // namespace schedtool
