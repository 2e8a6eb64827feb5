#pragma once
// What `schedtool ctl status` shows of a running scheduler, as text and as JSON (`ctl jobs` is
// print_jobs with running counts: output/print_jobs.h).
// Pure: the loop gathers the facts into these structs; these functions only word them.
//
//   Scheduler running since 2026-12-01 10:00:00 UTC (up 1h5m12s), 12 runs completed
//   Jobs: 5 (1 paused), 2 runs going
//   Next wakeup: 2026-12-01 10:05:00 UTC (in 12s)
//   Running:
//       backup: run 7, pid 1234, scheduled at 2026-12-01 10:04:58 UTC, running for 2s
//   Cluster: 2 members, this one is web-1
//       web-1 (db1, pid 4242): epoch 3, heartbeat 1s ago, clock +0.002s, 2 runs going
//       web-2 (db2, pid 977): epoch 1, heartbeat 14s ago, clock -0.010s, 0 runs going, lease lapsed
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "output/print_jobs.h"
#include "time/zone.h"

namespace schedtool {

struct RunningRun {
  std::string job_id;
  std::uint64_t run_id = 0;
  std::optional<int> pid;  // not yet known while the child is being started
  Instant scheduled{};
  Instant started{};
  std::string executor;
};

// A shared job store's member (store/job_store.h's MemberInfo, as the status shows it).
struct MemberStatus {
  std::string name, host;
  int pid = 0;
  std::int64_t epoch = 0;
  Instant heartbeat{};
  Duration clock_offset{};
  std::int64_t runs = 0;
  bool lapsed = false;
};

struct SchedulerStatus {
  Instant now{};
  Instant started{};
  std::string state;  // "running", "paused" (pause-all) or "stopping"
  std::size_t jobs = 0, paused_jobs = 0;
  std::uint64_t completed_runs = 0;
  std::optional<Instant> next_wakeup;
  std::vector<RunningRun> running;
  std::optional<Instant> store_failing_since;  // the job store cannot be written since then
  std::string instance;                        // a shared store: this scheduler's name
  std::vector<MemberStatus> members;           // a shared store's cluster
};

std::string status_text(const SchedulerStatus& s, const Zone& zone);
// One JSON object: {"state","started_at","uptime_seconds","jobs","paused_jobs","completed_runs",
// "next_wakeup" (RFC 3339 or null),"running":[{"job","run","pid","scheduled_at","started_at","seconds"}],
// "store_failing_since" (RFC 3339 or null)}, plus with a shared store "instance" and
// "members":[{"name","host","pid","epoch","heartbeat_at","clock_offset_seconds","runs","lapsed"}].
std::string status_json(const SchedulerStatus& s, const Zone& zone);

}  // namespace schedtool
