// The event vocabulary, its flat JSON, listener matching and the [[listeners]] keys (issue 14).
#include <doctest/doctest.h>

#include "config/config.h"
#include "events/event_json.h"
#include "events/listeners.h"
#include "events/vocabulary.h"
#include "support/loop_test.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;
const Instant kT = testing::kLoopStart;

Event failed_run(bool final, bool timed_out = false) {
  Event e = make_event(EventKind::run_failed, kT + 3s, "backup");
  e.scheduled = kT;
  e.outcome.exit_code = timed_out ? 0 : 3;
  e.outcome.signal = timed_out ? 15 : 0;
  e.outcome.timed_out = timed_out;
  e.duration = 3s;
  e.attempt = 2;
  e.attempts = 3;
  e.final = final;
  e.output_tail = "disk full\n";
  return e;
}

TEST_CASE("vocabulary: each Event has APScheduler's name, or none") {
  CHECK(event_kind(make_event(EventKind::run_started, kT)) == "job_submitted");
  CHECK(event_kind(make_event(EventKind::run_succeeded, kT)) == "job_executed");
  CHECK(event_kind(failed_run(true)) == "job_error");
  CHECK(event_kind(failed_run(true, true)) == "job_timeout");
  CHECK(event_kind(make_event(EventKind::run_missed, kT)) == "job_missed");
  CHECK(event_kind(make_event(EventKind::run_skipped, kT)) == "job_max_instances");
  CHECK(event_kind(make_event(EventKind::run_retry, kT)) == "job_retry");
  CHECK(event_kind(make_event(EventKind::scheduler_shutdown, kT)) == "scheduler_shutdown");
  CHECK(event_kind(make_event(EventKind::scheduler_paused, kT)) == "scheduler_paused");
  CHECK(event_kind(make_event(EventKind::scheduler_resumed, kT)) == "scheduler_resumed");
  CHECK_FALSE(event_kind(make_event(EventKind::note, kT)));
  CHECK_FALSE(event_kind(make_event(EventKind::summary, kT)));
  for (int k = 0; k <= static_cast<int>(EventKind::note); ++k)
    if (const auto kind = event_kind(make_event(static_cast<EventKind>(k), kT))) CHECK(is_event_kind(*kind));
  CHECK(event_kinds().size() == 14);
}

TEST_CASE("event JSON: every member, null where it does not apply") {
  const EventContext context{"job_error", "Nightly backup", "host:42"};
  CHECK(event_json(failed_run(false), context, *find_zone("UTC")) ==
        R"({"kind":"job_error","time":"2026-11-23T12:00:03.000000+00:00","job_id":"backup",)"
        R"("job_name":"Nightly backup","scheduled_run_time":"2026-11-23T12:00:00.000000+00:00","exit_status":3,)"
        R"("signal":null,"error":null,"duration_s":3.000000,"attempt":2,"attempts":3,"final":false,)"
        R"("retry_at":null,"output_tail":"disk full\n","instance":"host:42"})");
  const EventContext started{"scheduler_started", "", "host:42"};
  CHECK(event_json(make_event(EventKind::scheduler_started, kT), started, *find_zone("UTC")) ==
        R"({"kind":"scheduler_started","time":"2026-11-23T12:00:00.000000+00:00","job_id":null,"job_name":null,)"
        R"("scheduled_run_time":null,"exit_status":null,"signal":null,"error":null,"duration_s":null,)"
        R"("attempt":null,"attempts":null,"final":null,"retry_at":null,"output_tail":null,"instance":"host:42"})");
}

TEST_CASE("event environment: the non-null members as SCHEDTOOL_* variables") {
  const EventContext context{"job_timeout", "Nightly backup", "host:42"};
  const auto env = event_environment(failed_run(true, true), context, *find_zone("UTC"));
  const std::vector<std::pair<std::string, std::string>> expected{
      {"SCHEDTOOL_EVENT", "job_timeout"},
      {"SCHEDTOOL_TIME", "2026-11-23T12:00:03.000000+00:00"},
      {"SCHEDTOOL_INSTANCE", "host:42"},
      {"SCHEDTOOL_JOB_ID", "backup"},
      {"SCHEDTOOL_JOB_NAME", "Nightly backup"},
      {"SCHEDTOOL_SCHEDULED_AT", "2026-11-23T12:00:00.000000+00:00"},
      {"SCHEDTOOL_SIGNAL", "15"},
      {"SCHEDTOOL_DURATION", "3.000000"},
      {"SCHEDTOOL_ATTEMPT", "2"},
      {"SCHEDTOOL_ATTEMPTS", "3"},
      {"SCHEDTOOL_FINAL", "true"},
  };
  CHECK(env == expected);
}

