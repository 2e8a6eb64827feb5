#include "store/sqlite_store.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "store/sqlite_db.h"
#include "store/sqlite_file.h"

namespace schedtool {
namespace {

using sqlite::Access;
using sqlite::Db;
using sqlite::Statement;

std::int64_t micros(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t us) { return Instant(Duration(us)); }

// Whether runs has schema 3's attempt columns: a reader may hold an older file, which it never migrates.
bool has_attempts(Db& db) {
  return sqlite3_table_column_metadata(db.get(), nullptr, "runs", "attempts", nullptr, nullptr, nullptr, nullptr,
                                       nullptr) == SQLITE_OK;
}

// The last `limit` bytes: the end of a run's output says how it ended.
std::string_view tail(const std::string& output, std::size_t limit) {
  std::string_view v = output;
  if (v.size() > limit) v.remove_prefix(v.size() - limit);
  return v;
}

}  // namespace

struct SqliteStore::Impl {
  Impl(const std::string& path, StoreOptions opts)
      : options(opts), lock(opts.read_only ? UniqueFd() : lock_state_file(path)), db(open_checked(path, opts.read_only)) {}

  StoreOptions options;
  UniqueFd lock;  // declared before db so it closes after: closing any fd on the file drops SQLite's POSIX locks
  Db db;
  Statement begin{db, "BEGIN IMMEDIATE", Access::write};
  Statement commit{db, "COMMIT", Access::write};
  Statement rollback{db, "ROLLBACK", Access::write};
  const bool attempts = has_attempts(db);  // false only for a reader of a schema 1 or 2 file
  Statement select_jobs{db, "SELECT id, fingerprint, next_run_us, paused FROM jobs", Access::read};
  Statement upsert_job{db,
                       "INSERT INTO jobs (id, fingerprint, next_run_us, paused) VALUES (?1, ?2, ?3, ?4)"
                       " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,"
                       " next_run_us = excluded.next_run_us, paused = excluded.paused",
                       Access::write};
  Statement delete_job{db, "DELETE FROM jobs WHERE id = ?1", Access::write};
  Statement unfinished_jobs{db, "SELECT DISTINCT job_id FROM runs WHERE ended_us IS NULL AND start_error <> ?1",
                            Access::read};
  Statement mark_interrupted{db, "UPDATE runs SET start_error = ?1 WHERE ended_us IS NULL", Access::write};
  Statement insert_run{db,
                       attempts ? "INSERT INTO runs (job_id, scheduled_us, started_us, ended_us, exit_code, signal,"
                                  " timed_out, start_error, output, attempt, attempts)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                                : "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11",  // a reader never writes
                       Access::write};
  Statement update_run{db,
                       "UPDATE runs SET ended_us = ?2, exit_code = ?3, signal = ?4, timed_out = ?5,"
                       " start_error = ?6, output = ?7 WHERE row = ?1",
                       Access::write};
  // Everything older than the job's newest ?2 rows (the index on (job_id, row) finds the cut).
  Statement trim_runs{db,
                      "DELETE FROM runs WHERE job_id = ?1 AND row <= (SELECT row FROM runs WHERE job_id = ?1"
                      " ORDER BY row DESC LIMIT 1 OFFSET ?2)",
                      Access::write};
#define SCHEDTOOL_RUN_COLUMNS(attempt_columns)                                                                    \
  "SELECT job_id, scheduled_us, started_us, ended_us, exit_code, signal, timed_out, start_error, output, " \
  attempt_columns " FROM runs"
  Statement history_all{db,
                        attempts ? SCHEDTOOL_RUN_COLUMNS("attempt, attempts") " ORDER BY row DESC LIMIT ?1"
                                 : SCHEDTOOL_RUN_COLUMNS("1, 1") " ORDER BY row DESC LIMIT ?1",
                        Access::read};
  Statement history_job{db,
                        attempts ? SCHEDTOOL_RUN_COLUMNS("attempt, attempts") " WHERE job_id = ?1 ORDER BY row DESC LIMIT ?2"
                                 : SCHEDTOOL_RUN_COLUMNS("1, 1") " WHERE job_id = ?1 ORDER BY row DESC LIMIT ?2",
                        Access::read};
#undef SCHEDTOOL_RUN_COLUMNS
  // Retries are read and written by the scheduler only, whose file is at the current schema.
  std::optional<Statement> select_retries, upsert_retry, delete_retry;
  Statement& prepared(std::optional<Statement>& slot, const char* sql, Access access) {
    if (!slot) slot.emplace(db, sql, access);
    return slot->reset();
  }
};

namespace {

void bind_outcome(Statement& s, int first, const RunOutcome& outcome, std::string_view output) {
  s.bind(first, std::int64_t{outcome.exit_code})
      .bind(first + 1, std::int64_t{outcome.signal})
      .bind(first + 2, std::int64_t{outcome.timed_out})
      .bind(first + 3, std::string_view(outcome.start_error))
      .bind_blob(first + 4, output);
}

RunRecord read_run(const Statement& s) {
  RunRecord r;
  r.job_id = s.text(0);
  r.scheduled = instant(s.integer(1));
  r.started = instant(s.integer(2));
  if (const auto ended = s.optional_integer(3)) r.ended = instant(*ended);
  r.outcome.exit_code = static_cast<int>(s.integer(4));
  r.outcome.signal = static_cast<int>(s.integer(5));
  r.outcome.timed_out = s.integer(6) != 0;
  r.outcome.start_error = s.text(7);
  r.output = s.text(8);
  r.attempt = static_cast<int>(s.integer(9));
  r.attempts = static_cast<int>(s.integer(10));
  return r;
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, StoreOptions options) {
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::make_unique<Impl>(path, options)));
}

