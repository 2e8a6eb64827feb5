#include "store/postgres_store.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <map>
#include <optional>

#include "store/pg_connection.h"
#include "store/postgres_sql.h"

namespace schedtool {

using namespace pg_sql;

PostgresStore::PostgresStore(std::unique_ptr<PgConnection> db, PostgresOptions options)
    : db_(std::move(db)), options_(std::move(options)) {}

std::unique_ptr<PostgresStore> PostgresStore::open(const PostgresOptions& options) {
  auto db = PgConnection::connect(options.conninfo);
  if (!options.read_only) migrate_postgres_schema(*db);
  std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(db), options));
  if (!options.read_only) store->join();
  return store;
}

std::map<std::string, StoredJob> PostgresStore::load_jobs() {
  std::map<std::string, StoredJob> jobs;
  const PgResult r = db_->exec("SELECT id, fingerprint, next_run_us, paused FROM schedtool_jobs");
  for (int i = 0; i < r.rows(); ++i) {
    StoredJob& job = jobs[std::string(r.text(i, 0))];
    job.fingerprint = r.text(i, 1);
    if (const auto next = r.optional_integer(i, 2)) job.next_run = instant(*next);
    job.paused = r.boolean(i, 3);
  }
  return jobs;
}

// Several instances write the same job: a definition they agree on never moves its series back
// (an instance that lost a claim may know an older position); a changed definition or a pause sets it.
void PostgresStore::save_job(const std::string& id, const StoredJob& job) {
  db_->exec(
      "INSERT INTO schedtool_jobs (id, fingerprint, next_run_us, paused) VALUES ($1, $2, $3, $4)"
      " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, paused = excluded.paused,"
      " next_run_us = CASE WHEN schedtool_jobs.fingerprint <> excluded.fingerprint"
      "   OR schedtool_jobs.paused <> excluded.paused THEN excluded.next_run_us"
      "   ELSE GREATEST(schedtool_jobs.next_run_us, excluded.next_run_us) END",
      {id, job.fingerprint, optional_micros(job.next_run), job.paused ? "true" : "false"});
}

void PostgresStore::save_jobs(const std::vector<std::pair<std::string, StoredJob>>& jobs) {
  db_->transaction([&] {
    for (const auto& [id, job] : jobs) save_job(id, job);
  });
}

void PostgresStore::remove_job(const std::string& id) { db_->exec("DELETE FROM schedtool_jobs WHERE id = $1", {id}); }

// The claimed row becomes the running one; a run that was not claimed (ctl run, run_on_start, a
// retry) gets its row here.
std::int64_t PostgresStore::run_started(const RunRecord& run) {
  const PgResult r = db_->exec(
      (std::string("WITH upd AS (UPDATE schedtool_runs SET state = 'running', started_us = $3, attempts = $5"
                   "  WHERE job_id = $1 AND scheduled_us = $2 AND attempt = $4 AND instance = $6 AND state = 'claimed'"
                   "  RETURNING row),"
                   " ins AS (INSERT INTO schedtool_runs (job_id, scheduled_us, started_us, attempt, attempts, state,"
                   "  instance, epoch, claimed_us) SELECT $1, $2, $3, $4, $5, 'running', $6, $7, ") +
       kNowMicros +
       " WHERE NOT EXISTS (SELECT 1 FROM upd) ON CONFLICT (job_id, scheduled_us, attempt) DO NOTHING RETURNING row)"
       " SELECT row FROM upd UNION ALL SELECT row FROM ins")
          .c_str(),
      {run.job_id, micros(run.scheduled), micros(run.started), std::to_string(run.attempt),
       std::to_string(run.attempts), options_.instance, std::to_string(epoch_)});
  return r.rows() ? r.integer(0, 0) : 0;
}

// Row 0: its start could not be written (the server went away between the claim and the start), so
// the row is found by its key, still claimed by this instance.
void PostgresStore::run_ended(std::int64_t row, const RunRecord& run) {
  db_->exec(
      "WITH done AS (UPDATE schedtool_runs SET state = 'ended', ended_us = $2, exit_code = $3, signal = $4,"
      "  timed_out = $5, start_error = $6, output = $7, started_us = COALESCE(started_us, $10)"
      "  WHERE CASE WHEN $1::bigint <> 0 THEN row = $1 AND state = 'running'"
      "   ELSE job_id = $8 AND scheduled_us = $11 AND attempt = $12 AND instance = $13"
      "    AND state IN ('claimed', 'running') END RETURNING job_id)"
      " DELETE FROM schedtool_runs WHERE job_id = $8 AND state NOT IN ('claimed', 'running') AND row <="
      "  (SELECT row FROM schedtool_runs WHERE job_id = $8 ORDER BY row DESC LIMIT 1 OFFSET $9)",
      {std::to_string(row), optional_micros(run.ended), std::to_string(run.outcome.exit_code),
       std::to_string(run.outcome.signal), run.outcome.timed_out ? "true" : "false", run.outcome.start_error,
       hex_bytes(tail(run.output, options_.output_limit)), run.job_id,
       std::to_string(std::min<std::size_t>(options_.history_limit, INT64_MAX)), micros(run.started),
       micros(run.scheduled), std::to_string(run.attempt), options_.instance});
}

