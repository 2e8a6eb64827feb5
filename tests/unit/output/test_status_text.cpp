// `ctl status` wording: the cluster lines of a shared job store, and a store that cannot be written.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "output/status_text.h"
#include "time/time_text.h"
#include "time/zone.h"

using namespace schedtool;
using namespace std::chrono_literals;

namespace {

SchedulerStatus base_status() {
  SchedulerStatus s;
  s.started = parse_time_in("2026-12-01T10:00:00", *find_zone("UTC"));
  s.now = s.started + 65s;
  s.state = "running";
  return s;
}

}  // namespace

TEST_CASE("a shared store's members: name, host, pid, epoch, heartbeat age, clock offset, runs, a lapsed lease") {
  SchedulerStatus s = base_status();
  s.instance = "web-1";
  s.members.push_back({"web-1", "db1", 4242, 3, s.now - 1s, 2ms, 2, false});
  s.members.push_back({"web-2", "db2", 977, 1, s.now - 14s, -10ms, 1, true});
  const std::string text = status_text(s, *find_zone("UTC"));
  CHECK(text.find("Cluster: 2 members, this one is web-1\n"
                  "    web-1 (db1, pid 4242): epoch 3, heartbeat 1s ago, clock +0.002s, 2 runs going\n"
                  "    web-2 (db2, pid 977): epoch 1, heartbeat 14s ago, clock -0.010s, 1 run going, lease lapsed\n") !=
        std::string::npos);
  const std::string json = status_json(s, *find_zone("UTC"));
  CHECK(json.find(",\"store_failing_since\":null,\"instance\":\"web-1\",\"members\":[{\"name\":\"web-1\",\"host\":\"db1\","
                  "\"pid\":4242,\"epoch\":3,\"heartbeat_at\":\"2026-12-01T10:01:04+00:00\",\"clock_offset_seconds\":0.002000,"
                  "\"runs\":2,\"lapsed\":false},") != std::string::npos);
}

TEST_CASE("a store that cannot be written says since when; a store of one shows no cluster") {
  SchedulerStatus s = base_status();
  s.store_failing_since = s.started + 60s;
  const std::string text = status_text(s, *find_zone("UTC"));
  CHECK(text.find("Job store: cannot be written since 2026-12-01 10:01:00 UTC (scheduling goes on from memory)\n") !=
        std::string::npos);
  CHECK(text.find("Cluster") == std::string::npos);
  CHECK(status_json(s, *find_zone("UTC")).find("\"members\"") == std::string::npos);
}