std::map<std::string, StoredJob> SqliteStore::load_jobs() {
  std::map<std::string, StoredJob> jobs;
  Statement& s = impl_->select_jobs.reset();
  while (s.step()) {
    StoredJob& job = jobs[s.text(0)];
    job.fingerprint = s.text(1);
    if (const auto next = s.optional_integer(2)) job.next_run = instant(*next);
    job.paused = s.integer(3) != 0;
  }
  return jobs;
}

void SqliteStore::save_job(const std::string& id, const StoredJob& job) {
  std::optional<std::int64_t> next;
  if (job.next_run) next = micros(*job.next_run);
  impl_->upsert_job.reset()
      .bind(1, std::string_view(id))
      .bind(2, std::string_view(job.fingerprint))
      .bind(3, next)
      .bind(4, std::int64_t{job.paused})
      .run();
}

void SqliteStore::save_jobs(const std::vector<std::pair<std::string, StoredJob>>& jobs) {
  Impl& d = *impl_;
  sqlite::Transaction transaction(d.db, d.begin, d.commit, d.rollback);
  for (const auto& [id, job] : jobs) save_job(id, job);
  transaction.commit();
}

void SqliteStore::remove_job(const std::string& id) {
  impl_->delete_job.reset().bind(1, std::string_view(id)).run();  // its history stays
}

std::int64_t SqliteStore::run_started(const RunRecord& run) {
  std::optional<std::int64_t> ended;
  if (run.ended) ended = micros(*run.ended);
  Statement& s = impl_->insert_run.reset();
  s.bind(1, std::string_view(run.job_id)).bind(2, micros(run.scheduled)).bind(3, micros(run.started)).bind(4, ended);
  bind_outcome(s, 5, run.outcome, tail(run.output, impl_->options.output_limit));
  s.bind(10, std::int64_t{run.attempt}).bind(11, std::int64_t{run.attempts});
  s.run();
  return sqlite3_last_insert_rowid(impl_->db.get());
}

void SqliteStore::run_ended(std::int64_t row, const RunRecord& run) {
  Impl& d = *impl_;
  std::optional<std::int64_t> ended;
  if (run.ended) ended = micros(*run.ended);
  sqlite::Transaction transaction(d.db, d.begin, d.commit, d.rollback);
  Statement& update = d.update_run.reset();
  update.bind(1, row).bind(2, ended);
  bind_outcome(update, 3, run.outcome, tail(run.output, d.options.output_limit));
  update.run();
  d.trim_runs.reset()
      .bind(1, std::string_view(run.job_id))
      .bind(2, static_cast<std::int64_t>(std::min<std::size_t>(d.options.history_limit, INT64_MAX)))
      .run();
  transaction.commit();
}

std::vector<std::string> SqliteStore::mark_interrupted() {
  std::vector<std::string> jobs;
  Statement& s = impl_->unfinished_jobs.reset().bind(1, std::string_view(kInterruptedRun));
  while (s.step()) jobs.push_back(s.text(0));
  impl_->mark_interrupted.reset().bind(1, std::string_view(kInterruptedRun)).run();
  return jobs;
}

