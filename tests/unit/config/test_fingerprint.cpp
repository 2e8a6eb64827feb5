// Fingerprints decide whether a reload or restart keeps a job's state: the same definition however
// it is written gives the same one; any change to it, or to what it inherits, gives another.
#include <doctest/doctest.h>

#include "support/loop_test.h"

namespace schedtool {
namespace {

std::string fingerprint_of(const std::string& toml) { return testing::load_at_start(toml).jobs.at(0).fingerprint; }

const char* kBase = R"([[jobs]]
id = "backup"
trigger = "cron"
hour = 3
command = ["tar", "-czf", "/b.tgz", "/srv"]
env = { A = "1", B = "2" }
start_date = 2026-01-01T00:00:00Z
)";

TEST_CASE("the same definition, written differently, has the same fingerprint") {
  const std::string base = fingerprint_of(kBase);
  CHECK(base.size() == 32);
  CHECK(fingerprint_of(R"(
[[jobs]]
env.B = "2"
env.A = "1"
command = [ "tar", "-czf", "/b.tgz", "/srv" ]   # a comment
start_date = 2026-01-01T00:00:00Z
hour = 3
trigger = "cron"
id = "backup"
)") == base);
}

TEST_CASE("any change to the job or to what it inherits changes the fingerprint") {
  const std::string base = fingerprint_of(kBase);
  const auto changed = [&](const std::string& from, const std::string& to) {
    std::string text = kBase;
    text.replace(text.find(from), from.size(), to);
    return fingerprint_of(text);
  };
  CHECK(changed("hour = 3", "hour = 4") != base);
  CHECK(changed("hour = 3", "hour = \"3\"") != base);  // same text, another type
  CHECK(changed("\"/srv\"]", "\"/srv\", \"/etc\"]") != base);
  CHECK(changed("\"/b.tgz\", \"/srv\"", "\"/b.tgz/srv\"") != base);  // no ambiguity in concatenation
  CHECK(changed("B = \"2\"", "B = \"2\", C = \"\"") != base);
  CHECK(changed("00:00:00Z", "00:00:01Z") != base);
  CHECK(changed("00:00:00Z", "00:00:00+01:00") != base);
  CHECK(fingerprint_of(std::string("[job_defaults]\ncoalesce = false\n") + kBase) != base);
  CHECK(fingerprint_of(std::string("[job_defaults]\nmisfire_grace_time = 5\n") + kBase) != base);
  CHECK(fingerprint_of(std::string("[scheduler]\ntimezone = \"Europe/Berlin\"\n") + kBase) != base);
}

}  // namespace
}  // namespace schedtool
