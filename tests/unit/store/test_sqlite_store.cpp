// The sqlite job store: what it keeps (jobs, bounded history, output tails), the file it makes
// (0600, stamped as schedtool's), the lock that keeps a second scheduler out, and the files it
// refuses — always leaving them exactly as they were.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "base/error.h"
#include "store/sqlite_store.h"
#include "support/store_files.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;
using namespace testing;

const Instant kT0 = Instant(Duration(1'795'000'000'000'000));  // 2026-11-18, microseconds

RunRecord run_of(const std::string& job, int n) {
  RunRecord r;
  r.job_id = job;
  r.scheduled = kT0 + std::chrono::minutes(n);
  r.started = r.scheduled + 3ms;
  return r;
}

RunRecord ended(RunRecord r, int exit_code, std::string output = {}) {
  r.ended = r.started + 1500ms;
  r.outcome.exit_code = exit_code;
  r.output = std::move(output);
  return r;
}

TEST_CASE("sqlite store: jobs round trip through upsert, update and remove") {
  TempDir dir;
  const std::string path = dir.file("state.db");
  {
    auto store = SqliteStore::open(path, {});
    CHECK(store->load_jobs().empty());
    store->save_job("backup", {"fp-1", kT0 + 5min, false});
    store->save_job("report", {"fp-2", std::nullopt, true});
    store->save_job("gone", {"fp-3", kT0, false});
    store->save_job("backup", {"fp-1b", kT0 + 10min, false});  // update in place
    store->remove_job("gone");
    store->remove_job("never-there");  // not an error
  }
  auto store = SqliteStore::open(path, {});  // and it survives a reopen
  const auto jobs = store->load_jobs();
  REQUIRE(jobs.size() == 2);
  CHECK(jobs.at("backup").fingerprint == "fp-1b");
  CHECK(jobs.at("backup").next_run == kT0 + 10min);
  CHECK_FALSE(jobs.at("backup").paused);
  CHECK(jobs.at("report").fingerprint == "fp-2");
  CHECK_FALSE(jobs.at("report").next_run.has_value());
  CHECK(jobs.at("report").paused);
}

TEST_CASE("sqlite store: pending retries and run attempts survive a reopen (schema 4)") {
  TempDir dir;
  const std::string path = dir.file("state.db");
  {
    auto store = SqliteStore::open(path, {});
    CHECK(store->load_retries().empty());
    store->save_retry({"backup", kT0, 2, kT0 + 10s});
    store->save_retry({"backup", kT0, 3, kT0 + 30s});  // the same run time: replaced
    store->save_retry({"backup", kT0 + 1h, 2, kT0 + 1h + 10s});
    store->save_retry({"report", kT0, 2, kT0 + 5s});
    store->remove_retry("report", kT0);
    store->remove_retry("never-there", kT0);  // not an error
    RunRecord run;
    run.job_id = "backup";
    run.scheduled = run.started = kT0;
    run.attempt = 2;
    run.attempts = 4;
    store->run_started(run);
  }
  auto store = SqliteStore::open(path, {});
  const auto retries = store->load_retries();  // in due order
  REQUIRE(retries.size() == 2);
  CHECK(retries[0].job_id == "backup");
  CHECK(retries[0].scheduled == kT0);
  CHECK(retries[0].attempt == 3);
  CHECK(retries[0].due == kT0 + 30s);
  CHECK(retries[1].scheduled == kT0 + 1h);
  const auto runs = store->history("backup", 10);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].attempt == 2);
  CHECK(runs[0].attempts == 4);
}

TEST_CASE("sqlite store: history is newest first, per job or all, and trimmed to history_limit") {
  TempDir dir;
  StoreOptions options;
  options.history_limit = 3;
  auto store = SqliteStore::open(dir.file("state.db"), options);
  for (int i = 0; i < 5; ++i) {
    const std::int64_t a = store->run_started(run_of("a", i));
    CHECK(a > 0);
    store->run_ended(a, ended(run_of("a", i), i));
    if (i < 2) store->run_ended(store->run_started(run_of("b", i)), ended(run_of("b", i), 0));
  }
  const std::int64_t running = store->run_started(run_of("b", 9));

  const auto a = store->history("a", 100);
  REQUIRE(a.size() == 3);  // the two oldest were trimmed
  CHECK(a[0].scheduled == kT0 + 4min);
  CHECK(a[1].scheduled == kT0 + 3min);
  CHECK(a[2].scheduled == kT0 + 2min);
  CHECK(a[0].outcome.exit_code == 4);
  CHECK(a[0].started == kT0 + 4min + 3ms);
  CHECK(a[0].ended == kT0 + 4min + 1503ms);

  const auto b = store->history("b", 100);
  REQUIRE(b.size() == 3);  // trimming "a" never touched "b"
  CHECK(b[0].scheduled == kT0 + 9min);
  CHECK_FALSE(b[0].ended.has_value());  // still running (or interrupted by a crash)

  const auto all = store->history("", 4);
  REQUIRE(all.size() == 4);
  CHECK(all[0].job_id == "b");
  CHECK(all[1].job_id == "a");
  CHECK(all[1].scheduled == kT0 + 4min);
  CHECK(store->history("a", 1).size() == 1);
  CHECK(store->history("nobody", 10).empty());

  SUBCASE("a failed run keeps its outcome") {
    RunRecord r = run_of("b", 9);
    r.ended = r.started + 10s;
    r.outcome.signal = 9;
    r.outcome.timed_out = true;
    r.outcome.start_error = "no such file";
    store->run_ended(running, r);
    const RunRecord got = store->history("b", 1).at(0);
    CHECK(got.outcome.signal == 9);
    CHECK(got.outcome.timed_out);
    CHECK(got.outcome.start_error == "no such file");
    CHECK(got.ended == r.started + 10s);
  }
  SUBCASE("removing a job keeps its history") {
    store->save_job("a", {"fp", kT0, false});
    store->remove_job("a");
    CHECK(store->history("a", 100).size() == 3);
  }
}

