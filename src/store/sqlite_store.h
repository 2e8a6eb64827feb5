#pragma once
// The `sqlite` job store: one SQLite file holds, per job id, its definition's fingerprint, next
// run time and paused state, plus each job's newest `history_limit` runs.
//
// The file
//   - is created 0600 (it holds job output); an existing file's mode is left alone.
//   - carries PRAGMA application_id 0x53434844 ("SCHD") and user_version = schema version, so
//     schedtool refuses a file that is someone else's (never writing to it), refuses one written by
//     a newer schedtool, and migrates an older one forward (kMigrations in sqlite_store.cpp).
//   - is locked for the life of the store (flock, LOCK_EX): a second scheduler on the same file
//     fails at once with "state file 'state.db' is in use by another schedtool (pid 4242)".
//   - runs in WAL mode with synchronous=NORMAL: every committed change survives the process being
//     killed (kill -9); a power loss may lose the last few commits, never the file.
//   - is read by a `read_only` store (`schedtool history`) without the lock, beside a scheduler.
//
//   CREATE TABLE jobs (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, next_run_us INTEGER NULL,
//                      paused INTEGER NOT NULL);
//   CREATE TABLE runs (row INTEGER PRIMARY KEY, job_id TEXT NOT NULL, scheduled_us INTEGER,
//                      started_us INTEGER, ended_us INTEGER NULL, exit_code INTEGER, signal INTEGER,
//                      timed_out INTEGER, start_error TEXT, output BLOB);
//   CREATE INDEX runs_by_job ON runs (job_id, row);
//   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);      -- schema 2: "timezone"
//   CREATE TABLE runtime_jobs (id TEXT PRIMARY KEY, definition TEXT NOT NULL,  -- schema 3: ctl add,
//                              base_fingerprint TEXT NOT NULL, changed_us INTEGER NOT NULL); -- modify
//   ALTER TABLE runs ADD COLUMN attempt, attempts (INTEGER NOT NULL DEFAULT 1)  -- schema 4: retries
//   CREATE TABLE retries (job_id TEXT NOT NULL, scheduled_us INTEGER NOT NULL, attempt INTEGER NOT NULL,
//                         due_us INTEGER NOT NULL, PRIMARY KEY (job_id, scheduled_us));
//   A reader (`history`) of a schema 1, 2 or 3 file sees every run as attempt 1 of 1.
// Instants are microseconds since the Unix epoch (UTC).
//
// Every change is one transaction. A failing write (disk full, file made read-only) throws Error
// naming the file and SQLite's reason; the scheduler catches it and carries on from memory.
// remove_job keeps the job's history: `schedtool history` still shows what a removed job did.
#include <cstddef>
#include <memory>
#include <string>

#include "base/error.h"
#include "store/job_store.h"

namespace schedtool {

struct StoreOptions {
  std::size_t history_limit = 100;       // runs kept per job (newest)
  std::size_t output_limit = 64 * 1024;  // bytes of each run's output kept (the last ones)
  // Read without locking, creating or migrating the file (`schedtool history` beside a running
  // scheduler). Every write then throws.
  bool read_only = false;
};

// The file is ours but SQLite finds it damaged (a truncated file, corrupted pages). The scheduler
// refuses it, leaving it untouched, rather than quietly running without the series and pauses it
// holds; `run --state-recover` moves it aside (move_aside) and starts afresh.
struct StateFileDamaged : Error {
  using Error::Error;
};

// Renames a damaged state file and its -wal/-shm beside it ("state.db.damaged-20261203T113824");
// returns the new name. Throws Error when the rename fails.
std::string move_aside(const std::string& path, Instant now);

class SqliteStore final : public JobStore {
 public:
  // Opens (or creates) the state file and takes its lock. Throws Error when the file cannot be
  // opened, is in use, is not a schedtool state file, or is from a newer schedtool; and
  // StateFileDamaged when SQLite's quick_check (run on every read-write open) finds damage.
  static std::unique_ptr<SqliteStore> open(const std::string& path, StoreOptions options);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

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

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace schedtool
