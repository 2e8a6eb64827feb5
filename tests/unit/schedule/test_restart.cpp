// A restarted scheduler with a job store: unchanged jobs resume from their stored next run time,
// so runs missed while it was down go through coalesce and misfire_grace_time (APScheduler's
// rules); changed jobs start afresh; jobs gone from the file are forgotten; a failing store never
// stops the scheduler.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "config/config.h"
#include "support/loop_test.h"
#include "support/fake_store.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;
using testing::FakeDriver;
using testing::FakeStore;
using testing::RecordingSink;

const Instant kNow = testing::kLoopStart;

Config load(const std::string& toml) { return testing::load_at_start(toml); }

std::string job_file(bool coalesce, const char* grace) {
  return fmt::format(R"([[jobs]]
id = "tick"
trigger = "interval"
seconds = 1
start_date = "2026-11-23T11:00:00Z"
coalesce = {}
misfire_grace_time = {}
command = "true"
)", coalesce ? "true" : "false", grace);
}

// The job was due at 11:59:55 when the scheduler died; it is 12:00:00 now.
FakeStore store_left_by_a_crash(const Config& config) {
  FakeStore store;
  store.jobs["tick"] = {config.jobs[0].fingerprint, kNow - 5s, false};
  return store;
}

std::string scheduled_runs(const FakeDriver& driver) {
  std::string out;
  for (const auto& r : driver.started)
    out.append(out.empty() ? "" : " ").append(fmt::format("{}", (r.scheduled - kNow).count() / 1000000));
  return out;
}

LoopOptions options_with(FakeStore& store, Duration run_for) {
  LoopOptions options;
  options.store = &store;
  options.until = kNow + run_for;
  return options;
}

TEST_CASE("restart with coalesce: one catch-up run for the runs missed while down") {
  const Config config = load(job_file(true, "\"none\""));
  FakeStore store = store_left_by_a_crash(config);
  FakeDriver driver(kNow);
  RecordingSink sink;
  run_scheduler(config, driver, sink, options_with(store, 2s));
  CHECK(scheduled_runs(driver) == "0 1 2");  // 11:59:55..12:00:00 coalesced into the one at 12:00:00
}

TEST_CASE("restart without coalesce: each missed run in order, within the grace time") {
  SUBCASE("no grace limit: all six") {
    const Config config = load(job_file(false, "\"none\""));
    FakeStore store = store_left_by_a_crash(config);
    FakeDriver driver(kNow);
    RecordingSink sink;
    run_scheduler(config, driver, sink, options_with(store, 1s));
    CHECK(scheduled_runs(driver) == "-5 -4 -3 -2 -1 0 1");
  }
  SUBCASE("grace 2.5 s: the older ones are missed, with a warning each") {
    const Config config = load(job_file(false, "2.5"));
    FakeStore store = store_left_by_a_crash(config);
    FakeDriver driver(kNow);
    RecordingSink sink;
    run_scheduler(config, driver, sink, options_with(store, 1s));
    CHECK(scheduled_runs(driver) == "-2 -1 0 1");
    CHECK(sink.of(EventKind::run_missed).size() == 3);
  }
}

TEST_CASE("--max-runs N after a restart starts N catch-up runs, not one more from the queue") {
  const Config config = load(job_file(false, "\"none\""));
  FakeStore store = store_left_by_a_crash(config);
  FakeDriver driver(kNow);
  RecordingSink sink;
  LoopOptions options;
  options.store = &store;
  options.max_runs = 3;
  const LoopResult result = run_scheduler(config, driver, sink, options);
  CHECK(result.completed_runs == 3);
  CHECK(scheduled_runs(driver) == "-5 -4 -3");  // the third run's end stops the queue behind it
}

TEST_CASE("a changed definition starts afresh; a job gone from the file is forgotten") {
  const Config config = load(job_file(true, "\"none\""));
  FakeStore store;
  store.jobs["tick"] = {"an older definition", kNow - 5s, false};
  store.jobs["gone"] = {"whatever", kNow - 5s, false};
  FakeDriver driver(kNow);
  RecordingSink sink;
  run_scheduler(config, driver, sink, options_with(store, 2s));
  // Fresh: an interval with a past start_date continues on its grid from now.
  CHECK(scheduled_runs(driver) == "0 1 2");
  CHECK(store.jobs.count("gone") == 0);
  CHECK(store.jobs.at("tick").fingerprint == config.jobs[0].fingerprint);
}

