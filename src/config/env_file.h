#pragma once
// env_file = "secrets.env": environment variables kept out of the jobs file, one per line, as
// systemd's EnvironmentFile and `docker run --env-file` take them:
//
//   # a comment; blank lines are skipped
//   DB_PASSWORD=s3cret            the rest of the line, surrounding blanks trimmed
//   export API_TOKEN="a b\"c"     "export " is allowed; "…" takes \" \\ \n \t escapes
//   GREETING='as $written'        '…' is taken literally
//
// Values are never printed: errors name the file and line, never the text, and `jobs`/`check`
// show only the file's path. A job's `env` table wins over its env_file for the same name.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"

namespace schedtool {

// A variable name as a shell writes it: [A-Za-z_][A-Za-z0-9_]* (env files, a job store's url_env).
bool is_env_name(std::string_view name);

// Throws Error("line 3: expected NAME=VALUE") and the like.
std::vector<std::pair<std::string, std::string>> parse_env_file(std::string_view text);

// The edge: reads every job's env_file into its secret_env. A missing or malformed file is an
// error at the env_file key (and the config is dropped: nothing half-loaded); a file others may
// read is a warning.
void read_env_files(LoadResult& result);

}  // namespace schedtool
