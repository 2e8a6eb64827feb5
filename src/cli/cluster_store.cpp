#include "cli/cluster_store.h"

#include <unistd.h>

#include <cstdlib>

#include "base/error.h"
#include "store/pg_connection.h"

namespace schedtool {

std::string instance_name(const StoreConfig& store, const std::string& override) {
  if (!override.empty()) return override;
  if (!store.instance.empty()) return store.instance;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(*host ? host : "localhost") + ":" + std::to_string(getpid());
}

std::unique_ptr<PostgresStore> open_cluster_store(const StoreConfig& store, const std::string& instance,
                                                  bool read_only) {
  PostgresOptions options;
  options.conninfo = store.url;
  if (!store.url_env.empty()) {
    const char* value = std::getenv(store.url_env.c_str());
    if (!value) throw Error("the postgresql job store's url_env names $" + store.url_env + ", which is not set");
    options.conninfo = value;
  }
  options.instance = instance;
  options.lease = store.lease;
  options.history_limit = store.history_limit;
  options.output_limit = store.output_limit;
  options.read_only = read_only;
  try {
    return PostgresStore::open(options);
  } catch (const PgError& e) {
    throw Error("the postgresql job store: " + e.message);
  }
}

}  // namespace schedtool
