#include "store/sqlite_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "store/sqlite_db.h"

namespace schedtool {
namespace {

using sqlite::Access;
using sqlite::Db;
using sqlite::Statement;

constexpr std::int64_t kApplicationId = 0x53434844;  // "SCHD"

// Schema migrations: entry i brings a file from user_version i to i + 1, inside one transaction
// that also stamps application_id and user_version. A new file runs them all. Adding schema 2 is
// one more entry here (and the statements below that use it).
constexpr const char* kMigrations[] = {
    // 1: jobs and their run history.
    "CREATE TABLE jobs (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, next_run_us INTEGER NULL,"
    "                   paused INTEGER NOT NULL);"
    "CREATE TABLE runs (row INTEGER PRIMARY KEY, job_id TEXT NOT NULL, scheduled_us INTEGER,"
    "                   started_us INTEGER, ended_us INTEGER NULL, exit_code INTEGER, signal INTEGER,"
    "                   timed_out INTEGER, start_error TEXT, output BLOB);"
    "CREATE INDEX runs_by_job ON runs (job_id, row);",
    // 2: what the scheduler says of itself, for readers of the file (its zone, for `history`).
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
};
constexpr std::int64_t kSchemaVersion = std::size(kMigrations);
// Tables every schema version since 1 has: a file stamped ours without them was not made by us.
constexpr const char* kRequiredTables[] = {"jobs", "runs"};

std::string quoted(const std::string& path) { return std::string("'").append(path).append("'"); }

[[noreturn]] void fail_errno(const char* what, const std::string& path) {
  throw Error(std::string(what).append(" '").append(path).append("': ").append(std::strerror(errno)));
}

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens the state file read-write, creating it 0600 if it does not exist (it holds job output).
// An existing file's mode is its owner's business and is left alone.
UniqueFd open_or_create(const std::string& path) {
  for (int attempt = 0; attempt < 2; ++attempt) {  // a second attempt only if it appeared meanwhile
    if (int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC); fd >= 0) return UniqueFd(fd);
    if (errno != ENOENT) fail_errno("cannot open state file", path);
    if (int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) return UniqueFd(fd);
    if (errno != EEXIST) fail_errno("cannot create state file", path);
  }
  fail_errno("cannot open state file", path);
}

// The pid holding a flock on fd's file, from /proc/locks:
//   "3: FLOCK  ADVISORY  WRITE 4242 fe:01:1234567 0 EOF"   (device major:minor in hex, inode)
std::optional<long> flock_holder(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::nullopt;
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    char kind[16];
    long pid = 0;
    unsigned dev_major = 0, dev_minor = 0;
    unsigned long inode = 0;
    if (std::sscanf(line.c_str(), "%*d: %15s %*s %*s %ld %x:%x:%lu", kind, &pid, &dev_major, &dev_minor, &inode) == 5 &&
        std::strcmp(kind, "FLOCK") == 0 && dev_major == major(st.st_dev) && dev_minor == minor(st.st_dev) &&
        inode == st.st_ino)
      return pid;
  }
  return std::nullopt;
}

// Held until the store is destroyed. flock (not fcntl) because it is independent of SQLite's own
// POSIX locks on the file, and it belongs to this open file description (O_CLOEXEC: children
// the scheduler starts do not inherit it), so it goes away with the process, even on kill -9.
void lock_for_life(int fd, const std::string& path) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return;
  if (errno != EWOULDBLOCK) fail_errno("cannot lock state file", path);
  std::string message = std::string("state file ").append(quoted(path)).append(" is in use by another schedtool");
  if (const auto pid = flock_holder(fd)) message.append(" (pid ").append(std::to_string(*pid)).append(")");
  throw Error(message);
}

std::int64_t pragma_integer(Db& db, const char* sql) {
  Statement s(db, sql, Access::read);
  std::int64_t value = s.step() ? s.integer(0) : 0;
  while (s.step()) {
  }
  return value;
}

struct Identity {
  std::int64_t application_id = 0;
  std::int64_t user_version = 0;
  std::vector<std::string> tables;
};

