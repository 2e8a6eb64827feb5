// The wall clock jumping under the scheduler (date -s, a VM resumed, NTP stepping): the real driver
// wakes at once (a CLOCK_REALTIME timerfd with TFD_TIMER_CANCEL_ON_SET); here the fake clock jumps.
// Forward: the runs the jump skipped are late, and coalesce / misfire_grace_time decide.
// Back: nothing runs twice; the next runs wait until the clock reaches their times again.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "config/config.h"
#include "support/loop_test.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;
using testing::FakeDriver;
using testing::RecordingSink;

const Instant kStart = testing::kLoopStart;

Config every_10s(const std::string& options = "") {
  return testing::load_at_start("[[jobs]]\nid = \"tick\"\ntrigger = \"interval\"\nseconds = 10\ncommand = \"true\"\n" + options);
}

// "scheduled@started" in seconds after kStart, for every run.
std::string runs(const FakeDriver& d) {
  std::string out;
  for (const auto& r : d.started)
    out += fmt::format("{}{}@{}", out.empty() ? "" : " ", (r.scheduled - kStart) / 1s, (r.started - kStart) / 1s);
  return out;
}

struct Jump {
  FakeDriver driver{kStart};
  RecordingSink sink;
  LoopOptions options;
  Jump(Duration at, Duration by, Duration until) {
    driver.clock_jumps.push_back({kStart + at, by});
    options.until = kStart + until;
  }
};

TEST_CASE("forward 1 h: the skipped hour is one late run, missed beyond APScheduler's 1 s grace") {
  Jump j(25s, 1h, 1h + 45s);
  run_scheduler(every_10s(), j.driver, j.sink, j.options);
  CHECK(runs(j.driver) == "10@10 20@20 3630@3630 3640@3640");
  REQUIRE(j.sink.of(EventKind::run_missed).size() == 1);
  CHECK(*j.sink.of(EventKind::run_missed)[0].scheduled == kStart + 3620s);  // coalesced: only the latest
}

TEST_CASE("forward 1 h with misfire_grace_time = none: one catch-up run at once (coalesce)") {
  Jump j(25s, 1h, 1h + 35s);
  run_scheduler(every_10s("misfire_grace_time = \"none\"\n"), j.driver, j.sink, j.options);
  CHECK(runs(j.driver) == "10@10 20@20 3620@3625 3630@3630");
}

TEST_CASE("forward 1 h without coalesce: each skipped run in order, each missed beyond its grace") {
  Jump j(25s, 1h, 1h + 35s);
  run_scheduler(every_10s("coalesce = false\n"), j.driver, j.sink, j.options);
  CHECK(runs(j.driver) == "10@10 20@20 3630@3630");
  CHECK(j.sink.of(EventKind::run_missed).size() == 360);  // 30, 40, …, 3620
}

TEST_CASE("back 1 h: nothing runs twice, the next run waits for its time, and the jump is logged") {
  Jump j(25s, -1h, 45s);
  run_scheduler(every_10s(), j.driver, j.sink, j.options);
  // 10 and 20 ran before the jump; the clock then reads 11:00:25 and reaches 12:00:30 an hour later.
  CHECK(runs(j.driver) == "10@10 20@20 30@30 40@40");
  CHECK(j.driver.started[2].started - j.driver.started[1].started == 10s);  // in fake wall time
  const auto notes = j.sink.of(EventKind::note);
  const bool logged = std::any_of(notes.begin(), notes.end(), [](const Event& e) {
    return e.warning && e.message == "The wall clock went back from 2026-11-23 12:00:20 UTC to 2026-11-23 11:00:25 UTC: "
                                     "runs already done are not repeated, the next ones wait until their times come again";
  });
  CHECK(logged);
  CHECK(j.sink.of(EventKind::run_missed).empty());
}

}  // namespace
}  // namespace schedtool
