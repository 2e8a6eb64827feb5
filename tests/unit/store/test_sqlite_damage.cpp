// The sqlite store and files that are ours but not whole: a damaged file is refused and left as it
// was (issue #17: a damaged file used to be taken, the run going on from memory), move_aside is
// what --state-recover does; and schema 2's settings, which an older file's reader lacks.
#include <doctest/doctest.h>

#include <string>

#include "support/store_files.h"

namespace schedtool {
namespace {

using namespace testing;

const Instant kT0 = Instant(Duration(1'795'000'000'000'000));  // 2026-11-18 11:06:40 UTC, microseconds

// A state file with some history, then `damage` applied to its bytes.
template <class Damage>
std::string damaged_file(const TempDir& dir, Damage damage) {
  const std::string path = dir.file("state.db");
  {
    const auto store = SqliteStore::open(path, {});
    for (int i = 0; i < 200; ++i) store->save_job("job-" + std::to_string(i), {std::string(200, 'f'), kT0, false});
  }
  std::string bytes = read_bytes(path);
  REQUIRE(bytes.size() > 3 * 4096);
  damage(bytes);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

std::string damage_error(const std::string& path) {
  try {
    SqliteStore::open(path, {});
  } catch (const StateFileDamaged& e) {
    return e.message;
  }
  return "not refused as damaged";
}

TEST_CASE("sqlite store: a damaged state file is refused, untouched, with what to do") {
  TempDir dir;
  SUBCASE("corrupted pages behind an intact header") {
    const std::string path = damaged_file(dir, [](std::string& b) {
      for (std::size_t i = 4096 + 100; i < 3 * 4096; ++i) b[i] = 'Z';
    });
    const std::string before = read_bytes(path);
    const std::string message = damage_error(path);
    CHECK(message.starts_with("state file '" + path + "' is damaged (SQLite: "));
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.ends_with("); it was left untouched. Move it aside to start afresh (mv '" + path + "' '" + path +
                            ".damaged'), or run with --state-recover, which does that and says where it went"));
    CHECK(read_bytes(path) == before);
  }
  SUBCASE("a truncated file: the same refusal") {
    const std::string path = damaged_file(dir, [](std::string& b) { b.resize(4096 + 50); });
    const std::string before = read_bytes(path);
    CHECK(damage_error(path).starts_with("state file '" + path + "' is damaged (SQLite: "));
    CHECK(read_bytes(path) == before);
  }
}

TEST_CASE("sqlite store: move_aside renames a damaged file so a new one can start") {
  TempDir dir;
  const std::string path = damaged_file(dir, [](std::string& b) { b.resize(4096 + 50); });
  const std::string before = read_bytes(path);
  const std::string aside = move_aside(path, kT0);
  CHECK(aside == path + ".damaged-20261118T110640");
  CHECK(read_bytes(aside) == before);
  CHECK(SqliteStore::open(path, {})->load_jobs().empty());
}

TEST_CASE("sqlite store: settings (schema 2), and a reader of a schema 1 file") {
  TempDir dir;
  const std::string path = dir.file("state.db");
  SUBCASE("a setting is kept and replaced") {
    {
      const auto store = SqliteStore::open(path, {});
      CHECK_FALSE(store->setting("timezone"));
      store->save_setting("timezone", "Europe/Berlin");
      store->save_setting("timezone", "Asia/Tokyo");
    }
    StoreOptions read_only;
    read_only.read_only = true;
    CHECK(SqliteStore::open(path, read_only)->setting("timezone") == "Asia/Tokyo");
  }
  SUBCASE("a schema 1 file: readable without migrating, and migrated by a writer") {
    sql(path,
        "PRAGMA application_id = 1396918340; PRAGMA user_version = 1;"
        "CREATE TABLE jobs (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, next_run_us INTEGER NULL, paused INTEGER NOT NULL);"
        "CREATE TABLE runs (row INTEGER PRIMARY KEY, job_id TEXT NOT NULL, scheduled_us INTEGER, started_us INTEGER,"
        " ended_us INTEGER NULL, exit_code INTEGER, signal INTEGER, timed_out INTEGER, start_error TEXT, output BLOB);"
        "CREATE INDEX runs_by_job ON runs (job_id, row);"
        "INSERT INTO runs VALUES (1, 'a', 1, 2, 3, 0, 0, 0, '', 'hi');");
    StoreOptions read_only;
    read_only.read_only = true;
    {
      const auto reader = SqliteStore::open(path, read_only);
      const auto runs = reader->history("", 10);
      REQUIRE(runs.size() == 1);
      CHECK(runs[0].attempt == 1);  // before schema 4 every run was its only attempt
      CHECK(runs[0].attempts == 1);
      CHECK_FALSE(reader->setting("timezone"));
    }
    CHECK(sql_integer(path, "PRAGMA user_version") == 1);
    SqliteStore::open(path, {})->save_setting("timezone", "UTC");
    CHECK(sql_integer(path, "PRAGMA user_version") == 4);
    CHECK(sql_integer(path, "SELECT count(*) FROM runs") == 1);
    CHECK(sql_integer(path, "SELECT attempts FROM runs") == 1);
  }
}

}  // namespace
}  // namespace schedtool