// Reads only: a file that turns out not to be ours must be left exactly as it was.
Identity read_identity(Db& db) {
  Identity id;
  id.application_id = pragma_integer(db, "PRAGMA application_id");
  id.user_version = pragma_integer(db, "PRAGMA user_version");
  Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                       " ORDER BY name", Access::read);
  while (tables.step()) id.tables.push_back(tables.text(0));
  return id;
}

[[noreturn]] void not_ours(const std::string& path, const std::string& why) {
  throw Error(quoted(path).append(" is not a schedtool state file (").append(why).append("); it was left untouched"));
}

// The file's schema version (0: an empty database, to be created), or throws if it is not ours or
// is newer than this binary.
std::int64_t check_identity(const std::string& path, const Identity& id) {
  if (id.application_id == 0 && id.user_version == 0 && id.tables.empty()) return 0;
  if (id.application_id != kApplicationId) {
    if (id.application_id != 0) {
      char hex[32];
      std::snprintf(hex, sizeof hex, "0x%08llX", static_cast<unsigned long long>(id.application_id) & 0xffffffffULL);
      not_ours(path, std::string("its application_id is ").append(hex).append(", schedtool's is 0x53434844"));
    }
    std::string tables;
    for (const std::string& t : id.tables) tables.append(tables.empty() ? "" : ", ").append(t);
    not_ours(path, id.tables.empty() ? std::string("it has user_version ").append(std::to_string(id.user_version))
                                     : std::string("it holds other tables: ").append(tables));
  }
  if (id.user_version > kSchemaVersion)
    throw Error(quoted(path)
                    .append(" was written by a newer schedtool (schema ")
                    .append(std::to_string(id.user_version))
                    .append("; this one knows ")
                    .append(std::to_string(kSchemaVersion))
                    .append(")"));
  for (const char* table : kRequiredTables)
    if (std::find(id.tables.begin(), id.tables.end(), table) == id.tables.end() && id.user_version >= 1)
      not_ours(path, std::string("it is marked as one but has no table '").append(table).append("'"));
  return id.user_version;
}

