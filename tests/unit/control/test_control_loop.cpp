// Control requests against the real loop and a fake clock: what pause, resume, pause-all, run and
// remove do to what actually runs (APScheduler's pause_job/resume_job/pause/resume semantics).
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

const Instant kStart = testing::kLoopStart;

Config load(const std::string& toml) { return testing::load_at_start(toml); }

const char* kTicking = R"([[jobs]]
id = "tick"
trigger = "interval"
seconds = 10
command = "true"

[[jobs]]
id = "other"
trigger = "interval"
hours = 1
command = "true"
)";

// Seconds after kStart at which `job` started, as "10 20 30".
std::string starts_of(const FakeDriver& d, const std::string& job) {
  std::string out;
  for (const auto& r : d.started)
    if (r.job == job) out += fmt::format("{}{}", out.empty() ? "" : " ", (r.started - kStart) / 1s);
  return out;
}

std::string request(const char* cmd, const char* id = nullptr) {
  return id ? fmt::format(R"({{"v":1,"cmd":"{}","id":"{}"}})", cmd, id) : fmt::format(R"({{"v":1,"cmd":"{}"}})", cmd);
}

struct Run {
  FakeDriver driver{kStart};
  RecordingSink sink;
  LoopOptions options;
  Run() { options.until = kStart + 60s; }
  void at(Duration after, std::string line) { driver.requests.push_back({kStart + after, std::move(line)}); }
  void go(const Config& config) { run_scheduler(config, driver, sink, options); }
};

TEST_CASE("pause stops a job's runs; resume computes the next run from now and counts the dropped runs") {
  Run r;
  r.at(15s, request("pause", "tick"));
  r.at(42s, request("resume", "tick"));
  r.go(load(kTicking));
  CHECK(starts_of(r.driver, "tick") == "10 50 60");  // 20, 30 and 40 fell due while paused
  REQUIRE(r.driver.replies.size() == 2);
  CHECK(r.driver.replies[0] == "{\"v\":1,\"ok\":true,\"message\":\"Paused job \\\"tick\\\"\"}\n");
  CHECK(r.driver.replies[1] ==
        "{\"v\":1,\"ok\":true,\"message\":\"Resumed job \\\"tick\\\", next run at 2026-11-23 12:00:50 UTC; 3 runs "
        "missed while paused were dropped\"}\n");
}

TEST_CASE("pause-all holds every job; resume-all runs what is overdue through coalesce and misfire_grace_time") {
  SUBCASE("within the grace time: the overdue 20/30/40 coalesce into one run at 42") {
    Run r;
    r.at(15s, request("pause-all"));
    r.at(42s, request("resume-all"));
    r.go(load("[job_defaults]\nmisfire_grace_time = 30\n" + std::string(kTicking)));
    CHECK(starts_of(r.driver, "tick") == "10 42 50 60");
    CHECK(r.driver.replies[0].find("\"ok\":true") != std::string::npos);
  }
  SUBCASE("past APScheduler's default grace of 1 s: the coalesced run is missed, the series goes on") {
    Run r;
    r.at(15s, request("pause-all"));
    r.at(42s, request("resume-all"));
    r.go(load(kTicking));
    CHECK(starts_of(r.driver, "tick") == "10 50 60");
    REQUIRE(r.sink.of(EventKind::run_missed).size() == 1);
    CHECK(*r.sink.of(EventKind::run_missed)[0].scheduled == kStart + 40s);
  }
}

TEST_CASE("run: one extra run now, outside the schedule; max_instances still applies") {
  Run r;
  r.driver.run_time["other"] = 30s;
  r.at(5s, request("run", "other"));
  r.at(6s, request("run", "other"));
  r.go(load(kTicking));
  CHECK(starts_of(r.driver, "other") == "5");  // its first scheduled run is an hour away
  REQUIRE(r.driver.replies.size() == 2);
  CHECK(r.driver.replies[0] == "{\"v\":1,\"ok\":true,\"message\":\"Started job \\\"other\\\"\"}\n");
  CHECK(r.driver.replies[1] ==
        "{\"v\":1,\"ok\":false,\"error\":\"max_instances\",\"message\":\"job \\\"other\\\" is running 1 instance "
        "already (max_instances)\"}\n");
  CHECK(r.sink.of(EventKind::run_skipped).size() == 1);
}

