// Retries of a failed run (issue 14): the backoff arithmetic, the keys in a jobs file, and the
// loop against the fake clock — the same scheduled time again, max_instances, shutdown, restart.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "config/config.h"
#include "output/log_format.h"
#include "schedule/retry.h"
#include "support/fake_store.h"
#include "support/loop_test.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;
using testing::FakeDriver;
using testing::FakeStore;
using testing::RecordingSink;

const Instant kStart = testing::kLoopStart;

Config load(const std::string& toml) { return testing::load_at_start(toml); }

std::string delays(const RetryPolicy& policy, int failed_attempts) {
  std::string out;
  for (int n = 1; n <= failed_attempts; ++n)
    out += fmt::format("{}{}", out.empty() ? "" : " ", retry_delay(policy, n).count() / 1'000'000);
  return out;
}

TEST_CASE("retry_delay: the backoff sequence and its cap") {
  RetryPolicy p;
  CHECK(delays(p, 4) == "10 10 10 10");  // the defaults: 10s each time
  p.backoff = 2.0;
  CHECK(delays(p, 5) == "10 20 40 80 160");
  p.max_delay = 30s;
  CHECK(delays(p, 5) == "10 20 30 30 30");
  p.delay = 0s;
  CHECK(delays(p, 3) == "0 0 0");
  SUBCASE("a huge backoff saturates instead of overflowing") {
    RetryPolicy big;
    big.backoff = 100.0;
    big.delay = 3600s;
    const Duration d = retry_delay(big, 1000);
    CHECK(d > Duration{0});
    CHECK(d <= std::chrono::hours{24 * 366 * 100});
  }
  CHECK(retries_left(RetryPolicy{}, 1) == false);
  RetryPolicy two;
  two.retries = 2;
  CHECK(retries_left(two, 1));
  CHECK(retries_left(two, 2));
  CHECK_FALSE(retries_left(two, 3));
}

std::vector<std::string> messages(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.errors) out.push_back(format_diagnostic(d, false));
  return out;
}

LoadResult parse(const std::string& toml) { return parse_config(toml, "jobs.toml", {kStart, find_zone("UTC")}); }

TEST_CASE("retry keys: read in a job and inherited from [job_defaults]") {
  const Config config = load(R"(
[job_defaults]
retries = 2
retry_delay = "1m"

[[jobs]]
id = "inherits"
trigger = "interval"
minutes = 5
command = "false"

[[jobs]]
id = "own"
trigger = "interval"
minutes = 5
command = "false"
retries = 5
retry_backoff = 2
retry_max_delay = "10m"
)");
  CHECK(config.jobs[0].retry.retries == 2);
  CHECK(config.jobs[0].retry.delay == 60s);
  CHECK(config.jobs[0].retry.backoff == 1.0);
  CHECK_FALSE(config.jobs[0].retry.max_delay);
  CHECK(config.jobs[1].retry.retries == 5);
  CHECK(config.jobs[1].retry.delay == 60s);
  CHECK(config.jobs[1].retry.backoff == 2.0);
  CHECK(config.jobs[1].retry.max_delay == std::optional<Duration>(600s));
}

TEST_CASE("retry keys: every mistake, positioned") {
  const LoadResult r = parse(R"([job_defaults]
retries = -1

[[jobs]]
id = "bad"
trigger = "interval"
minutes = 5
command = "false"
retries = 5000
retry_delay = "10 parsecs"
retry_backoff = 0.5
retry_max_delay = true
)");
  const std::vector<std::string> got = messages(r);
  CHECK(got == std::vector<std::string>{
                           "jobs.toml:2:11: 'retries' must be at least 0, not -1",
                           "jobs.toml:9:11: 'retries' must be at most 1000, not 5000 (job \"bad\")",
                           "jobs.toml:10:19: 'retry_delay': invalid duration '10 parsecs': unknown unit 'parsecs' "
                           "(expected w, d, h, m, s, ms or us, or a word such as minutes) (job \"bad\")",
                           "jobs.toml:11:17: 'retry_backoff' must be between 1 (the same wait each time) and 100, "
                           "not 0.5 (job \"bad\")",
                           "jobs.toml:12:19: 'retry_max_delay' must be seconds, a duration string like \"5m\", or "
                           "\"none\", not a boolean (job \"bad\")",
                       });
}

TEST_CASE("retry keys: an unknown retry key gets a suggestion") {
  const LoadResult r = parse(R"([[jobs]]
id = "typo"
trigger = "interval"
minutes = 5
command = "false"
retires = 3
)");
  REQUIRE(r.errors.size() == 1);
  CHECK(format_diagnostic(r.errors[0], false) == "jobs.toml:6:1: unknown key 'retires' (did you mean 'retries'?) (job \"typo\")");
}

