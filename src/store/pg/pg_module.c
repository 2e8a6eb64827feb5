/* schedtool-pg.so: libpq behind the C table of pg_module.h. Each function is a direct call; the
 * wrappers exist only to give libpq's enums and structs the table's plain types. */
#include "pg_module.h"

#include <libpq-fe.h>
#include <string.h>

/* The server's NOTICEs ("relation ... already exists, skipping") are not for schedtool's users. */
static void ignore_notice(void* arg, const char* message) {
  (void)arg;
  (void)message;
}

static struct pg_conn* connect_(const char* conninfo) {
  PGconn* conn = PQconnectdb(conninfo);
  if (conn) PQsetNoticeProcessor(conn, ignore_notice, NULL);
  return conn;
}
static int status_(const struct pg_conn* c) { return PQstatus(c) == CONNECTION_OK ? SCHEDTOOL_PG_OK : SCHEDTOOL_PG_BAD; }
static const char* error_message_(const struct pg_conn* c) { return PQerrorMessage(c); }
static void finish_(struct pg_conn* c) { PQfinish(c); }
static int socket_(const struct pg_conn* c) { return PQsocket(c); }
static int server_version_(const struct pg_conn* c) { return PQserverVersion(c); }

static struct pg_result* exec_(struct pg_conn* c, const char* sql, int n, const char* const* values) {
  return PQexecParams(c, sql, n, NULL, values, NULL, NULL, 0);
}

static int result_kind_(const struct pg_result* r) {
  switch (PQresultStatus(r)) {
    case PGRES_COMMAND_OK: return SCHEDTOOL_PG_COMMAND_OK;
    case PGRES_TUPLES_OK: return SCHEDTOOL_PG_TUPLES_OK;
    default: return SCHEDTOOL_PG_ERROR;
  }
}

static const char* result_error_(const struct pg_result* r) { return r ? PQresultErrorMessage(r) : ""; }
static const char* result_sqlstate_(const struct pg_result* r) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  return state ? state : "";
}
static int rows_(const struct pg_result* r) { return PQntuples(r); }
static int is_null_(const struct pg_result* r, int row, int column) { return PQgetisnull(r, row, column); }
static const char* value_(const struct pg_result* r, int row, int column) { return PQgetvalue(r, row, column); }
static int length_(const struct pg_result* r, int row, int column) { return PQgetlength(r, row, column); }
static const char* affected_(struct pg_result* r) { return PQcmdTuples(r); }
static void clear_(struct pg_result* r) { PQclear(r); }
static int consume_input_(struct pg_conn* c) { return PQconsumeInput(c); }

/* Copies (truncating) so that the caller never frees libpq's memory. */
static void copy_text(char* to, int size, const char* from) {
  if (size <= 0) return;
  size_t n = from ? strlen(from) : 0;
  if (n >= (size_t)size) n = (size_t)size - 1;
  if (n) memcpy(to, from, n);
  to[n] = '\0';
}

static int next_notification_(struct pg_conn* c, char* channel, int channel_size, char* payload, int payload_size) {
  PGnotify* notify = PQnotifies(c);
  if (!notify) return 0;
  copy_text(channel, channel_size, notify->relname);
  copy_text(payload, payload_size, notify->extra);
  PQfreemem(notify);
  return 1;
}

static const struct schedtool_pg_api api = {
    SCHEDTOOL_PG_ABI, connect_,  status_,      error_message_, finish_,  socket_,  server_version_,
    exec_,            result_kind_, result_error_, result_sqlstate_, rows_, is_null_, value_,
    length_,          affected_, clear_,       consume_input_, next_notification_,
};

__attribute__((visibility("default"))) const struct schedtool_pg_api* schedtool_pg_module(void) { return &api; }