TEST_CASE("listener matching: kinds, job globs, a job's own on_failure (final only)") {
  ListenerConfig all;
  CHECK(listener_wants(all, "scheduler_started", make_event(EventKind::scheduler_started, kT)));
  ListenerConfig errors;
  errors.events = {"job_error", "job_missed"};
  errors.jobs = {"back*", "report-?"};
  CHECK(listener_wants(errors, "job_error", failed_run(false)));
  CHECK_FALSE(listener_wants(errors, "job_executed", make_event(EventKind::run_succeeded, kT, "backup")));
  CHECK_FALSE(listener_wants(errors, "job_error", make_event(EventKind::run_failed, kT, "report-10")));
  CHECK(listener_wants(errors, "job_missed", make_event(EventKind::run_missed, kT, "report-1")));
  ListenerConfig some_jobs;
  some_jobs.jobs = {"*"};
  CHECK_FALSE(listener_wants(some_jobs, "scheduler_started", make_event(EventKind::scheduler_started, kT)));
  ListenerConfig on_failure;
  on_failure.events = {"job_error", "job_timeout"};
  on_failure.job = "backup";
  on_failure.final_only = true;
  CHECK_FALSE(listener_wants(on_failure, "job_error", failed_run(false)));
  CHECK(listener_wants(on_failure, "job_error", failed_run(true)));
  CHECK(listener_wants(on_failure, "job_timeout", failed_run(true, true)));
  Event other = failed_run(true);
  other.job_id = "backup2";
  CHECK_FALSE(listener_wants(on_failure, "job_error", other));
}

LoadResult parse(const std::string& toml) { return parse_config(toml, "jobs.toml", {kT, find_zone("UTC")}); }

std::vector<std::string> messages(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.errors) out.push_back(format_diagnostic(d, false));
  return out;
}

constexpr const char* kJob = "[[jobs]]\nid = \"backup\"\ntrigger = \"interval\"\nhours = 1\ncommand = \"true\"\n";

TEST_CASE("[[listeners]] and on_failure / on_success become listeners") {
  const LoadResult r = parse(std::string(kJob) + R"(on_failure = ["notify", "failed"]
on_success = "echo ok"

[[listeners]]
events = ["job_error", "job_missed"]
jobs = ["back*"]
command = "logger -t schedtool"
timeout = "5s"

[[listeners]]
events = "all"
command = ["cat"]
)");
  REQUIRE(r.config);
  const auto& l = r.config->listeners;
  REQUIRE(l.size() == 4);
  CHECK(l[0].events == std::vector<std::string>{"job_error", "job_missed"});
  CHECK(l[0].jobs == std::vector<std::string>{"back*"});
  CHECK(l[0].command.argv == std::vector<std::string>{"/bin/sh", "-c", "logger -t schedtool"});
  CHECK(l[0].timeout == 5s);
  CHECK(l[0].origin == "listener at jobs.toml:9");
  CHECK(l[1].events.empty());
  CHECK(l[1].timeout == 30s);
  CHECK(l[2].origin == "on_failure of job \"backup\"");
  CHECK(l[2].final_only);
  CHECK(l[2].job == "backup");
  CHECK(l[2].command.argv == std::vector<std::string>{"notify", "failed"});
  CHECK(l[3].events == std::vector<std::string>{"job_executed"});
}

TEST_CASE("[[listeners]]: every mistake, positioned, with suggestions") {
  const LoadResult r = parse(std::string(kJob) + R"(on_failure = ""

[[listeners]]
events = ["job_eror", "job_error", "nonsense_thing"]
jobs = "backup"
comand = "x"

[[listeners]]
events = []
command = "x"
timeout = "soon"
)");
  CHECK(messages(r) == std::vector<std::string>{
                           "jobs.toml:6:14: 'on_failure' is empty: give a shell command or an argv array (job \"backup\")",
                           "jobs.toml:8:1: missing 'command' (a shell string, or an argv array)",
                           "jobs.toml:9:11: unknown event 'job_eror' (did you mean 'job_error'?)",
                           "jobs.toml:9:36: unknown event 'nonsense_thing' (see schedtool(1), EVENTS)",
                           "jobs.toml:10:8: 'jobs' must be an array of job ids or globs like [\"report-*\"], not a string",
                           "jobs.toml:11:1: unknown key 'comand' in [[listeners]] (did you mean 'command'?)",
                           "jobs.toml:14:10: 'events' must be \"all\" or a non-empty array of event names like "
                           "[\"job_error\"], not an empty array",
                           "jobs.toml:16:12: 'timeout': invalid duration 'soon': expected a duration like 90, \"30s\", "
                           "\"5m\" or \"1h30m\"",
                       });
}

TEST_CASE("[[listeners]] executor: one of the file's executors") {
  const LoadResult ok = parse(std::string(kJob) + R"(
[executors.alerts]
max_workers = 3

[[listeners]]
events = "all"
command = "x"
executor = "alerts"
)");
  REQUIRE(ok.config);
  CHECK(ok.config->listeners.at(0).executor == "alerts");
  const LoadResult bad = parse(std::string(kJob) + R"(
[executors.alerts]
max_workers = 3

[[listeners]]
events = "all"
command = "x"
executor = "alert"
)");
  REQUIRE(bad.errors.size() == 1);
  CHECK(format_diagnostic(bad.errors[0], false) ==
        "jobs.toml:13:12: unknown executor 'alert' in [[listeners]] (defined: default, alerts; did you mean 'alerts'?)");
}

}  // namespace
}  // namespace schedtool
