#pragma once
// [jobstores.default], as StoreConfig (config/config.h): where state survives restarts.
//
//   [jobstores.default]
//   type = "sqlite"                  # "memory" (the default), "sqlite" or "postgresql"
//   path = "schedtool.db"            # sqlite: the state file, beside the jobs file
//
//   [jobstores.default]
//   type = "postgresql"              # one store shared by several schedulers
//   url_env = "SCHEDTOOL_DB"         # or url = "host=db dbname=schedtool" (never a password)
//   lease = "10s"                    # optional: a member's lease (at least 1s)
//   max_clock_offset = "1s"          # optional: past it the instance warns
//   instance = "web-1"               # optional: this member's name (default HOST:PID)
//
// history_limit and output_limit belong to both persistent types. A key of the other type is an
// error that names the type it belongs to. url_env is only checked to be a variable name: the
// machine that checks the file need not have the variable; `run` reads it.
#include <string>

#include "config/config.h"
#include "config/toml_reader.h"

namespace schedtool {

StoreConfig read_jobstores(TomlReader& reader, const toml::table& root, const std::string& config_path);

}  // namespace schedtool