TEST_CASE("sqlite store: output keeps the last output_limit bytes, binary-safe") {
  TempDir dir;
  StoreOptions options;
  options.output_limit = 10;
  auto store = SqliteStore::open(dir.file("state.db"), options);
  const std::int64_t row = store->run_started(run_of("a", 0));
  store->run_ended(row, ended(run_of("a", 0), 0, std::string("0123456789ABC\0EF", 16)));
  CHECK(store->history("a", 1).at(0).output == std::string("6789ABC\0EF", 10));

  const std::int64_t short_row = store->run_started(run_of("a", 1));
  store->run_ended(short_row, ended(run_of("a", 1), 0, "ok\n"));
  CHECK(store->history("a", 1).at(0).output == "ok\n");
}

TEST_CASE("sqlite store: a new state file is private (0600) and stamped as schedtool's") {
  TempDir dir;
  const std::string path = dir.file("state.db");
  const mode_t old_umask = ::umask(0);  // the mode must not depend on a permissive umask
  SqliteStore::open(path, {});
  ::umask(old_umask);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  CHECK(sql_integer(path, "PRAGMA application_id") == 0x53434844);
  CHECK(sql_integer(path, "PRAGMA user_version") == 4);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) == "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);

  SUBCASE("an existing file's mode is left alone") {
    REQUIRE(::chmod(path.c_str(), 0640) == 0);
    SqliteStore::open(path, {});
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
  }
}

TEST_CASE("sqlite store: a second store on the same file is refused while the first lives") {
  TempDir dir;
  const std::string path = dir.file("state.db");
  auto first = SqliteStore::open(path, {});
  first->save_job("a", {"fp", kT0, false});
  // flock belongs to the open file description, so a second open() in this process conflicts
  // exactly as another scheduler process would.
  CHECK(open_error(path) == std::string("state file ")
                                .append(quoted(path))
                                .append(" is in use by another schedtool (pid ")
                                .append(std::to_string(::getpid()))
                                .append(")"));
  first->save_job("b", {"fp", kT0, false});  // the refused open did not disturb the first
  CHECK(first->load_jobs().size() == 2);

  SUBCASE("a read-only store reads beside it (schedtool history)") {
    StoreOptions read_only;
    read_only.read_only = true;
    auto reader = SqliteStore::open(path, read_only);
    CHECK(reader->load_jobs().size() == 2);
    CHECK(open_error(dir.file("missing.db"), read_only) ==
          std::string("cannot open state file ").append(quoted(dir.file("missing.db"))).append(": No such file or directory"));
    CHECK_FALSE(std::filesystem::exists(dir.file("missing.db")));
  }
  SUBCASE("once it is closed, the file opens again with its data") {
    first.reset();
    StoreOptions read_only;
    read_only.read_only = true;
    CHECK(SqliteStore::open(path, read_only)->load_jobs().size() == 2);
    auto again = SqliteStore::open(path, {});
    CHECK(again->load_jobs().size() == 2);
  }
}

TEST_CASE("sqlite store: a killed process loses no committed change and leaves no lock behind") {
  TempDir dir;
  const std::string path = dir.file("state.db");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // no destructor runs: the store is neither closed nor checkpointed
    auto store = SqliteStore::open(path, {}).release();
    store->save_job("a", {"fp", kT0 + 1min, false});
    store->run_ended(store->run_started(run_of("a", 0)), ended(run_of("a", 0), 0, "done\n"));
    ::raise(SIGKILL);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  auto store = SqliteStore::open(path, {});
  CHECK(store->load_jobs().at("a").next_run == kT0 + 1min);
  CHECK(store->history("a", 1).at(0).output == "done\n");
}

