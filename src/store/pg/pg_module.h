/* The C table through which schedtool reaches libpq (store/pg_connection.h is its only user).
 *
 * libpq and the 25 libraries it pulls in cost a process about five times its start-up, so the
 * binary does not link it: schedtool-pg.so (pg_module.c, the only code linked with libpq) is
 * opened with dlopen when a postgresql job store is configured, and hands back this table.
 * Plain C at the boundary: the module and the binary share no C++ runtime, no exceptions, no
 * allocator; strings that libpq returns stay owned by libpq's objects. */
#ifndef SCHEDTOOL_PG_MODULE_H
#define SCHEDTOOL_PG_MODULE_H

#ifdef __cplusplus
extern "C" {
#endif

struct pg_conn;   /* libpq's PGconn */
struct pg_result; /* libpq's PGresult */

#define SCHEDTOOL_PG_ABI 1
#define SCHEDTOOL_PG_ENTRY "schedtool_pg_module"

enum schedtool_pg_status { SCHEDTOOL_PG_OK = 0, SCHEDTOOL_PG_BAD = 1 };
/* what a result is */
enum schedtool_pg_result_kind { SCHEDTOOL_PG_COMMAND_OK = 0, SCHEDTOOL_PG_TUPLES_OK = 1, SCHEDTOOL_PG_ERROR = 2 };

struct schedtool_pg_api {
  int abi; /* SCHEDTOOL_PG_ABI */
  struct pg_conn* (*connect)(const char* conninfo);   /* never NULL (libpq: out of memory aside) */
  int (*status)(const struct pg_conn* conn);           /* schedtool_pg_status */
  const char* (*error_message)(const struct pg_conn* conn);
  void (*finish)(struct pg_conn* conn);
  int (*socket)(const struct pg_conn* conn);
  int (*server_version)(const struct pg_conn* conn);
  /* PQexecParams with text parameters and text results; values[i] NULL = SQL NULL. */
  struct pg_result* (*exec)(struct pg_conn* conn, const char* sql, int n, const char* const* values);
  int (*result_kind)(const struct pg_result* result); /* schedtool_pg_result_kind */
  const char* (*result_error)(const struct pg_result* result);
  const char* (*result_sqlstate)(const struct pg_result* result); /* "" when none */
  int (*rows)(const struct pg_result* result);
  int (*is_null)(const struct pg_result* result, int row, int column);
  const char* (*value)(const struct pg_result* result, int row, int column);
  int (*length)(const struct pg_result* result, int row, int column);
  const char* (*affected)(struct pg_result* result); /* PQcmdTuples: "" or a number */
  void (*clear)(struct pg_result* result);
  /* LISTEN: reads what the socket has (0: the connection broke), then hands out one notification at a time. */
  int (*consume_input)(struct pg_conn* conn);
  int (*next_notification)(struct pg_conn* conn, char* channel, int channel_size, char* payload, int payload_size);
};

typedef const struct schedtool_pg_api* (*schedtool_pg_entry)(void);

#ifdef __cplusplus
}
#endif
#endif
