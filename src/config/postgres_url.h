#pragma once
// A PostgreSQL job store's `url`, as the jobs file may hold it: a libpq connection string in either
// of libpq's two forms, checked for secrets before anything else sees it.
//
//   keyword/value:  "host=db.example.com dbname=schedtool user=sched"
//   URI:            "postgresql://sched@db.example.com:5432/schedtool?sslmode=verify-full"
//
// A password is refused in both forms ("password=…", "sslpassword=…", "postgresql://user:secret@…",
// "…?password=…"): the jobs file is readable by whoever may read the schedule, and libpq has
// better places for it (PGPASSFILE, ~/.pgpass, a service file, or the whole url in url_env).
#include <string_view>

namespace schedtool {

// Whether `url` carries a password anywhere libpq would read one. Errs on the side of yes: a value
// that merely reads like "password=x" (inside another keyword's quoted value) counts too.
bool url_holds_password(std::string_view url);

}  // namespace schedtool