constexpr const char* kFlaky = R"(
[[jobs]]
id = "flaky"
trigger = "date"
run_date = "2026-11-23T12:00:00Z"
command = "false"
retries = 3
retry_delay = "10s"
retry_backoff = 2
)";

std::string attempts(const FakeDriver& d) {
  std::string out;
  for (const auto& r : d.started)
    out += fmt::format("{}{}@{}", out.empty() ? "" : " ", r.attempt, (r.started - kStart).count() / 1'000'000);
  return out;
}

std::string kinds(const RecordingSink& sink) {
  std::string out;
  for (const Event& e : sink.events)
    if (e.kind != EventKind::note) out.append(out.empty() ? "" : " ").append(event_name(e.kind));
  return out;
}

TEST_CASE("a failed run is retried for the same scheduled time, with backoff, until it succeeds") {
  FakeDriver driver(kStart);
  driver.exit_codes["flaky"] = {1, 1, 0};
  RecordingSink sink;
  LoopOptions options;
  options.until = kStart + 10min;
  const LoopResult result = run_scheduler(load(kFlaky), driver, sink, options);
  CHECK(attempts(driver) == "1@0 2@10 3@30");
  for (const auto& r : driver.started) CHECK(r.scheduled == kStart);
  const auto failed = sink.of(EventKind::run_failed);
  REQUIRE(failed.size() == 2);
  CHECK_FALSE(failed[0].final);
  CHECK_FALSE(failed[1].final);
  CHECK(failed[1].attempt == 2);
  CHECK(failed[1].attempts == 4);
  const auto retries = sink.of(EventKind::run_retry);
  REQUIRE(retries.size() == 2);
  CHECK(retries[1].attempt == 3);
  CHECK(*retries[1].retry_at == kStart + 30s);
  CHECK(result.runs.ok == 1);
  CHECK(result.runs.failed == 0);
  CHECK(result.runs.retried == 2);
  CHECK(log_line_text(failed[0], *find_zone("UTC")) ==
        "2026-11-23 12:00:00,000 WARNING Job \"flaky (trigger: date[2026-11-23 12:00:00 UTC], paused)\" failed: exit "
        "status 1 (after 0s) (attempt 1/4)");
  CHECK(log_line_text(retries[0], *find_zone("UTC")).ends_with("will be retried in 10s, at 2026-11-23 12:00:10 UTC (attempt 2/4)"));
}

TEST_CASE("the last attempt's failure is final") {
  FakeDriver driver(kStart);
  driver.exit_code["flaky"] = 3;
  RecordingSink sink;
  LoopOptions options;
  options.until = kStart + 10min;
  const LoopResult result = run_scheduler(load(kFlaky), driver, sink, options);
  CHECK(attempts(driver) == "1@0 2@10 3@30 4@70");
  const auto failed = sink.of(EventKind::run_failed);
  REQUIRE(failed.size() == 4);
  CHECK_FALSE(failed[2].final);
  CHECK(failed[3].final);
  CHECK(sink.of(EventKind::run_retry).size() == 3);
  CHECK(result.runs.failed == 1);
  CHECK(result.runs.retried == 3);
}

TEST_CASE("event order for a run that misses, fails, retries and succeeds") {
  // Restarted at 12:00 with the series at 11:58 (coalesce off, grace 90s): 11:58 is missed, 11:59
  // fails and is retried 5s later, then 12:00 (behind it in the same submission) runs.
  const Config config = load(R"(
[[jobs]]
id = "j"
trigger = "interval"
minutes = 1
start_date = "2026-11-23T11:00:00Z"
coalesce = false
misfire_grace_time = 90
command = "false"
retries = 1
retry_delay = 5
)");
  FakeStore store;
  store.jobs["j"] = {config.jobs[0].fingerprint, kStart - 2min, false};
  FakeDriver driver(kStart);
  driver.exit_codes["j"] = {1, 0, 0};
  RecordingSink sink;
  LoopOptions options;
  options.store = &store;
  options.until = kStart + 30s;
  run_scheduler(config, driver, sink, options);
  CHECK(kinds(sink) == "job_added scheduler_started run_missed run_started run_failed run_retry run_started "
                       "run_succeeded run_started run_succeeded summary scheduler_shutdown");
  CHECK(attempts(driver) == "1@0 2@5 1@5");
}

TEST_CASE("a pending retry holds the job's instance: max_instances 1 skips the next scheduled run") {
  const Config config = load(R"(
[[jobs]]
id = "every_minute"
trigger = "interval"
minutes = 1
command = "false"
retries = 1
retry_delay = "90s"
)");
  FakeDriver driver(kStart);
  driver.exit_code["every_minute"] = 1;
  RecordingSink sink;
  LoopOptions options;
  options.until = kStart + 3min + 30s;
  run_scheduler(config, driver, sink, options);
  // 12:01 fails; its retry waits until 12:02:30, so 12:02's run is skipped; 12:03 runs again.
  CHECK(attempts(driver) == "1@60 2@150 1@180");
  const auto skipped = sink.of(EventKind::run_skipped);
  REQUIRE(skipped.size() == 1);
  CHECK(*skipped[0].scheduled == kStart + 2min);
}

