#include "store/pg_connection.h"

#include <dlfcn.h>
#include <unistd.h>

#include <charconv>
#include <climits>
#include <mutex>

#include "store/pg/pg_module.h"

#ifndef SCHEDTOOL_PG_MODULE_RELDIR
#define SCHEDTOOL_PG_MODULE_RELDIR "../lib/schedtool"
#endif

namespace schedtool {
namespace {

constexpr const char* kModuleName = "schedtool-pg.so";

std::string own_directory() {
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return "";
  const std::string exe(path, static_cast<std::size_t>(n));
  return exe.substr(0, exe.rfind('/'));
}

// Opened once per process, and never closed: libpq keeps threads-safe state of its own.
const schedtool_pg_api* load_module() {
  static std::once_flag once;
  static const schedtool_pg_api* api = nullptr;
  static std::string failure;
  std::call_once(once, [] {
    std::string tried;
    for (const std::string& path : pg_module_candidates()) {
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        if (access(path.c_str(), F_OK) == 0) {  // there, but libpq (or a library of it) is missing
          failure = "cannot load " + path + ": " + dlerror() + " (install libpq5)";
          return;
        }
        tried += (tried.empty() ? "" : ", ") + path;
        continue;
      }
      const auto entry = reinterpret_cast<schedtool_pg_entry>(dlsym(handle, SCHEDTOOL_PG_ENTRY));
      const schedtool_pg_api* found = entry ? entry() : nullptr;
      if (!found || found->abi != SCHEDTOOL_PG_ABI) {
        failure = path + " is not the module of this schedtool (reinstall schedtool)";
        return;
      }
      api = found;
      return;
    }
    failure = "the postgresql job store needs " + std::string(kModuleName) + ", which is not installed (looked in " +
              tried + ")";
  });
  if (!api) throw Error(failure);
  return api;
}

std::string trimmed(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::vector<std::string> pg_module_candidates() {
  std::vector<std::string> out;
  const std::string dir = own_directory();
  if (dir.empty()) return out;
  out.push_back(dir + "/" + kModuleName);  // a build folder
  // installed: BINDIR/schedtool and LIBDIR/schedtool/schedtool-pg.so under one prefix, whichever it is
  out.push_back(dir + "/" SCHEDTOOL_PG_MODULE_RELDIR "/" + kModuleName);
  return out;
}

PgResult::~PgResult() {
  if (result_) api_->clear(result_);
}

int PgResult::rows() const { return api_->rows(result_); }
bool PgResult::null(int row, int column) const { return api_->is_null(result_, row, column) != 0; }

std::string_view PgResult::text(int row, int column) const {
  return {api_->value(result_, row, column), static_cast<std::size_t>(api_->length(result_, row, column))};
}

std::int64_t PgResult::integer(int row, int column) const {
  const std::string_view t = text(row, column);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc{} || end != t.data() + t.size())
    throw PgError("the database returned '" + std::string(t) + "' where a number was expected", "", false);
  return value;
}

std::optional<std::int64_t> PgResult::optional_integer(int row, int column) const {
  if (null(row, column)) return std::nullopt;
  return integer(row, column);
}

bool PgResult::boolean(int row, int column) const { return text(row, column) == "t"; }

std::int64_t PgResult::affected() const {
  const char* text = api_->affected(result_);
  return text && *text ? std::strtoll(text, nullptr, 10) : 0;
}

std::unique_ptr<PgConnection> PgConnection::connect(const std::string& conninfo) {
  const schedtool_pg_api* api = load_module();
  pg_conn* conn = api->connect(conninfo.c_str());
  if (!conn) throw PgError("cannot connect to PostgreSQL: out of memory", "", true);
  if (api->status(conn) != SCHEDTOOL_PG_OK) {
    std::string message = "cannot connect to PostgreSQL: " + trimmed(api->error_message(conn));
    api->finish(conn);
    throw PgError(std::move(message), "", true);
  }
  return std::unique_ptr<PgConnection>(new PgConnection(api, conn));
}

PgConnection::~PgConnection() { api_->finish(conn_); }

PgResult PgConnection::exec(const char* sql, const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) values.push_back(p ? p->c_str() : nullptr);
  pg_result* raw = api_->exec(conn_, sql, static_cast<int>(values.size()), values.data());
  PgResult result(api_, raw);
  if (raw && api_->result_kind(raw) != SCHEDTOOL_PG_ERROR) return result;
  const bool lost = api_->status(conn_) != SCHEDTOOL_PG_OK;
  std::string message = trimmed(raw ? api_->result_error(raw) : api_->error_message(conn_));
  if (message.empty()) message = trimmed(api_->error_message(conn_));
  throw PgError((lost ? "lost the connection to PostgreSQL: " : "PostgreSQL: ") + message,
                raw ? api_->result_sqlstate(raw) : "", lost);
}

void PgConnection::rollback_quietly() noexcept {
  try {
    if (api_->status(conn_) == SCHEDTOOL_PG_OK) exec("ROLLBACK");
  } catch (...) {
  }
}

int PgConnection::socket() const { return api_->socket(conn_); }
bool PgConnection::ok() const { return api_->status(conn_) == SCHEDTOOL_PG_OK; }
int PgConnection::server_version() const { return api_->server_version(conn_); }

std::vector<PgConnection::Notification> PgConnection::notifications() {
  if (!api_->consume_input(conn_)) throw PgError("lost the connection to PostgreSQL: " + trimmed(api_->error_message(conn_)), "", true);
  std::vector<Notification> out;
  char channel[64], payload[8000];
  while (api_->next_notification(conn_, channel, sizeof channel, payload, sizeof payload)) out.push_back({channel, payload});
  return out;
}

}  // namespace schedtool
