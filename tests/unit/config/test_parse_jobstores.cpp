// [jobstores.default]: the three types, the keys each reads, and the messages for the keys of
// another type, two sources of one url, a password in a url and bad values (issue #20).
#include <doctest/doctest.h>

#include <string>

#include "config/config.h"
#include "config/postgres_url.h"

namespace schedtool {
namespace {

constexpr std::string_view kJob = "\n[[jobs]]\nid = \"a\"\ncommand = \"true\"\ntrigger = \"interval\"\n";

LoadResult parse_store(const std::string& store) {
  const LoadContext context{Instant{std::chrono::hours{24 * 20520}}, find_zone("UTC")};
  return parse_config("[jobstores.default]\n" + store + std::string(kJob), "dir/jobs.toml", context);
}

// The errors, one a line ("" when the file loads).
std::string errors_of(const std::string& store) {
  const LoadResult result = parse_store(store);
  std::string out;
  for (const Diagnostic& d : result.errors) out += format_diagnostic(d, false) + "\n";
  CHECK(result.config.has_value() == out.empty());
  return out;
}

StoreConfig store_of(const std::string& store) {
  const LoadResult result = parse_store(store);
  REQUIRE(result.errors.empty());
  return result.config->store;
}

TEST_CASE("job store types: memory by default, sqlite with a path, postgresql with nothing required") {
  CHECK(store_of("").type == StoreType::memory);
  CHECK_FALSE(store_of("type = \"memory\"").persistent());
  const StoreConfig sqlite = store_of("type = \"sqlite\"\npath = \"state.db\"\nhistory_limit = 5");
  CHECK(sqlite.type == StoreType::sqlite);
  CHECK(sqlite.persistent());
  CHECK(sqlite.path == "dir/state.db");
  CHECK(sqlite.history_limit == 5);
  const StoreConfig empty = store_of("type = \"postgresql\"");  // libpq's PG* variables fill it all
  CHECK(empty.type == StoreType::postgresql);
  CHECK(empty.persistent());
  CHECK(empty.url.empty());
  CHECK(empty.url_env.empty());
  CHECK(empty.lease == std::chrono::seconds{10});
  CHECK(empty.max_clock_offset == std::chrono::seconds{1});
  CHECK(empty.instance.empty());
}

TEST_CASE("a postgresql store reads url or url_env, lease, max_clock_offset, instance and the limits") {
  const StoreConfig pg = store_of(
      "type = \"postgresql\"\nurl = \"host=db.example.com dbname=schedtool user=sched sslmode=verify-full\"\n"
      "lease = \"30s\"\nmax_clock_offset = 0.25\ninstance = \"web-1\"\nhistory_limit = 7\noutput_limit = 1024");
  CHECK(pg.url == "host=db.example.com dbname=schedtool user=sched sslmode=verify-full");
  CHECK(pg.lease == std::chrono::seconds{30});
  CHECK(pg.max_clock_offset == std::chrono::milliseconds{250});
  CHECK(pg.instance == "web-1");
  CHECK(pg.history_limit == 7);
  CHECK(pg.output_limit == 1024);
  CHECK(pg.path.empty());
  CHECK(store_of("type = \"postgresql\"\nurl = \"postgresql://sched@db/schedtool\"").url ==
        "postgresql://sched@db/schedtool");
  // Not looked up at check time: the machine that checks the file need not have it.
  CHECK(store_of("type = \"postgresql\"\nurl_env = \"SCHEDTOOL_TEST_UNSET_VARIABLE\"").url_env ==
        "SCHEDTOOL_TEST_UNSET_VARIABLE");
  CHECK(store_of("type = \"postgresql\"\nurl = \"\"\nlease = \"1s\"").lease == std::chrono::seconds{1});
}

TEST_CASE("an unknown job store type names the three, with a did-you-mean") {
  CHECK(errors_of("type = \"postgres\"") ==
        "dir/jobs.toml:2:8: unknown job store type 'postgres' (expected memory, sqlite or postgresql; "
        "did you mean 'postgresql'?)\n");
  CHECK(errors_of("type = \"redis\"") ==
        "dir/jobs.toml:2:8: unknown job store type 'redis' (expected memory, sqlite or postgresql)\n");
  CHECK(errors_of("type = 1") == "dir/jobs.toml:2:8: 'type' must be a string, not an integer\n");
  CHECK(errors_of("typ = \"sqlite\"") ==
        "dir/jobs.toml:2:1: unknown key 'typ' in [jobstores.default] (did you mean 'type'?)\n");
  CHECK(errors_of("url_evn = \"DB\"") ==
        "dir/jobs.toml:2:1: unknown key 'url_evn' in [jobstores.default] (did you mean 'url_env'?)\n");
}

TEST_CASE("a key of the other type is an error at the key that names the type it belongs to") {
  CHECK(errors_of("type = \"postgresql\"\npath = \"state.db\"") ==
        "dir/jobs.toml:3:1: 'path' is for a sqlite job store; this one is postgresql\n");
  CHECK(errors_of("type = \"sqlite\"\npath = \"state.db\"\nurl = \"host=db\"") ==
        "dir/jobs.toml:4:1: 'url' is for a postgresql job store; this one is sqlite\n");
  CHECK(errors_of("type = \"sqlite\"\npath = \"s.db\"\nurl_env = \"DB\"\nlease = \"5s\"\nmax_clock_offset = \"1s\"\n"
                  "instance = \"a\"") ==
        "dir/jobs.toml:4:1: 'url_env' is for a postgresql job store; this one is sqlite\n"
        "dir/jobs.toml:5:1: 'lease' is for a postgresql job store; this one is sqlite\n"
        "dir/jobs.toml:6:1: 'max_clock_offset' is for a postgresql job store; this one is sqlite\n"
        "dir/jobs.toml:7:1: 'instance' is for a postgresql job store; this one is sqlite\n");
  CHECK(errors_of("type = \"memory\"\nlease = \"5s\"") ==
        "dir/jobs.toml:3:1: 'lease' is for a postgresql job store; this one is memory\n");
  CHECK(errors_of("url = \"host=db\"") ==
        "dir/jobs.toml:2:1: 'url' is for a postgresql job store; this one is memory "
        "(the default: add type = \"postgresql\")\n");
  // As before: a path beside a memory store is read and ignored.
  CHECK(errors_of("type = \"memory\"\npath = \"state.db\"") == "");
  CHECK(errors_of("type = \"sqlite\"") ==
        "dir/jobs.toml:1:1: a sqlite job store needs 'path' (the state file, e.g. \"schedtool.db\")\n");
}

TEST_CASE("url and url_env together are an error at url_env") {
  CHECK(errors_of("type = \"postgresql\"\nurl = \"host=db\"\nurl_env = \"DB\"") ==
        "dir/jobs.toml:4:1: 'url' and 'url_env' are both set: give the connection string one way (url_env names "
        "the environment variable that holds it)\n");
}

TEST_CASE("a url that holds a password is refused without echoing it") {
  const std::string message = "job store 'url' must not hold a password: secrets never live in the jobs file (use "
                              "url_env, PGPASSFILE or ~/.pgpass)\n";
  for (const std::string url : {"host=db password=hunter2", "password = 'hunter2' host=db",
                                "postgresql://sched:hunter2@db/schedtool", "postgres://sched:hunter2@db",
                                "postgresql://db/schedtool?user=sched&password=hunter2"}) {
    CAPTURE(url);
    const std::string errors = errors_of("type = \"postgresql\"\nurl = \"" + url + "\"");
    CHECK(errors == "dir/jobs.toml:3:7: " + message);
    CHECK(errors.find("hunter2") == std::string::npos);
  }
}

TEST_CASE("url_holds_password: both libpq forms, and only a password") {
  for (const std::string_view url :
       {"password=x", "host=db  password  =  x", "host=db sslpassword=x", "application_name='a b'password=x",
        "PASSWORD=x", "postgresql://u:p@h", "postgresql://:p@h:5432/db", "postgres://u:p@h1,h2/db",
        "POSTGRESQL://u:p@h", "postgresql://h/db?password=x", "postgresql://h/db?sslmode=require&pass%77ord=x"}) {
    CAPTURE(url);
    CHECK(url_holds_password(url));
  }
  for (const std::string_view url :
       {"", "host=db dbname=schedtool user=sched", "passfile=/etc/schedtool/pgpass host=db", "service=schedtool",
        "postgresql://", "postgresql://sched@db/schedtool", "postgresql://db:5432/schedtool",
        "postgresql://u:@h/db", "postgresql://h/db:x@y", "postgresql://[::1]:5432/db?passfile=/p",
        "postgresql:///db?host=/var/run/postgresql"}) {
    CAPTURE(url);
    CHECK_FALSE(url_holds_password(url));
  }
}

TEST_CASE("url_env must be a variable name, not the connection string") {
  const std::string not_a_name = "'url_env' must be an environment variable name: letters, digits and _, not "
                                 "starting with a digit (e.g. \"SCHEDTOOL_DB\")\n";
  for (const std::string name : {"", "1DB", "DB-URL", "DB URL", "$DB"}) {
    CAPTURE(name);
    CHECK(errors_of("type = \"postgresql\"\nurl_env = \"" + name + "\"") == "dir/jobs.toml:3:11: " + not_a_name);
  }
  for (const std::string text : {"host=db password=hunter2", "postgresql://sched:hunter2@db"}) {
    CAPTURE(text);
    const std::string errors = errors_of("type = \"postgresql\"\nurl_env = \"" + text + "\"");
    CHECK(errors == "dir/jobs.toml:3:11: 'url_env' names the environment variable that holds the connection "
                    "string, not the string itself (e.g. url_env = \"SCHEDTOOL_DB\")\n");
    CHECK(errors.find("hunter2") == std::string::npos);
  }
  CHECK(errors_of("type = \"postgresql\"\nurl_env = 5") ==
        "dir/jobs.toml:3:11: 'url_env' must be a string, not an integer\n");
}

TEST_CASE("lease is at least 1s and max_clock_offset more than zero") {
  CHECK(errors_of("type = \"postgresql\"\nlease = \"500ms\"") ==
        "dir/jobs.toml:3:9: 'lease' must be at least 1s, not 0.5s\n");
  CHECK(errors_of("type = \"postgresql\"\nlease = 0") == "dir/jobs.toml:3:9: 'lease' must be at least 1s, not 0s\n");
  CHECK(errors_of("type = \"postgresql\"\nlease = \"soon\"") ==
        "dir/jobs.toml:3:10: 'lease': invalid duration 'soon': expected a duration like 90, \"30s\", \"5m\" or "
        "\"1h30m\"\n");
  CHECK(errors_of("type = \"postgresql\"\nmax_clock_offset = \"0s\"") ==
        "dir/jobs.toml:3:20: 'max_clock_offset' must be more than 0s\n");
  CHECK(errors_of("type = \"postgresql\"\nmax_clock_offset = -1") ==
        "dir/jobs.toml:3:20: 'max_clock_offset': invalid duration -1: must be zero or more seconds\n");
}

TEST_CASE("instance is one word: not empty, no whitespace or control characters") {
  CHECK(errors_of("type = \"postgresql\"\ninstance = \"\"") ==
        "dir/jobs.toml:3:12: 'instance' is empty (leave it out to be named HOST:PID)\n");
  for (const std::string name : {"web 1", "web\\t1", "web-1\\n", "a\\u007fb"}) {
    CAPTURE(name);
    CHECK(errors_of("type = \"postgresql\"\ninstance = \"" + name + "\"") ==
          "dir/jobs.toml:3:12: 'instance' must not contain whitespace or control characters\n");
  }
  CHECK(store_of("type = \"postgresql\"\ninstance = \"h\xc3\xa9te-1.example:42\"").instance ==
        "h\xc3\xa9te-1.example:42");
}

}  // namespace
}  // namespace schedtool
