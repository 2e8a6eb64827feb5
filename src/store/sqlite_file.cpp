#include "store/sqlite_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "store/sqlite_store.h"

namespace schedtool {
namespace {

using sqlite::Access;
using sqlite::Db;
using sqlite::Statement;

constexpr std::int64_t kApplicationId = 0x53434844;  // "SCHD"

// Schema migrations: entry i brings a file from user_version i to i + 1, inside one transaction
// that also stamps application_id and user_version. A new file runs them all. Adding schema 3 is
// one more entry here (and the statements in sqlite_store.cpp that use it).
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
    // 3: jobs added or changed at run time (ctl add / modify / reschedule): their TOML tables.
    "CREATE TABLE runtime_jobs (id TEXT PRIMARY KEY, definition TEXT NOT NULL, base_fingerprint TEXT NOT NULL,"
    "                           changed_us INTEGER NOT NULL);",
    // 4: retries (issue 14): each run's attempt of how many, and the failed runs waiting for theirs.
    "ALTER TABLE runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;"
    "CREATE TABLE retries (job_id TEXT NOT NULL, scheduled_us INTEGER NOT NULL, attempt INTEGER NOT NULL,"
    "                      due_us INTEGER NOT NULL, PRIMARY KEY (job_id, scheduled_us));",
};
constexpr std::int64_t kSchemaVersion = std::size(kMigrations);
// Tables every schema version since 1 has: a file stamped ours without them was not made by us.
constexpr const char* kRequiredTables[] = {"jobs", "runs"};

std::string quoted(const std::string& path) { return std::string("'").append(path).append("'"); }

[[noreturn]] void fail_errno(const char* what, const std::string& path) {
  throw Error(std::string(what).append(" '").append(path).append("': ").append(std::strerror(errno)));
}


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

}  // namespace

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

}  // namespace schedtool
