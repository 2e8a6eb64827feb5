// The postgresql job store's schema and its numbered migrations (store/postgres_store.h).
#include <string>
#include <string_view>

#include "store/pg_connection.h"
#include "store/postgres_store.h"

namespace schedtool {
namespace {

// kMigrations[i] takes the schema from version i to i + 1. Append only: a released entry never changes.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE schedtool_jobs (
  id text PRIMARY KEY,
  fingerprint text NOT NULL,
  next_run_us bigint,
  paused boolean NOT NULL DEFAULT false
);
CREATE TABLE schedtool_runs (
  row bigserial PRIMARY KEY,
  job_id text NOT NULL,
  scheduled_us bigint NOT NULL,
  attempt integer NOT NULL DEFAULT 1,
  attempts integer NOT NULL DEFAULT 1,
  state text NOT NULL CHECK (state IN ('claimed', 'running', 'ended', 'missed', 'skipped', 'interrupted')),
  instance text NOT NULL,
  epoch bigint NOT NULL,
  claimed_us bigint NOT NULL,
  started_us bigint,
  ended_us bigint,
  exit_code integer NOT NULL DEFAULT 0,
  signal integer NOT NULL DEFAULT 0,
  timed_out boolean NOT NULL DEFAULT false,
  start_error text NOT NULL DEFAULT '',
  output bytea NOT NULL DEFAULT '',
  UNIQUE (job_id, scheduled_us, attempt)
);
CREATE INDEX schedtool_runs_by_job ON schedtool_runs (job_id, row);
CREATE INDEX schedtool_runs_going ON schedtool_runs (job_id) WHERE state IN ('claimed', 'running');
CREATE TABLE schedtool_members (
  name text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  epoch bigint NOT NULL,
  started_us bigint NOT NULL,
  heartbeat_us bigint NOT NULL,
  lease_until_us bigint,
  clock_offset_us bigint NOT NULL DEFAULT 0
);
CREATE TABLE schedtool_settings (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE schedtool_runtime_jobs (
  id text PRIMARY KEY,
  definition text NOT NULL,
  base_fingerprint text NOT NULL,
  changed_us bigint NOT NULL
);
CREATE TABLE schedtool_retries (
  job_id text NOT NULL,
  scheduled_us bigint NOT NULL,
  attempt integer NOT NULL,
  due_us bigint NOT NULL,
  PRIMARY KEY (job_id, scheduled_us)
);
)sql",
};

constexpr int kVersion = static_cast<int>(std::size(kMigrations));

// A statement at a time (the extended protocol takes one); a migration's statements end in ";\n".
void run_script(PgConnection& db, std::string_view script) {
  while (!script.empty()) {
    const std::size_t end = script.find(";\n");
    const std::string statement(script.substr(0, end));
    if (statement.find_first_not_of(" \n") != std::string::npos) db.exec(statement.c_str());
    script.remove_prefix(end == std::string_view::npos ? script.size() : end + 2);
  }
}

}  // namespace

int postgres_schema_version() { return kVersion; }

void migrate_postgres_schema(PgConnection& db) {
  db.transaction([&] {
    // One migrator at a time; the others wait here and then find the schema current.
    db.exec("SELECT pg_advisory_xact_lock(hashtext('schedtool schema'))");
    db.exec("CREATE TABLE IF NOT EXISTS schedtool_schema (version integer NOT NULL)");
    const PgResult found = db.exec("SELECT version FROM schedtool_schema");
    int version = 0;
    if (found.rows() == 0)
      db.exec("INSERT INTO schedtool_schema (version) VALUES (0)");
    else
      version = static_cast<int>(found.integer(0, 0));
    if (version > kVersion)
      throw Error("the PostgreSQL job store's schema is version " + std::to_string(version) +
                  ", newer than this schedtool knows (" + std::to_string(kVersion) +
                  "): upgrade schedtool on this host (a newer instance migrated the database)");
    for (; version < kVersion; ++version) run_script(db, kMigrations[version]);
    db.exec("UPDATE schedtool_schema SET version = $1", {std::to_string(kVersion)});
  });
}

}  // namespace schedtool