TEST_CASE("the next run time is stored before a run is launched, and each run is recorded") {
  const Config config = load(job_file(true, "\"none\""));
  FakeStore store;
  FakeDriver driver(kNow);
  RecordingSink sink;
  run_scheduler(config, driver, sink, options_with(store, 2s));
  REQUIRE(store.runs.size() == 3);
  CHECK(store.runs[0].scheduled == kNow);
  CHECK(store.runs[0].ended.has_value());
  CHECK(store.jobs.at("tick").next_run == kNow + 3s);  // the series' position after the last run
}

TEST_CASE("a date job whose run happened before the restart does not run again") {
  const Config config = load(R"([[jobs]]
id = "once"
trigger = "date"
run_date = "2026-11-23T11:00:00Z"
misfire_grace_time = "none"
command = "true"
)");
  FakeStore store;
  store.jobs["once"] = {config.jobs[0].fingerprint, std::nullopt, false};
  FakeDriver driver(kNow);
  RecordingSink sink;
  run_scheduler(config, driver, sink, options_with(store, 5s));
  CHECK(driver.started.empty());
}

TEST_CASE("a run cut off by a crash: not run again (at most once) unless rerun_interrupted") {
  for (const bool rerun : {false, true}) {
    CAPTURE(rerun);
    const Config config = load(std::string(R"([[jobs]]
id = "once"
trigger = "date"
run_date = "2026-11-23T11:00:00Z"
misfire_grace_time = "none"
command = "true"
rerun_interrupted = )") + (rerun ? "true" : "false"));
    FakeStore store;
    store.jobs["once"] = {config.jobs[0].fingerprint, std::nullopt, false};
    store.runs.push_back({"once", kNow - 1h, kNow - 1h, std::nullopt, {}, {}});  // no end: cut off
    FakeDriver driver(kNow);
    RecordingSink sink;
    run_scheduler(config, driver, sink, options_with(store, 5s));
    CHECK(scheduled_runs(driver) == (rerun ? "0" : ""));
    CHECK(store.runs[0].outcome.start_error == kInterruptedRun);
  }
}

TEST_CASE("a store that cannot be written: one warning, and the jobs keep running") {
  const Config config = load(job_file(true, "\"none\""));
  FakeStore store;
  store.fail_writes = true;
  FakeDriver driver(kNow);
  RecordingSink sink;
  run_scheduler(config, driver, sink, options_with(store, 3s));
  CHECK(scheduled_runs(driver) == "0 1 2 3");
  int warnings = 0;
  for (const Event& e : sink.of(EventKind::note))
    warnings += e.message.find("Cannot persist state (cannot write state file 'test.db': database or disk is full)") == 0;
  CHECK(warnings == 1);
}

TEST_CASE("a nearly full disk that takes some writes: still one warning; recovery after 20 good writes") {
  const Config config = load(job_file(true, "\"none\""));
  FakeStore store;
  store.fail_every = 3;
  FakeDriver driver(kNow);
  RecordingSink sink;
  // The disk is freed after 10 s: every later write succeeds.
  driver.clock_jumps.push_back({kNow + 10s + 500ms, 0s});
  LoopOptions options = options_with(store, 20s);
  int failing_notes = 0, recovered_notes = 0;
  struct Watch final : EventSink {
    RecordingSink& inner;
    FakeStore& store;
    Instant freed;
    Watch(RecordingSink& i, FakeStore& s, Instant f) : inner(i), store(s), freed(f) {}
    void event(const Event& e) override {
      if (e.at >= freed) store.fail_every = 0;
      inner.event(e);
    }
    void listing(const std::vector<ScheduledJob>& jobs) override { inner.listing(jobs); }
    void output(const RunOutput& l) override { inner.output(l); }
  } watch(sink, store, kNow + 10s + 500ms);
  run_scheduler(config, driver, watch, options);
  for (const Event& e : sink.of(EventKind::note)) {
    failing_notes += e.message.find("Cannot persist state") == 0;
    recovered_notes += e.message == "The state file is writable again: state is persisted";
  }
  CHECK(scheduled_runs(driver) == "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20");
  CHECK(failing_notes == 1);
  CHECK(recovered_notes == 1);
}

}  // namespace
}  // namespace schedtool
