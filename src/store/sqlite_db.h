#pragma once
// Internal to src/store: the few pieces of SQLite's C API that SqliteStore uses, wrapped so that
// handles close themselves and every failure becomes an Error that names the state file.
//
//   Db         — one connection (sqlite3*), knows the path for messages.
//   Statement  — one prepared statement, prepared once and reused. step() rewinds it when it is done
//                or fails, so a finished read never keeps a WAL read transaction open.
//   Transaction — BEGIN IMMEDIATE … COMMIT; rolls back if it goes out of scope uncommitted.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace schedtool::sqlite {

enum class Access { read, write };

// "state file 'X' is damaged (SQLite: …)", with what the user can do about it (store/sqlite_store.h).
[[noreturn]] void throw_damaged(const std::string& path, const std::string& reason);

class Db {
 public:
  Db() = default;
  Db(const std::string& path, int flags) : path_(path) {
    const int rc = sqlite3_open_v2(path.c_str(), &handle_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = handle_ ? sqlite3_errmsg(handle_) : sqlite3_errstr(rc);
      sqlite3_close(handle_);
      handle_ = nullptr;
      throw Error(std::string("cannot open state file '").append(path).append("': ").append(message));
    }
  }
  Db(Db&& other) noexcept : handle_(other.handle_), path_(std::move(other.path_)) { other.handle_ = nullptr; }
  Db& operator=(Db&&) = delete;
  ~Db() { sqlite3_close(handle_); }  // every Statement is finalized first (declared after the Db)

  sqlite3* get() const { return handle_; }
  const std::string& path() const { return path_; }

  // "cannot write state file 'X': database or disk is full"; a file that is not SQLite at all
  // gets its own wording, since no retry will help and the user gave the wrong path.
  [[noreturn]] void fail(Access access) const {
    const char* reason = sqlite3_errmsg(handle_);
    if ((sqlite3_errcode(handle_) & 0xff) == SQLITE_CORRUPT) throw_damaged(path_, reason);
    if ((sqlite3_errcode(handle_) & 0xff) == SQLITE_NOTADB)
      throw Error(std::string("'").append(path_).append("' is not a SQLite database: ").append(reason));
    throw Error(std::string(access == Access::write ? "cannot write state file '" : "cannot read state file '")
                    .append(path_)
                    .append("': ")
                    .append(reason));
  }

  // Several statements, run once (schema migrations, per-connection pragmas).
  void exec(const std::string& sql, Access access) {
    if (sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(access);
  }

 private:
  sqlite3* handle_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Db& db, const char* sql, Access access) : db_(&db), access_(access) {
    if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
      db.fail(access);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Start a new use: forget the previous one's bindings.
  Statement& reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
  }
  Statement& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, i, v)); }
  Statement& bind(int i, std::optional<std::int64_t> v) {
    return v ? bind(i, *v) : check(sqlite3_bind_null(stmt_, i));
  }
  Statement& bind(int i, std::string_view text) {
    return check(sqlite3_bind_text64(stmt_, i, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  Statement& bind_blob(int i, std::string_view bytes) {
    return check(sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  }

  // true: a row is ready to read. false: done (and rewound). Throws on failure (and rewinds).
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    sqlite3_reset(stmt_);
    if (rc != SQLITE_DONE) db_->fail(access_);
    return false;
  }
  void run() {
    while (step()) {
    }
  }

  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<std::int64_t> optional_integer(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return integer(col);
  }
  std::string text(int col) const {  // TEXT or BLOB, bytes as stored
    const void* p = sqlite3_column_blob(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
  }

 private:
  Statement& check(int rc) {
    if (rc != SQLITE_OK) db_->fail(access_);
    return *this;
  }

  Db* db_;
  Access access_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Transaction {
 public:
  Transaction(Db& db, Statement& begin, Statement& commit, Statement& rollback)
      : db_(db), commit_(commit), rollback_(rollback) {
    begin.reset().run();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    commit_.reset().run();
    done_ = true;
  }
  ~Transaction() {
    // Some errors (SQLITE_FULL, SQLITE_IOERR) already rolled the transaction back.
    if (done_ || sqlite3_get_autocommit(db_.get())) return;
    try {
      rollback_.reset().run();
    } catch (const Error&) {  // nothing better to do in a destructor; the next BEGIN will say
    }
  }

 private:
  Db& db_;
  Statement& commit_;
  Statement& rollback_;
  bool done_ = false;
};

}  // namespace schedtool::sqlite
