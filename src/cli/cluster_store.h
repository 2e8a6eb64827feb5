#pragma once
// Opening a `postgresql` job store for `run` and `history` (store/postgres_store.h): the url from
// the file, or from the environment variable `url_env` names, and this instance's name.
#include <memory>
#include <string>

#include "config/config.h"
#include "store/postgres_store.h"

namespace schedtool {

// The instance name: `override` (run --instance), else the file's `instance`, else HOST:PID.
std::string instance_name(const StoreConfig& store, const std::string& override);

// Throws Error (exit 2) for an unset url_env variable or a store that cannot be opened.
std::unique_ptr<PostgresStore> open_cluster_store(const StoreConfig& store, const std::string& instance,
                                                  bool read_only);

}  // namespace schedtool
