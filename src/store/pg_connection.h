#pragma once
// A connection to PostgreSQL, for the postgresql job store (store/postgres_store.h).
//
// libpq is reached through schedtool-pg.so (store/pg/pg_module.h), opened with dlopen on the first
// connect: found beside the running binary, else in the install's library folder
// (BINDIR/../LIBDIR/schedtool). `ldd schedtool` never lists libpq, and commands that
// use no postgresql store never load it.
//
// Every statement goes through exec with text parameters ($1, $2, ...): SQL is never built from
// values. Results own libpq's memory (RAII). A failed statement throws PgError with its SQLSTATE;
// a broken connection is PgError with connection_lost set.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "base/error.h"

extern "C" {
struct pg_conn;
struct pg_result;
struct schedtool_pg_api;
}

namespace schedtool {

struct PgError : Error {
  PgError(std::string msg, std::string state, bool lost) : Error(std::move(msg)), sqlstate(std::move(state)), connection_lost(lost) {}
  std::string sqlstate;  // "23505" unique violation, "40001" serialization failure, ...
  bool connection_lost = false;
};

using PgParam = std::optional<std::string>;  // nullopt = SQL NULL

class PgResult {
 public:
  PgResult(const schedtool_pg_api* api, pg_result* result) : api_(api), result_(result) {}
  PgResult(PgResult&& other) noexcept : api_(other.api_), result_(std::exchange(other.result_, nullptr)) {}
  PgResult& operator=(PgResult&&) = delete;
  PgResult(const PgResult&) = delete;
  ~PgResult();

  int rows() const;
  bool null(int row, int column) const;
  std::string_view text(int row, int column) const;
  std::int64_t integer(int row, int column) const;  // throws PgError on a non-integer
  std::optional<std::int64_t> optional_integer(int row, int column) const;
  bool boolean(int row, int column) const;  // PostgreSQL's 't' / 'f'
  std::int64_t affected() const;            // rows an INSERT/UPDATE/DELETE touched

 private:
  const schedtool_pg_api* api_;
  pg_result* result_;
};

class PgConnection {
 public:
  // Throws Error when the module cannot be loaded, PgError when the server cannot be reached.
  static std::unique_ptr<PgConnection> connect(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  PgResult exec(const char* sql, const std::vector<PgParam>& params = {});
  // Runs `body` between BEGIN and COMMIT; a throw rolls back (when the connection still works).
  template <class Body>
  auto transaction(Body&& body) {
    exec("BEGIN");
    try {
      if constexpr (std::is_void_v<decltype(body())>) {
        body();
        exec("COMMIT");
      } else {
        auto result = body();
        exec("COMMIT");
        return result;
      }
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

  int socket() const;  // for LISTEN: watch it for reading, then call notifications()
  struct Notification {
    std::string channel, payload;
  };
  // What arrived on the socket; throws PgError(connection_lost) when the connection broke.
  std::vector<Notification> notifications();
  int server_version() const;
  bool ok() const;  // false once the connection broke (connect again)

 private:
  PgConnection(const schedtool_pg_api* api, pg_conn* conn) : api_(api), conn_(conn) {}
  void rollback_quietly() noexcept;
  const schedtool_pg_api* api_;
  pg_conn* conn_;
};

// Where schedtool-pg.so is looked for, in order.
std::vector<std::string> pg_module_candidates();

}  // namespace schedtool
