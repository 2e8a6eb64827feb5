#pragma once
// Where the scheduler keeps what must survive a restart (APScheduler's job stores).
//
//   memory  — nothing survives (the default; MemoryStore below).
//   sqlite  — store/sqlite_store.h: per job id its definition's fingerprint, next run time and
//             paused state, plus a bounded run history (whose newest row is the last outcome).
//   postgresql — store/postgres_store.h: the same, shared by several schedulers (a cluster).
//
// The cluster contract: a store that several schedulers share (shared() is true) decides which of
// them starts a fire. Each instance computes its due runs as usual and asks claim(); only the
// runs it won start. Memory and SQLite are a cluster of one: every claim is granted.
//
// On start a job whose fingerprint is unchanged resumes from its stored next run time, so runs
// that fell due while schedtool was down are due at once and go through misfire_grace_time and
// coalesce exactly like runs that are late for any other reason. State is written before a run
// is launched (one transaction per change).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schedule/events.h"
#include "time/instant.h"

namespace schedtool {

struct StoredJob {
  std::string fingerprint;
  std::optional<Instant> next_run;  // nullopt: paused or finished
  bool paused = false;
};

// One finished (or interrupted) run, for history.
struct RunRecord {
  std::string job_id;
  Instant scheduled;
  Instant started;
  std::optional<Instant> ended;  // nullopt while running / when a crash interrupted it
  RunOutcome outcome;
  std::string output;            // the last output_limit bytes of what the run wrote (stdout and stderr)
  int attempt = 1;               // with retries: which attempt at `scheduled` this was, of `attempts`
  int attempts = 1;
  std::string instance{};        // a shared store: the scheduler that ran it ("" otherwise)
};

// A due submission this instance would start (schedule/schedule.h's Submission), for claim().
struct ClaimRequest {
  std::string job_id;
  std::vector<Instant> run_times;  // the runs it stands for (several when coalesce is off)
  std::optional<Instant> next;     // where the job's series stands after them (nullopt: it ended)
  int max_instances = 1;           // counted across the cluster
};

struct ClaimResult {
  enum class Kind {
    won,      // start the runs: the store has them and has advanced the series to `next`
    taken,    // another instance claimed them (or is claiming them now): skip
    paused,   // the job is paused in the store: pause it here too
    skipped,  // max_instances runs are going across the cluster: the fire is skipped (recorded)
    not_due,  // the store's clock says the series' next fire has not come yet: wait for `stored_next`
  };
  Kind kind = Kind::won;
  std::vector<Instant> run_times;      // won: the fires to start (of the request's, those nobody had claimed)
  std::optional<Instant> stored_next;  // not won: where the store's series stands (nullopt: unknown)
};

// A failed run waiting for its retry (schedule/dispatcher.h): kept so that it survives a restart.
struct StoredRetry {
  std::string job_id;
  Instant scheduled;  // the run time being retried
  int attempt = 2;    // the attempt that runs at `due`
  Instant due;
};

// What a shared store's heartbeat found (the cluster contract): see PostgresStore for the rules.
struct RunKey {
  std::string job_id;
  Instant scheduled;
  bool operator==(const RunKey&) const = default;
};
struct Heartbeat {
  // This instance's lease lapsed and another instance recovered it: the runs it took from us are
  // in `lost` (stop them, write nothing for them); the store has rejoined us with a new epoch.
  bool fenced = false;
  std::vector<RunKey> lost;
  // Runs of members whose lease lapsed, marked interrupted by this heartbeat (rerun_interrupted).
  std::vector<RunKey> recovered;
  Duration clock_offset{};  // this host's clock minus the server's
  std::int64_t epoch = 0;
};

// A member of a shared store's cluster, for `ctl status`.
struct MemberInfo {
  std::string name, host;
  int pid = 0;
  std::int64_t epoch = 0;
  Instant heartbeat{};      // by the server's clock
  Duration clock_offset{};  // its host's clock minus the server's, at that heartbeat
  std::int64_t runs = 0;    // runs it has going
  bool lapsed = false;      // its lease lapsed (it is recovered, or will be)
};

// A job added or changed at run time, as its TOML table (config/runtime_jobs.h has the rules).
struct StoredDefinition {
  std::string id;
  std::string definition;
  std::string base_fingerprint;  // "" for a job added at run time
  Instant changed_at{};
};

// start_error of a run that was going when schedtool stopped abruptly (kill -9, power loss): it has
// no end, and is not run again (at most once).
inline constexpr const char* kInterruptedRun = "interrupted: schedtool stopped while it ran";

class JobStore {
 public:
  virtual ~JobStore() = default;
  virtual std::map<std::string, StoredJob> load_jobs() = 0;
  virtual void save_job(const std::string& id, const StoredJob& job) = 0;
  // Many at once (a start with 100,000 jobs): one transaction where the store has them.
  virtual void save_jobs(const std::vector<std::pair<std::string, StoredJob>>& jobs) {
    for (const auto& [id, job] : jobs) save_job(id, job);
  }
  virtual void remove_job(const std::string& id) = 0;
  // A run starts: returns its history row id (0 for a store without history).
  virtual std::int64_t run_started(const RunRecord& run) = 0;
  // That run ended: fills in end, outcome and output; trims the job's history to history_limit.
  virtual void run_ended(std::int64_t row, const RunRecord& run) = 0;
  // At start, before scheduling: every run still without an end was cut off by the last stop.
  // Returns the ids of the jobs that had one (each once).
  virtual std::vector<std::string> mark_interrupted() = 0;
  // Newest first; `job` empty = every job; limit 0 = none.
  virtual std::vector<RunRecord> history(const std::string& job, std::size_t limit) = 0;
  // Pending retries (none in a store without them). One per (job, scheduled run time).
  virtual std::vector<StoredRetry> load_retries() { return {}; }
  virtual void save_retry(const StoredRetry& /*retry*/) {}
  virtual void remove_retry(const std::string& /*job_id*/, Instant /*scheduled*/) {}
  // What the scheduler records of itself for the file's readers: "timezone" = the scheduler's zone,
  // in which `history --state` shows times, as the scheduler's own log did.
  virtual void save_setting(const std::string& /*key*/, const std::string& /*value*/) {}
  virtual std::optional<std::string> setting(const std::string& /*key*/) { return std::nullopt; }
  // Jobs added or changed at run time: they outlive restarts where the store does. Oldest first.
  virtual std::vector<StoredDefinition> definitions() { return {}; }
  virtual void save_definition(const StoredDefinition& /*definition*/) {}
  virtual void remove_definition(const std::string& /*id*/) {}

