#pragma once
// Files for the sqlite store's tests: a scratch directory, raw bytes, and plain SQLite access to
// make foreign or damaged files and to look inside ours.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "base/error.h"
#include "store/sqlite_store.h"

namespace schedtool::testing {

struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/schedtool-store-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const char* name) const { return std::string(path).append("/").append(name); }
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string quoted(const std::string& path) { return std::string("'").append(path).append("'"); }

// What open() throws, or "" if it opened.
inline std::string open_error(const std::string& path, StoreOptions options = {}) {
  try {
    SqliteStore::open(path, options);
  } catch (const Error& e) {
    return e.message;
  }
  return "";
}

// Runs SQL on a file through the plain SQLite API (to make foreign files and to look inside ours).
inline void sql(const std::string& path, const char* statements) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const int rc = sqlite3_exec(db, statements, nullptr, nullptr, nullptr);
  CHECK_MESSAGE(rc == SQLITE_OK, sqlite3_errmsg(db));
  sqlite3_close(db);
}

inline std::int64_t sql_integer(const std::string& path, const char* query) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, query, -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const std::int64_t value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

}  // namespace schedtool::testing
