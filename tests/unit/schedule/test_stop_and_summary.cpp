// How the loop stops when --until, --for or --max-runs says so (running jobs get the shutdown
// timeout to finish, then the sequence a signal starts at once: SIGTERM, the shutdown timeout
// again, SIGKILL), and the run counts it sums up at the end (--fail-on-error's evidence). Issue #17.
#include <doctest/doctest.h>

#include "config/config.h"
#include "support/loop_test.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;
using testing::FakeDriver;
using testing::RecordingSink;

const Instant kStart = testing::kLoopStart;

const char* const kLong = R"(
[[jobs]]
id = "long"
trigger = "interval"
seconds = 1
command = "sleep 100"
)";

// What the loop told the operator, in order.
std::vector<std::string> notes(const RecordingSink& sink) {
  std::vector<std::string> out;
  for (const Event& e : sink.of(EventKind::note))
    if (!e.debug) out.push_back(e.message);  // not the DEBUG "Next wakeup is due at …" lines
  return out;
}

TEST_CASE("--until lets running jobs finish, then SIGTERM, then SIGKILL, each after the shutdown timeout") {
  const Config config = testing::load_at_start(kLong);
  LoopOptions options;
  options.until = kStart + 3s;
  options.shutdown_timeout = 5s;
  SUBCASE("a job that ends within the timeout just ends: nothing is signalled") {
    FakeDriver driver(kStart);
    driver.run_time["long"] = 4s;  // the run from 1 s ends at 5 s
    RecordingSink sink;
    const LoopResult result = run_scheduler(config, driver, sink, options);
    CHECK(result.exit_code == 0);
    CHECK(driver.now() == kStart + 5s);
    CHECK(notes(sink) == std::vector<std::string>{"Stopping: waiting up to 5s for 1 running job to finish"});
    CHECK(result.runs.ok == 1);
  }
  SUBCASE("a job still running then gets SIGTERM; one that stops on it is a clean stop, counted as stopped") {
    FakeDriver driver(kStart);
    driver.run_time["long"] = 100s;
    RecordingSink sink;
    const LoopResult result = run_scheduler(config, driver, sink, options);
    CHECK(result.exit_code == 0);
    CHECK(driver.now() == kStart + 8s);
    CHECK(sink.of(EventKind::run_failed).at(0).outcome.signal == 15);
    CHECK(notes(sink) == std::vector<std::string>{"Stopping: waiting up to 5s for 1 running job to finish",
                                                  "Stopping: sent SIGTERM to 1 running job; SIGKILL in 5s if still running"});
    CHECK(result.runs.stopped == 1);
    CHECK(result.runs.failed == 0);
  }
  SUBCASE("a job that ignores SIGTERM is killed: exit 1") {
    FakeDriver driver(kStart);
    driver.run_time["long"] = 100s;
    driver.ignore_sigterm = true;
    RecordingSink sink;
    const LoopResult result = run_scheduler(config, driver, sink, options);
    CHECK(result.exit_code == 1);
    CHECK(driver.now() == kStart + 13s);
    CHECK(sink.of(EventKind::run_failed).at(0).outcome.signal == 9);
  }
  SUBCASE("a signal while waiting sends SIGTERM at once") {
    FakeDriver driver(kStart);
    driver.run_time["long"] = 100s;
    driver.signals.push_back({kStart + 4s, Signal::stop});
    RecordingSink sink;
    const LoopResult result = run_scheduler(config, driver, sink, options);
    CHECK(result.exit_code == 0);
    CHECK(driver.now() == kStart + 4s);
  }
}

TEST_CASE("--max-runs: the Nth end stops the queue; the runs still going get the same sequence") {
  const Config config = testing::load_at_start(R"(
[[jobs]]
id = "quick"
trigger = "interval"
seconds = 1
command = "true"
[[jobs]]
id = "slow"
trigger = "interval"
seconds = 1
command = "sleep 100"
)");
  FakeDriver driver(kStart);
  driver.run_time["slow"] = 100s;
  RecordingSink sink;
  LoopOptions options;
  options.max_runs = 1;
  const LoopResult result = run_scheduler(config, driver, sink, options);
  CHECK(result.exit_code == 0);
  CHECK(driver.now() == kStart + 31s);
  // One running job is waited for: the quick run that ended is not counted among them.
  CHECK(notes(sink) == std::vector<std::string>{"Stopping: waiting up to 30s for 1 running job to finish",
                                                "Stopping: sent SIGTERM to 1 running job; SIGKILL in 30s if still running"});
  CHECK(result.runs.ok == 1);
  CHECK(result.runs.stopped == 1);
}

TEST_CASE("the summary counts ok, failed, missed and skipped runs, just before the shutdown line") {
  const Config config = testing::load_at_start(R"(
[[jobs]]
id = "ok"
trigger = "interval"
seconds = 2
command = "true"
[[jobs]]
id = "bad"
trigger = "interval"
seconds = 3
command = "exit 3"
[[jobs]]
id = "busy"
trigger = "interval"
seconds = 1
command = "sleep 2.5"
)");
  FakeDriver driver(kStart);
  driver.exit_code["bad"] = 3;
  driver.run_time["busy"] = 2500ms;
  RecordingSink sink;
  LoopOptions options;
  options.until = kStart + 6s;
  const LoopResult result = run_scheduler(config, driver, sink, options);
  // ok at 2, 4, 6; bad at 3, 6; busy at 1 and 4 (2, 3, 5 and 6 skipped: max_instances 1), the
  // run from 4 finishing at 6.5, after --until, by itself.
  CHECK(result.runs.ok == 3 + 2);
  CHECK(result.runs.failed == 2);
  CHECK(result.runs.skipped == 4);
  CHECK(result.runs.skipped == sink.of(EventKind::run_skipped).size());
  CHECK(result.runs.stopped == 0);
  CHECK(result.runs.missed == 0);
  REQUIRE(sink.events.size() >= 2);
  const Event& summary = sink.events[sink.events.size() - 2];
  CHECK(summary.kind == EventKind::summary);
  CHECK(summary.warning);  // failures make it a WARNING line
  CHECK(summary.counts.failed == 2);
  CHECK(sink.events.back().kind == EventKind::scheduler_shutdown);
}

TEST_CASE("a clean run's summary is an INFO line") {
  const Config config = testing::load_at_start(R"(
[[jobs]]
id = "ok"
trigger = "interval"
seconds = 2
command = "true"
)");
  FakeDriver driver(kStart);
  RecordingSink sink;
  LoopOptions options;
  options.until = kStart + 4s;
  const LoopResult result = run_scheduler(config, driver, sink, options);
  CHECK(result.runs.ok == 2);
  const auto summaries = sink.of(EventKind::summary);
  REQUIRE(summaries.size() == 1);
  CHECK_FALSE(summaries[0].warning);
}

}  // namespace
}  // namespace schedtool