TEST_CASE("with max_instances 2 the next scheduled run goes ahead beside the pending retry") {
  const Config config = load(R"(
[[jobs]]
id = "every_minute"
trigger = "interval"
minutes = 1
max_instances = 2
command = "false"
retries = 1
retry_delay = "90s"
)");
  FakeDriver driver(kStart);
  driver.exit_codes["every_minute"] = {1, 0, 0};
  RecordingSink sink;
  LoopOptions options;
  options.until = kStart + 2min + 40s;
  run_scheduler(config, driver, sink, options);
  CHECK(attempts(driver) == "1@60 1@120 2@150");
  CHECK(sink.of(EventKind::run_skipped).empty());
}

TEST_CASE("shutdown: a waiting retry does not start, and the store keeps it") {
  FakeStore store;
  FakeDriver driver(kStart);
  driver.exit_code["flaky"] = 1;
  driver.signals.push_back({kStart + 5s, Signal::stop});
  RecordingSink sink;
  LoopOptions options;
  options.store = &store;
  run_scheduler(load(kFlaky), driver, sink, options);
  CHECK(attempts(driver) == "1@0");
  REQUIRE(store.retries.size() == 1);
  CHECK(store.retries[0].job_id == "flaky");
  CHECK(store.retries[0].scheduled == kStart);
  CHECK(store.retries[0].attempt == 2);
  CHECK(store.retries[0].due == kStart + 10s);
  REQUIRE(store.runs.size() == 1);
  CHECK(store.runs[0].attempt == 1);
  CHECK(store.runs[0].attempts == 4);
}

TEST_CASE("ctl remove drops the job's waiting retry, here and in the store") {
  FakeStore store;
  FakeDriver driver(kStart);
  driver.exit_code["flaky"] = 1;
  driver.requests.push_back({kStart + 5s, R"({"cmd":"remove","id":"flaky"})"});
  RecordingSink sink;
  LoopOptions options;
  options.store = &store;
  options.until = kStart + 10min;
  // An hourly job (a date job leaves the schedule after its one run, retry or not).
  run_scheduler(load(R"([[jobs]]
id = "flaky"
trigger = "interval"
hours = 1
run_on_start = true
command = "false"
retries = 3
)"), driver, sink, options);
  CHECK(attempts(driver) == "1@0");  // the retry due at +10s never starts
  CHECK(store.retries.empty());
}

TEST_CASE("a pending retry survives a restart with a store") {
  const Config config = load(kFlaky);
  FakeStore store;
  {
    FakeDriver driver(kStart);
    driver.exit_code["flaky"] = 1;
    RecordingSink sink;
    LoopOptions options;
    options.store = &store;
    options.until = kStart + 5s;
    run_scheduler(config, driver, sink, options);
    REQUIRE(store.retries.size() == 1);
  }
  SUBCASE("restarted before it is due: it runs at its time, as attempt 2") {
    FakeDriver driver(kStart + 7s);
    RecordingSink sink;
    LoopOptions options;
    options.store = &store;
    options.until = kStart + 1min;
    run_scheduler(config, driver, sink, options);
    REQUIRE(driver.started.size() == 1);
    CHECK(driver.started[0].attempt == 2);
    CHECK(driver.started[0].scheduled == kStart);
    CHECK(driver.started[0].started == kStart + 10s);
    CHECK(store.retries.empty());
    CHECK(store.runs.back().attempt == 2);
  }
  SUBCASE("restarted after it was due: it runs at once") {
    FakeDriver driver(kStart + 1h);
    RecordingSink sink;
    LoopOptions options;
    options.store = &store;
    options.until = kStart + 2h;
    run_scheduler(config, driver, sink, options);
    REQUIRE(driver.started.size() == 1);
    CHECK(driver.started[0].attempt == 2);
    CHECK(driver.started[0].started == kStart + 1h);
  }
  SUBCASE("a changed job drops the stored retry") {
    const Config changed = load(std::string(kFlaky) + "retry_max_delay = \"1m\"\n");
    FakeDriver driver(kStart + 7s);
    RecordingSink sink;
    LoopOptions options;
    options.store = &store;
    options.until = kStart + 1min;
    run_scheduler(changed, driver, sink, options);
    CHECK(store.retries.empty());
    for (const auto& r : driver.started) CHECK(r.attempt == 1);
  }
}

}  // namespace
}  // namespace schedtool
