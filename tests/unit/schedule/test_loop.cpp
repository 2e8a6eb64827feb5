// The scheduler loop against a fake clock and launcher: APScheduler 3's misfire, coalesce and
// max_instances behaviour, pinned without sleeping.
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

Config load(const std::string& toml) { return testing::load_at_start(toml); }

// "1 4 5.5": seconds after kStart, so a failing CHECK shows both sides.
std::string seconds_after_start(const std::vector<Instant>& times) {
  std::string out;
  for (const Instant t : times) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{}", static_cast<double>((t - kStart).count()) / 1e6);
  }
  return out;
}

std::vector<Instant> started_at(const FakeDriver& d) {
  std::vector<Instant> out;
  for (const auto& r : d.started) out.push_back(r.started);
  return out;
}

std::vector<Instant> scheduled_of(const std::vector<Event>& events) {
  std::vector<Instant> out;
  for (const Event& e : events) out.push_back(*e.scheduled);
  return out;
}

LoopOptions until(Duration d) {
  LoopOptions o;
  o.until = kStart + d;
  return o;
}

TEST_CASE("interval 1 s, job takes 2.5 s, max_instances 1: two runs skipped, then executed") {
  const Config config = load(R"(
[[jobs]]
id = "slow"
trigger = "interval"
seconds = 1
command = "sleep 2.5"
)");
  FakeDriver driver(kStart);
  driver.run_time["slow"] = 2500ms;
  RecordingSink sink;
  run_scheduler(config, driver, sink, until(5s));
  // t=1 runs until 3.5; t=2 and t=3 are skipped; t=4 and t=5 run (the run at 4 ends at 6.5, after --until 5,
  // so the run at 5 is skipped).
  CHECK(seconds_after_start(started_at(driver)) == "1 4");
  CHECK(seconds_after_start(scheduled_of(sink.of(EventKind::run_skipped))) == "2 3 5");
  CHECK(sink.of(EventKind::run_skipped)[0].limit == 1);
}

TEST_CASE("max_instances 2 lets two runs overlap") {
  const Config config = load(R"(
[[jobs]]
id = "slow"
trigger = "interval"
seconds = 1
max_instances = 2
command = "true"
)");
  FakeDriver driver(kStart);
  driver.run_time["slow"] = 2500ms;
  RecordingSink sink;
  run_scheduler(config, driver, sink, until(4s));
  CHECK(seconds_after_start(started_at(driver)) == "1 2 4");
  CHECK(seconds_after_start(scheduled_of(sink.of(EventKind::run_skipped))) == "3");
}

TEST_CASE("a busy executor makes runs late; misfire_grace_time is checked when the run starts") {
  const Config config = load(R"(
[executors.default]
max_workers = 1

[[jobs]]
id = "hog"
trigger = "date"
run_date = "2026-11-23T12:00:01Z"
command = "true"

[[jobs]]
id = "tick"
trigger = "interval"
seconds = 2
misfire_grace_time = 1
command = "true"
)");
  FakeDriver driver(kStart);
  driver.run_time["hog"] = 4500ms;  // holds the only worker from 1 to 5.5
  RecordingSink sink;
  run_scheduler(config, driver, sink, until(8s));
  // tick at 2 waits in the queue; at 4 it is skipped (an instance is still queued); at 5.5 the run
  // for 2 starts 3.5 s late — beyond the 1 s grace — so it is missed; 6 and 8 run on time.
  const auto missed = sink.of(EventKind::run_missed);
  REQUIRE(missed.size() == 1);
  CHECK(seconds_after_start({*missed[0].scheduled}) == "2");
  CHECK(missed[0].late == 3500ms);
  CHECK(seconds_after_start(started_at(driver)) == "1 6 8");
}