TEST_CASE("sqlite store: a SQLite file of some other program is refused and left unchanged") {
  TempDir dir;
  const std::string path = dir.file("other.db");
  std::string expected;
  SUBCASE("other tables") {
    sql(path, "CREATE TABLE accounts (id INTEGER); CREATE TABLE jobs (x); INSERT INTO accounts VALUES (1);");
    expected = quoted(path).append(" is not a schedtool state file (it holds other tables: accounts, jobs); it was left untouched");
  }
  SUBCASE("another application_id, no tables") {
    sql(path, "PRAGMA application_id = 305419896;");  // 0x12345678
    expected = quoted(path).append(
        " is not a schedtool state file (its application_id is 0x12345678, schedtool's is 0x53434844); it was left untouched");
  }
  SUBCASE("our application_id but not our tables") {
    sql(path, "PRAGMA application_id = 1396918340; PRAGMA user_version = 1; CREATE TABLE runs (x);");
    expected = quoted(path).append(" is not a schedtool state file (it is marked as one but has no table 'jobs'); it was left untouched");
  }
  const std::string before = read_bytes(path);
  REQUIRE_FALSE(before.empty());
  CHECK(open_error(path) == expected);
  CHECK(read_bytes(path) == before);
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST_CASE("sqlite store: a file that is not SQLite at all is refused and left byte-identical") {
  TempDir dir;
  const std::string path = dir.file("notes.txt");
  std::string junk;
  for (int i = 0; i < 100; ++i) junk.append("not a database at all, really");
  std::ofstream(path, std::ios::binary) << junk;
  CHECK(open_error(path) == quoted(path).append(" is not a SQLite database: file is not a database"));
  CHECK(read_bytes(path) == junk);
}

TEST_CASE("sqlite store: schema versions (newer refused, older migrated)") {
  TempDir dir;
  const std::string path = dir.file("state.db");
  SUBCASE("a file from a newer schedtool is refused and untouched") {
    SqliteStore::open(path, {})->save_job("a", {"fp", kT0, false});
    sql(path, "PRAGMA user_version = 7;");
    const std::string before = read_bytes(path);
    CHECK(open_error(path) == quoted(path).append(" was written by a newer schedtool (schema 7; this one knows 4)"));
    CHECK(read_bytes(path) == before);
  }
  SUBCASE("an older file (schema 0: stamped, never filled) is migrated forward") {
    sql(path, "PRAGMA application_id = 1396918340;");
    SqliteStore::open(path, {})->save_job("a", {"fp", kT0, false});
    CHECK(sql_integer(path, "PRAGMA user_version") == 4);
    CHECK(sql_integer(path, "SELECT count(*) FROM jobs") == 1);
  }
  SUBCASE("an empty file is a new state file") {
    std::ofstream(path, std::ios::binary).flush();
    SqliteStore::open(path, {});
    CHECK(sql_integer(path, "PRAGMA application_id") == 0x53434844);
  }
}

TEST_CASE("sqlite store: failed writes throw an Error naming the file and SQLite's reason") {
  TempDir dir;
  const std::string path = dir.file("state.db");
  SqliteStore::open(path, {})->save_job("a", {"fp", kT0, false});
  const std::string prefix = std::string("cannot write state file ").append(quoted(path)).append(": ");

  SUBCASE("a store opened read-only") {
    StoreOptions read_only;
    read_only.read_only = true;
    auto store = SqliteStore::open(path, read_only);
    try {
      store->save_job("b", {"fp", kT0, false});
      FAIL("save_job succeeded on a read-only store");
    } catch (const Error& e) {
      CHECK(e.message == prefix + "attempt to write a readonly database");
    }
    CHECK(store->load_jobs().size() == 1);  // reading still works
  }
  SUBCASE("the file grows past what the system allows (as on a full disk)") {
    // RLIMIT_FSIZE binds root too, unlike file permissions, so this runs everywhere.
    StoreOptions options;
    options.output_limit = 4 << 20;
    auto store = SqliteStore::open(path, options);
    const std::int64_t row = store->run_started(run_of("a", 0));
    rlimit old_limit{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit tight = old_limit;
    tight.rlim_cur = static_cast<rlim_t>(std::filesystem::file_size(path + "-wal") + 64 * 1024);
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &tight) == 0);
    std::string message;
    try {
      store->run_ended(row, ended(run_of("a", 0), 0, std::string(2 << 20, 'x')));
    } catch (const Error& e) {
      message = e.message;
    }
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    std::signal(SIGXFSZ, old_handler);
    CHECK(message == prefix + "disk I/O error");  // write() failed with EFBIG
    // The scheduler keeps going; once there is room again, writes work and nothing was lost.
    store->save_job("b", {"fp", kT0, false});
    CHECK(store->load_jobs().size() == 2);
    CHECK_FALSE(store->history("a", 1).at(0).ended.has_value());
  }
  SUBCASE("a state file without write permission") {
    if (::geteuid() == 0) {
      MESSAGE("skipped: root ignores file permissions (the read-only and size-limit cases cover the error path)");
      return;
    }
    REQUIRE(::chmod(path.c_str(), 0400) == 0);
    CHECK(open_error(path) == std::string("cannot open state file ").append(quoted(path)).append(": Permission denied"));
  }
  SUBCASE("a directory that does not exist") {
    const std::string missing = dir.file("no/state.db");
    CHECK(open_error(missing) ==
          std::string("cannot create state file ").append(quoted(missing)).append(": No such file or directory"));
  }
}

}  // namespace
}  // namespace schedtool