TEST_CASE("remove: the job runs no more; an unknown id is an error that names the closest id") {
  Run r;
  r.at(25s, request("remove", "tick"));
  r.at(26s, request("pause", "othr"));
  r.at(27s, "not json");
  r.go(load(kTicking));
  CHECK(starts_of(r.driver, "tick") == "10 20");
  REQUIRE(r.driver.replies.size() == 3);
  CHECK(r.driver.replies[1] ==
        "{\"v\":1,\"ok\":false,\"error\":\"unknown_job\",\"message\":\"no job with id 'othr' (did you mean 'other'?)\"}\n");
  CHECK(r.driver.replies[2].find("\"error\":\"bad_request\"") != std::string::npos);
}

TEST_CASE("jobs and status show running instances, pauses and the next wakeup") {
  Run r;
  r.driver.run_time["tick"] = 5s;
  r.at(12s, request("pause", "other"));
  r.at(12s, request("jobs"));
  r.at(12s, request("status"));
  r.go(load(kTicking));
  REQUIRE(r.driver.replies.size() == 3);
  const std::string& jobs = r.driver.replies[1];
  CHECK(jobs.find("tick (trigger: interval[0:00:10], next run at: 2026-11-23 12:00:20 UTC)\\n        running: 1 instance") !=
        std::string::npos);
  CHECK(jobs.find("other (trigger: interval[1:00:00], paused)") != std::string::npos);
  CHECK(jobs.find("\"id\":\"other\",\"name\":\"other\",\"trigger\":\"interval[1:00:00]\",\"executor\":\"default\","
                  "\"next_run_time\":null,\"paused\":true,\"running\":0") != std::string::npos);
  const std::string& status = r.driver.replies[2];
  CHECK(status.find("\"state\":\"running\",\"started_at\":\"2026-11-23T12:00:00+00:00\",\"uptime_seconds\":12.000,"
                    "\"jobs\":2,\"paused_jobs\":1,\"completed_runs\":0,\"next_wakeup\":\"2026-11-23T12:00:20+00:00\"") !=
        std::string::npos);
  CHECK(status.find("\"job\":\"tick\",\"run\":1,\"pid\":null,\"executor\":\"default\",\"scheduled_at\":"
                    "\"2026-11-23T12:00:10+00:00\",\"started_at\":\"2026-11-23T12:00:10+00:00\",\"seconds\":2.000") !=
        std::string::npos);
}

TEST_CASE("a job's pause is stored and survives a restart; resuming it is stored too") {
  FakeStore store;
  const Config config = load(kTicking);
  {
    Run r;
    r.options.store = &store;
    r.at(15s, request("pause", "tick"));
    r.go(config);
    CHECK(starts_of(r.driver, "tick") == "10");
  }
  CHECK(store.jobs.at("tick").paused);
  {
    Run r;
    r.options.store = &store;
    r.at(30s, request("resume", "tick"));
    r.go(config);
    CHECK(starts_of(r.driver, "tick") == "30 40 50 60");  // paused from the start; 30 is due at the resume
  }
  CHECK_FALSE(store.jobs.at("tick").paused);
}

TEST_CASE("while shutting down, requests that change the schedule are refused; listings still answer") {
  Run r;
  r.driver.run_time["tick"] = 20s;
  r.driver.signals.push_back({kStart + 11s, Signal::stop});
  r.driver.ignore_sigterm = true;
  r.options.shutdown_timeout = 5s;
  r.at(12s, request("pause", "tick"));
  r.at(12s, request("status"));
  r.go(load(kTicking));
  REQUIRE(r.driver.replies.size() == 2);
  CHECK(r.driver.replies[0] ==
        "{\"v\":1,\"ok\":false,\"error\":\"shutting_down\",\"message\":\"the scheduler is shutting down\"}\n");
  CHECK(r.driver.replies[1].find("\"state\":\"stopping\"") != std::string::npos);
}

}  // namespace
}  // namespace schedtool