void SqliteStore::save_setting(const std::string& key, const std::string& value) {
  Statement s(impl_->db, "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
              Access::write);
  s.bind(1, std::string_view(key)).bind(2, std::string_view(value)).run();
}

std::optional<std::string> SqliteStore::setting(const std::string& key) {
  // A reader may hold a schema 1 file, from before settings: then there is none.
  if (sqlite3_table_column_metadata(impl_->db.get(), nullptr, "settings", "value", nullptr, nullptr, nullptr, nullptr,
                                    nullptr) != SQLITE_OK)
    return std::nullopt;
  Statement s(impl_->db, "SELECT value FROM settings WHERE key = ?1", Access::read);
  s.bind(1, std::string_view(key));
  std::optional<std::string> value;
  if (s.step()) value = s.text(0);
  while (s.step()) {
  }
  return value;
}

// A reader may hold a file from before schema 3: then there are none.
std::vector<StoredDefinition> SqliteStore::definitions() {
  if (sqlite3_table_column_metadata(impl_->db.get(), nullptr, "runtime_jobs", "id", nullptr, nullptr, nullptr, nullptr,
                                    nullptr) != SQLITE_OK)
    return {};
  Statement s(impl_->db, "SELECT id, definition, base_fingerprint, changed_us FROM runtime_jobs ORDER BY changed_us, id",
              Access::read);
  std::vector<StoredDefinition> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), Instant{Duration{s.integer(3)}}});
  return out;
}

void SqliteStore::save_definition(const StoredDefinition& d) {
  Statement s(impl_->db,
              "INSERT INTO runtime_jobs (id, definition, base_fingerprint, changed_us) VALUES (?1, ?2, ?3, ?4) "
              "ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, "
              "base_fingerprint = excluded.base_fingerprint, changed_us = excluded.changed_us",
              Access::write);
  s.bind(1, std::string_view(d.id)).bind(2, std::string_view(d.definition)).bind(3, std::string_view(d.base_fingerprint));
  s.bind(4, std::int64_t{d.changed_at.time_since_epoch().count()}).run();
}

void SqliteStore::remove_definition(const std::string& id) {
  Statement s(impl_->db, "DELETE FROM runtime_jobs WHERE id = ?1", Access::write);
  s.bind(1, std::string_view(id)).run();
}

std::vector<StoredRetry> SqliteStore::load_retries() {
  std::vector<StoredRetry> retries;
  Statement& s = impl_->prepared(impl_->select_retries,
                                 "SELECT job_id, scheduled_us, attempt, due_us FROM retries ORDER BY due_us", Access::read);
  while (s.step())
    retries.push_back({s.text(0), instant(s.integer(1)), static_cast<int>(s.integer(2)), instant(s.integer(3))});
  return retries;
}

void SqliteStore::save_retry(const StoredRetry& retry) {
  impl_->prepared(impl_->upsert_retry,
                  "INSERT INTO retries (job_id, scheduled_us, attempt, due_us) VALUES (?1, ?2, ?3, ?4)"
                  " ON CONFLICT (job_id, scheduled_us) DO UPDATE SET attempt = excluded.attempt, due_us = excluded.due_us",
                  Access::write)
      .bind(1, std::string_view(retry.job_id))
      .bind(2, micros(retry.scheduled))
      .bind(3, std::int64_t{retry.attempt})
      .bind(4, micros(retry.due))
      .run();
}

void SqliteStore::remove_retry(const std::string& job_id, Instant scheduled) {
  impl_->prepared(impl_->delete_retry, "DELETE FROM retries WHERE job_id = ?1 AND scheduled_us = ?2", Access::write)
      .bind(1, std::string_view(job_id))
      .bind(2, micros(scheduled))
      .run();
}

std::vector<RunRecord> SqliteStore::history(const std::string& job, std::size_t limit) {
  const auto n = static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX));
  Statement& s = job.empty() ? impl_->history_all.reset().bind(1, n)
                             : impl_->history_job.reset().bind(1, std::string_view(job)).bind(2, n);
  std::vector<RunRecord> runs;
  while (s.step()) runs.push_back(read_run(s));
  return runs;
}

}  // namespace schedtool