void migrate(Db& db, std::int64_t from) {
  if (from == kSchemaVersion) return;
  db.exec("BEGIN IMMEDIATE", Access::write);
  try {
    for (std::int64_t v = from; v < kSchemaVersion; ++v) db.exec(kMigrations[v], Access::write);
    db.exec(std::string("PRAGMA application_id = ")
                .append(std::to_string(kApplicationId))
                .append("; PRAGMA user_version = ")
                .append(std::to_string(kSchemaVersion))
                .append("; COMMIT"),
            Access::write);
  } catch (const Error&) {
    if (!sqlite3_get_autocommit(db.get())) sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// Per-connection settings, once the file is known to be ours.
void configure_for_writing(Db& db) {
  // WAL + synchronous=NORMAL: a commit is durable once it is in the WAL file, so a process crash
  // (kill -9) loses nothing committed; a power loss or OS crash may lose the last few commits
  // (fsync happens at checkpoints) but cannot corrupt the file. And readers (`schedtool history`) never block the scheduler's writes.
  Statement wal(db, "PRAGMA journal_mode = WAL", Access::write);
  const bool in_wal = wal.step() && wal.text(0) == "wal";
  while (wal.step()) {
  }
  // Without WAL (a file system that cannot share memory) NORMAL could corrupt on power loss.
  db.exec(in_wal ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", Access::write);
  db.exec("PRAGMA foreign_keys = ON", Access::write);  // no foreign keys in schema 1; on for later ones
}

// Pages a crash of the disk (not of schedtool: WAL covers that) or a stray write damaged. One pass
// over the file, before the scheduler trusts it: quick_check skips the index cross-checks of
// integrity_check, so it costs about a sequential read (20 ms for 100,000 jobs and their history).
void check_integrity(Db& db) {
  Statement check(db, "PRAGMA quick_check(1)", Access::read);
  std::string verdict = check.step() ? check.text(0) : "no answer";
  // "*** in database main ***\nOn tree page 2 cell 0: …": one line for a one-line message.
  if (const auto header = verdict.find("***\n"); verdict.starts_with("***") && header != std::string::npos)
    verdict.erase(0, header + 4);
  while (check.step()) {
  }
  if (verdict != "ok") sqlite::throw_damaged(db.path(), verdict);
}

UniqueFd lock_state_file(const std::string& path) {
  UniqueFd fd = open_or_create(path);
  lock_for_life(fd.get(), path);
  return fd;
}

// A connection to a file that is known to be a schedtool state file at this binary's schema.
Db open_checked(const std::string& path, bool read_only) {
  if (read_only) {  // never create it: there is nothing to show
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) fail_errno("cannot open state file", path);
    if (S_ISDIR(st.st_mode)) errno = EISDIR, fail_errno("cannot open state file", path);  // SQLite: "disk I/O error"
  }
  Db db(path, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  // Short: another schedtool is locked out, and in WAL mode readers hold up a writer only while
  // they checkpoint or rebuild the WAL index. Past that, a write fails and the scheduler goes on.
  sqlite3_busy_timeout(db.get(), 1000);
  const std::int64_t version = check_identity(path, read_identity(db));
  if (read_only) {  // any schema since 1 has the history; a reader never migrates
    if (version == 0) throw Error(quoted(path).append(" holds no schedtool state yet"));
    return db;
  }
  check_integrity(db);
  configure_for_writing(db);
  migrate(db, version);
  return db;
}

std::int64_t micros(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t us) { return Instant(Duration(us)); }

// The last `limit` bytes: the end of a run's output says how it ended.
std::string_view tail(const std::string& output, std::size_t limit) {
  std::string_view v = output;
  if (v.size() > limit) v.remove_prefix(v.size() - limit);
  return v;
}

}  // namespace

namespace sqlite {

void throw_damaged(const std::string& path, const std::string& reason) {
  throw StateFileDamaged("state file '" + path + "' is damaged (SQLite: " + reason +
                         "); it was left untouched. Move it aside to start afresh (mv '" + path + "' '" + path +
                         ".damaged'), or run with --state-recover, which does that and says where it went");
}

}  // namespace sqlite

std::string move_aside(const std::string& path, Instant now) {
  const auto seconds = date::floor<std::chrono::seconds>(now);
  const std::string aside = path + ".damaged-" + date::format("%Y%m%dT%H%M%S", seconds);
  if (::rename(path.c_str(), aside.c_str()) != 0) fail_errno("cannot move the damaged state file", path);
  for (const char* suffix : {"-wal", "-shm"})  // SQLite's companions belong to the damaged file
    ::rename((path + suffix).c_str(), (aside + suffix).c_str());
  return aside;
}

struct SqliteStore::Impl {
  Impl(const std::string& path, StoreOptions opts)
      : options(opts), lock(opts.read_only ? UniqueFd() : lock_state_file(path)), db(open_checked(path, opts.read_only)) {}

  StoreOptions options;
  UniqueFd lock;  // declared before db so it closes after: closing any fd on the file drops SQLite's POSIX locks
  Db db;
  Statement begin{db, "BEGIN IMMEDIATE", Access::write};
  Statement commit{db, "COMMIT", Access::write};
  Statement rollback{db, "ROLLBACK", Access::write};
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
                       "INSERT INTO runs (job_id, scheduled_us, started_us, ended_us, exit_code, signal,"
                       " timed_out, start_error, output) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
#define SCHEDTOOL_RUN_COLUMNS \
  "SELECT job_id, scheduled_us, started_us, ended_us, exit_code, signal, timed_out, start_error, output FROM runs"
  Statement history_all{db, SCHEDTOOL_RUN_COLUMNS " ORDER BY row DESC LIMIT ?1", Access::read};
  Statement history_job{db, SCHEDTOOL_RUN_COLUMNS " WHERE job_id = ?1 ORDER BY row DESC LIMIT ?2", Access::read};
#undef SCHEDTOOL_RUN_COLUMNS
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

std::vector<RunRecord> SqliteStore::history(const std::string& job, std::size_t limit) {
  const auto n = static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX));
  Statement& s = job.empty() ? impl_->history_all.reset().bind(1, n)
                             : impl_->history_job.reset().bind(1, std::string_view(job)).bind(2, n);
  std::vector<RunRecord> runs;
  while (s.step()) runs.push_back(read_run(s));
  return runs;
}

}  // namespace schedtool