TEST_CASE("coalesce: after a stall only the latest due run time runs") {
  for (const bool coalesce : {true, false}) {
    CAPTURE(coalesce);
    const Config config = load(std::string(R"(
[executors.default]
max_workers = 1

[[jobs]]
id = "hog"
trigger = "date"
run_date = "2026-11-23T12:00:00.5Z"
command = "true"

[[jobs]]
id = "tick"
trigger = "interval"
seconds = 1
start_date = "2026-11-23T12:00:01Z"
misfire_grace_time = "none"
max_instances = 1
command = "true"
coalesce = )") + (coalesce ? "true" : "false"));
    FakeDriver driver(kStart);
    driver.run_time["hog"] = 3200ms;  // 0.5 → 3.7: tick's run for 1 waits in the queue
    RecordingSink sink;
    run_scheduler(config, driver, sink, until(3800ms));
    std::vector<Instant> tick_scheduled;
    for (const auto& r : driver.started)
      if (r.job == "tick") tick_scheduled.push_back(r.scheduled);
    const std::string tick_runs = seconds_after_start(tick_scheduled);
    // Queued at 1; at 2 and 3 an instance is pending, so those are skipped (max_instances).
    CHECK(tick_runs == "1");
  }
}

TEST_CASE("coalesce decides how many of several due run times run when the loop wakes late") {
  // The clock jumps (a suspended machine): 5 run times are due at once.
  for (const bool coalesce : {true, false}) {
    CAPTURE(coalesce);
    const Config config = load(std::string(R"(
[[jobs]]
id = "tick"
trigger = "interval"
seconds = 1
misfire_grace_time = "none"
command = "true"
coalesce = )") + (coalesce ? "true" : "false"));
    struct JumpingDriver : FakeDriver {
      using FakeDriver::FakeDriver;
      bool jumped = false;
      Wakeup wait(std::optional<Instant> deadline) override {
        if (!jumped && deadline) {  // sleep through five deadlines
          jumped = true;
          return FakeDriver::wait(*deadline + 4s);
        }
        return FakeDriver::wait(deadline);
      }
    } driver(kStart);
    RecordingSink sink;
    run_scheduler(config, driver, sink, until(8s));
    std::vector<Instant> scheduled_times;
    for (const auto& r : driver.started) scheduled_times.push_back(r.scheduled);
    const std::string scheduled = seconds_after_start(scheduled_times);
    if (coalesce)
      CHECK(scheduled == "5 6 7 8");
    else
      CHECK(scheduled == "1 2 3 4 5 6 7 8");
  }
}

TEST_CASE("a date job runs once and is removed; run_on_start adds a run at start") {
  const Config config = load(R"(
[[jobs]]
id = "once"
trigger = "date"
run_date = "2026-11-23T12:00:03Z"
command = "true"

[[jobs]]
id = "hourly"
trigger = "cron"
minute = 0
run_on_start = true
command = "true"
)");
  FakeDriver driver(kStart);
  RecordingSink sink;
  run_scheduler(config, driver, sink, until(2h));
  std::string runs;
  for (const auto& r : driver.started) runs += fmt::format("{}@{} ", r.job, seconds_after_start({r.scheduled}));
  CHECK(runs == "hourly@0 once@3 hourly@3600 hourly@7200 ");
  const auto removed = sink.of(EventKind::job_removed);
  REQUIRE(removed.size() == 1);
  CHECK(removed[0].job_id == "once");
}

TEST_CASE("a week of */5 cron runs in microseconds of fake time") {
  const Config config = load(R"(
[[jobs]]
id = "five"
trigger = "cron"
crontab = "*/5 * * * *"
command = "true"
)");
  FakeDriver driver(kStart);
  RecordingSink sink;
  const LoopResult result = run_scheduler(config, driver, sink, until(std::chrono::hours{24 * 7}));
  CHECK(result.completed_runs == 7 * 24 * 12 + 1);  // both ends inclusive: 12:00 … 12:00 a week later
  CHECK(result.exit_code == 0);
}

TEST_CASE("SIGTERM terminates running jobs; a job ignoring it is killed after the shutdown timeout") {
  const Config config = load(R"(
[[jobs]]
id = "long"
trigger = "interval"
seconds = 1
command = "sleep 100"
)");
  SUBCASE("the job stops on SIGTERM: exit 0") {
    FakeDriver driver(kStart);
    driver.run_time["long"] = 100s;
    driver.signals.push_back({kStart + 2s, Signal::stop});
    RecordingSink sink;
    const LoopResult result = run_scheduler(config, driver, sink, LoopOptions{});
    CHECK(result.exit_code == 0);
    const auto failed = sink.of(EventKind::run_failed);
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].outcome.signal == 15);
    CHECK(driver.now() == kStart + 2s);
  }
  SUBCASE("the job ignores SIGTERM: SIGKILL after the timeout, exit 1") {
    FakeDriver driver(kStart);
    driver.run_time["long"] = 100s;
    driver.ignore_sigterm = true;
    driver.signals.push_back({kStart + 2s, Signal::stop});
    RecordingSink sink;
    LoopOptions options;
    options.shutdown_timeout = 5s;
    const LoopResult result = run_scheduler(config, driver, sink, options);
    CHECK(result.exit_code == 1);
    CHECK(sink.of(EventKind::run_failed).at(0).outcome.signal == 9);
    CHECK(driver.now() == kStart + 7s);
  }
  SUBCASE("a second signal kills at once") {
    FakeDriver driver(kStart);
    driver.run_time["long"] = 100s;
    driver.ignore_sigterm = true;
    driver.signals.push_back({kStart + 2s, Signal::stop});
    driver.signals.push_back({kStart + 3s, Signal::stop});
    RecordingSink sink;
    const LoopResult result = run_scheduler(config, driver, sink, LoopOptions{});
    CHECK(result.exit_code == 1);
    CHECK(driver.now() == kStart + 3s);
  }
}

TEST_CASE("--max-runs stops after N completed runs; failures are reported with their exit status") {
  const Config config = load(R"(
[[jobs]]
id = "bad"
trigger = "interval"
seconds = 10
command = "exit 3"
)");
  FakeDriver driver(kStart);
  driver.exit_code["bad"] = 3;
  RecordingSink sink;
  LoopOptions options;
  options.max_runs = 2;
  const LoopResult result = run_scheduler(config, driver, sink, options);
  CHECK(result.completed_runs == 2);
  CHECK(driver.now() == kStart + 20s);
  const auto failed = sink.of(EventKind::run_failed);
  REQUIRE(failed.size() == 2);
  CHECK(failed[0].outcome.exit_code == 3);
}

TEST_CASE("SIGUSR1 prints the schedule; paused jobs never run") {
  const Config config = load(R"(
[[jobs]]
id = "p"
trigger = "interval"
seconds = 1
paused = true
command = "true"
)");
  FakeDriver driver(kStart);
  driver.signals.push_back({kStart + 1s, Signal::print_jobs});
  RecordingSink sink;
  run_scheduler(config, driver, sink, until(3s));
  CHECK(driver.started.empty());
  REQUIRE(sink.listings.size() == 1);
  CHECK(sink.listings[0] == "Jobstore default:\n    p (trigger: interval[0:00:01], paused)\n");
}

}  // namespace
}  // namespace schedtool