void PostgresStore::run_missed(const std::string& job_id, Instant scheduled) {
  db_->exec("UPDATE schedtool_runs SET state = 'missed', start_error = 'missed: misfire_grace_time'"
            " WHERE job_id = $1 AND scheduled_us = $2 AND attempt = 1 AND instance = $3 AND state = 'claimed'",
            {job_id, micros(scheduled), options_.instance});
}

// Only this instance's own runs from an earlier life: the other members' runs are theirs.
std::vector<std::string> PostgresStore::mark_interrupted() {
  const PgResult r = db_->exec(
      "UPDATE schedtool_runs SET state = 'interrupted', start_error = $2"
      " WHERE instance = $1 AND state IN ('claimed', 'running') RETURNING job_id",
      {options_.instance, std::string(kInterruptedRun)});
  std::vector<std::string> jobs;
  for (int i = 0; i < r.rows(); ++i) jobs.emplace_back(r.text(i, 0));
  std::sort(jobs.begin(), jobs.end());
  jobs.erase(std::unique(jobs.begin(), jobs.end()), jobs.end());
  return jobs;
}

std::vector<RunRecord> PostgresStore::history(const std::string& job, std::size_t limit) {
  const std::string columns =
      "SELECT job_id, scheduled_us, started_us, ended_us, exit_code, signal, timed_out, start_error, output,"
      " attempt, attempts, instance FROM schedtool_runs WHERE started_us IS NOT NULL";
  const std::string n = std::to_string(std::min<std::size_t>(limit, INT64_MAX));
  const PgResult r = job.empty() ? db_->exec((columns + " ORDER BY row DESC LIMIT $1").c_str(), {n})
                                 : db_->exec((columns + " AND job_id = $2 ORDER BY row DESC LIMIT $1").c_str(), {n, job});
  std::vector<RunRecord> runs;
  for (int i = 0; i < r.rows(); ++i) {
    RunRecord& run = runs.emplace_back();
    run.job_id = r.text(i, 0);
    run.scheduled = instant(r.integer(i, 1));
    run.started = instant(r.integer(i, 2));
    if (const auto ended = r.optional_integer(i, 3)) run.ended = instant(*ended);
    run.outcome.exit_code = static_cast<int>(r.integer(i, 4));
    run.outcome.signal = static_cast<int>(r.integer(i, 5));
    run.outcome.timed_out = r.boolean(i, 6);
    run.outcome.start_error = r.text(i, 7);
    run.output = from_hex(r.text(i, 8));
    run.attempt = static_cast<int>(r.integer(i, 9));
    run.attempts = static_cast<int>(r.integer(i, 10));
    run.instance = r.text(i, 11);
  }
  return runs;
}

std::vector<StoredRetry> PostgresStore::load_retries() {
  const PgResult r = db_->exec("SELECT job_id, scheduled_us, attempt, due_us FROM schedtool_retries ORDER BY due_us");
  std::vector<StoredRetry> retries;
  for (int i = 0; i < r.rows(); ++i)
    retries.push_back({std::string(r.text(i, 0)), instant(r.integer(i, 1)), static_cast<int>(r.integer(i, 2)),
                       instant(r.integer(i, 3))});
  return retries;
}

void PostgresStore::save_retry(const StoredRetry& retry) {
  db_->exec("INSERT INTO schedtool_retries (job_id, scheduled_us, attempt, due_us) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (job_id, scheduled_us) DO UPDATE SET attempt = excluded.attempt, due_us = excluded.due_us",
            {retry.job_id, micros(retry.scheduled), std::to_string(retry.attempt), micros(retry.due)});
}

void PostgresStore::remove_retry(const std::string& job_id, Instant scheduled) {
  db_->exec("DELETE FROM schedtool_retries WHERE job_id = $1 AND scheduled_us = $2", {job_id, micros(scheduled)});
}

void PostgresStore::save_setting(const std::string& key, const std::string& value) {
  db_->exec("INSERT INTO schedtool_settings (key, value) VALUES ($1, $2)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {key, value});
}

std::optional<std::string> PostgresStore::setting(const std::string& key) {
  const PgResult r = db_->exec("SELECT value FROM schedtool_settings WHERE key = $1", {key});
  if (r.rows() == 0) return std::nullopt;
  return std::string(r.text(0, 0));
}

std::vector<StoredDefinition> PostgresStore::definitions() {
  const PgResult r = db_->exec(
      "SELECT id, definition, base_fingerprint, changed_us FROM schedtool_runtime_jobs ORDER BY changed_us, id");
  std::vector<StoredDefinition> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({std::string(r.text(i, 0)), std::string(r.text(i, 1)), std::string(r.text(i, 2)),
                   instant(r.integer(i, 3))});
  return out;
}

void PostgresStore::save_definition(const StoredDefinition& d) {
  db_->exec("INSERT INTO schedtool_runtime_jobs (id, definition, base_fingerprint, changed_us) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (id) DO UPDATE SET definition = excluded.definition,"
            " base_fingerprint = excluded.base_fingerprint, changed_us = excluded.changed_us",
            {d.id, d.definition, d.base_fingerprint, micros(d.changed_at)});
}

void PostgresStore::remove_definition(const std::string& id) {
  db_->exec("DELETE FROM schedtool_runtime_jobs WHERE id = $1", {id});
}

}  // namespace schedtool
