#pragma once
// The `postgresql` job store: one database shared by several schedulers, each (job, fire time)
// claimed by exactly one of them (store/job_store.h's cluster contract).
//
// Tables (prefixed schedtool_, so they can live in a database shared with other software):
//   schedtool_schema (version)            numbered migrations (kMigrations in postgres_schema.cpp);
//                                         claims and leases are in postgres_cluster.cpp
//                                         an instance refuses a newer schema than it knows
//   schedtool_jobs (id, fingerprint, next_run_us, paused)   the series position, as in SQLite
//   schedtool_runs (row, job_id, scheduled_us, attempt, state, instance, epoch, ...)
//                  UNIQUE (job_id, scheduled_us, attempt): one row per fire, whoever claims it.
//                  state: claimed → running → ended; missed (misfire_grace_time), skipped
//                  (max_instances across the cluster), interrupted (its instance stopped)
//   schedtool_members (name, host, pid, epoch, started_us, heartbeat_us, lease_until_us, clock_offset_us)
//   schedtool_settings, schedtool_runtime_jobs, schedtool_retries     as SQLite's
//
// A claim is one statement, so one transaction: it locks the due jobs' rows with FOR UPDATE SKIP
// LOCKED (two instances never wait on each other: a row another claim holds is that claim's),
// compares each job's stored next run time with the fires asked for, checks the server's clock
// (now(), never a host's) and the cluster's running count, advances the series and inserts the
// run rows. Instants are microseconds since the Unix epoch (UTC), as in SQLite.
//
// Leases and fencing. Each instance holds a member row with an epoch and a lease (until_us, by the
// server's clock), renewed by heartbeat() every lease / 3. A heartbeat whose own connection has
// worked for a full lease also recovers every member whose lease lapsed: in one statement it bumps
// that member's epoch and marks its claimed and running runs interrupted. Every write of a run
// carries the writer's epoch or the run's state, so a member that wakes after its lease (SIGSTOP, a
// paused VM) writes nothing for the runs it lost; its next heartbeat finds its epoch superseded,
// reports the runs taken from it (the loop kills them) and rejoins with a new epoch.
#include <chrono>
#include <memory>
#include <string>

#include "store/job_store.h"
#include "time/instant.h"

namespace schedtool {

struct PostgresOptions {
  std::string conninfo;  // libpq's: "host=/run/pg dbname=jobs", a URI, or "" (PGHOST... decide)
  std::string instance;  // this scheduler's name in the cluster (unique while it runs)
  Duration lease = std::chrono::seconds{10};
  std::size_t history_limit = 100;
  std::size_t output_limit = 64 * 1024;
  bool read_only = false;  // `schedtool history`: reads, never creates or migrates
};

class PgConnection;

class PostgresStore final : public JobStore {
 public:
  // Connects, creates or migrates the schema, and registers this instance. Throws Error (module
  // missing, server unreachable, a newer schema).
  static std::unique_ptr<PostgresStore> open(const PostgresOptions& options);
  ~PostgresStore() override;

  std::map<std::string, StoredJob> load_jobs() override;
  void save_job(const std::string& id, const StoredJob& job) override;
  void save_jobs(const std::vector<std::pair<std::string, StoredJob>>& jobs) override;
  void remove_job(const std::string& id) override;
  std::int64_t run_started(const RunRecord& run) override;
  void run_ended(std::int64_t row, const RunRecord& run) override;
  std::vector<std::string> mark_interrupted() override;
  std::vector<RunRecord> history(const std::string& job, std::size_t limit) override;
  std::vector<StoredRetry> load_retries() override;
  void save_retry(const StoredRetry& retry) override;
  void remove_retry(const std::string& job_id, Instant scheduled) override;
  void save_setting(const std::string& key, const std::string& value) override;
  std::optional<std::string> setting(const std::string& key) override;
  std::vector<StoredDefinition> definitions() override;
  void save_definition(const StoredDefinition& definition) override;
  void remove_definition(const std::string& id) override;
  bool shared() const override { return true; }
  std::vector<ClaimResult> claim(const std::vector<ClaimRequest>& requests) override;
  void run_missed(const std::string& job_id, Instant scheduled) override;
  std::optional<Heartbeat> heartbeat(Instant local_now) override;
  std::vector<MemberInfo> members() override;
  std::string instance() const override { return options_.instance; }
  std::vector<std::pair<std::string, std::optional<Instant>>> resumed(const std::vector<std::string>& ids) override;
  Duration heartbeat_interval() const override { return options_.lease / 3; }

 private:
  PostgresStore(std::unique_ptr<PgConnection> db, PostgresOptions options);
  std::int64_t join();
  void reconnect_if_broken();
  std::unique_ptr<PgConnection> db_;
  PostgresOptions options_;
  std::int64_t epoch_ = 1;
  std::optional<std::int64_t> healthy_since_us_;  // server time of the first heartbeat on this connection
  std::vector<RunKey> unheard_claims_;  // claims whose answer the broken connection lost
  void close_unheard_claims();
};

// The schema, created or migrated forward inside one transaction under an advisory lock (several
// instances starting together). Throws Error for a schema newer than this schedtool knows.
void migrate_postgres_schema(PgConnection& db);
// The schema version this schedtool writes.
int postgres_schema_version();

}  // namespace schedtool