  // The cluster contract (see the top). One result per request, in order.
  virtual bool shared() const { return false; }
  virtual std::vector<ClaimResult> claim(const std::vector<ClaimRequest>& requests) {
    std::vector<ClaimResult> results(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) results[i].run_times = requests[i].run_times;
    return results;
  }
  // Renews this instance's lease and recovers lapsed members (nullopt: a store of one, no lease).
  virtual std::optional<Heartbeat> heartbeat(Instant /*local_now*/) { return std::nullopt; }
  // How often heartbeat() must be called (0: never).
  virtual Duration heartbeat_interval() const { return Duration{0}; }
  // Of these jobs (paused here), the ones the store has running again, with their next run time:
  // another instance resumed them.
  virtual std::vector<std::pair<std::string, std::optional<Instant>>> resumed(const std::vector<std::string>& /*ids*/) {
    return {};
  }
  virtual std::vector<MemberInfo> members() { return {}; }
  virtual std::string instance() const { return ""; }  // this scheduler's name in a shared store
  // A claimed run that misfire_grace_time dropped: its row says so (a shared store keeps one row per fire).
  virtual void run_missed(const std::string& /*job_id*/, Instant /*scheduled*/) {}
};

class MemoryStore final : public JobStore {
 public:
  std::map<std::string, StoredJob> load_jobs() override { return {}; }
  void save_job(const std::string&, const StoredJob&) override {}
  void remove_job(const std::string&) override {}
  std::int64_t run_started(const RunRecord&) override { return 0; }
  void run_ended(std::int64_t, const RunRecord&) override {}
  std::vector<std::string> mark_interrupted() override { return {}; }
  std::vector<RunRecord> history(const std::string&, std::size_t) override { return {}; }
};

}  // namespace schedtool
