// What the loop tells systemd (runtime/service_reporter.h), against the fake clock: READY after
// "Scheduler started", RELOADING/READY around a reload, STOPPING, STATUS at most once a minute, and
// WATCHDOG=1 sent by the loop itself every half WATCHDOG_USEC — with no extra wake-up without it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "config/config.h"
#include "support/loop_test.h"

namespace schedtool {
namespace {

using namespace std::chrono_literals;
using testing::FakeDriver;
using testing::RecordingSink;

const Instant kStart = testing::kLoopStart;

struct Message {
  Instant at;
  std::string text;
  std::size_t events_before;  // how many events the sink had seen when it was sent
};

class RecordingManager final : public ServiceManager {
 public:
  RecordingManager(FakeDriver& driver, const RecordingSink& sink, std::optional<Duration> watchdog)
      : driver_(driver), sink_(sink), watchdog_(watchdog) {}
  std::vector<Message> messages;
  void notify(const std::string& message) override { messages.push_back({driver_.now(), message, sink_.events.size()}); }
  std::optional<Duration> watchdog_timeout() const override { return watchdog_; }

  std::vector<Instant> times_of(const std::string& prefix) const {
    std::vector<Instant> out;
    for (const Message& m : messages)
      if (m.text.rfind(prefix, 0) == 0) out.push_back(m.at);
    return out;
  }

 private:
  FakeDriver& driver_;
  const RecordingSink& sink_;
  std::optional<Duration> watchdog_;
};

class CountingDriver final : public FakeDriver {
 public:
  using FakeDriver::FakeDriver;
  int waits = 0;
  Wakeup wait(std::optional<Instant> deadline) override {
    ++waits;
    return FakeDriver::wait(deadline);
  }
};

const char* const kHourly = R"(
[[jobs]]
id = "hourly"
trigger = "interval"
hours = 1
command = "true"
)";

TEST_CASE("the loop pings the watchdog every half WATCHDOG_USEC, between two waits") {
  const Config config = testing::load_at_start(kHourly);
  CountingDriver driver(kStart);
  RecordingSink sink;
  RecordingManager manager(driver, sink, 10s);
  LoopOptions options;
  options.until = kStart + 95s;
  options.service = &manager;
  run_scheduler(config, driver, sink, options);
  const std::vector<Instant> pings = manager.times_of("WATCHDOG=1");
  REQUIRE(pings.size() == 19);  // 0, 5, …, 90 s; at 95 s the loop stops before it waits again
  for (std::size_t i = 0; i < pings.size(); ++i) CHECK(pings[i] == kStart + i * 5s);
  CHECK(driver.waits == 19);
}

TEST_CASE("without a watchdog the service manager adds no wake-up") {
  for (const bool with_manager : {false, true}) {
    CAPTURE(with_manager);
    const Config config = testing::load_at_start(kHourly);
    CountingDriver driver(kStart);
    RecordingSink sink;
    RecordingManager manager(driver, sink, std::nullopt);
    LoopOptions options;
    options.until = kStart + 95s;
    if (with_manager) options.service = &manager;
    run_scheduler(config, driver, sink, options);
    CHECK(driver.waits == 1);  // straight to --until
    CHECK(manager.times_of("WATCHDOG=1").empty());
  }
}

TEST_CASE("READY=1 after Scheduler started, RELOADING/READY around a reload, STOPPING at the stop") {
  const Config config = testing::load_at_start(kHourly);
  CountingDriver driver(kStart);
  RecordingSink sink;
  RecordingManager manager(driver, sink, std::nullopt);
  LoopOptions options;
  options.service = &manager;
  options.reload = [&] { return ReloadResult{testing::load_at_start(kHourly), {}}; };
  driver.signals = {{kStart + 10s, Signal::reload}, {kStart + 20s, Signal::stop}};
  run_scheduler(config, driver, sink, options);
  REQUIRE(manager.messages.size() == 4);
  CHECK(manager.messages[0].text == "READY=1\nSTATUS=1 job, next wake-up 2026-11-23 13:00:00 UTC");
  REQUIRE(manager.messages[0].events_before > 0);
  CHECK(sink.events[manager.messages[0].events_before - 1].kind == EventKind::scheduler_started);
  CHECK(manager.messages[1].text == "RELOADING=1");
  CHECK(manager.messages[1].at == kStart + 10s);
  CHECK(manager.messages[2].text.rfind("READY=1\nSTATUS=1 job", 0) == 0);
  CHECK(manager.messages[3].text == "STOPPING=1");
  CHECK(manager.messages[3].at == kStart + 20s);
}

TEST_CASE("STATUS is sent when it changes, at most once a minute") {
  const Config config = testing::load_at_start(R"(
[[jobs]]
id = "often"
trigger = "interval"
seconds = 10
command = "true"
)");
  CountingDriver driver(kStart);
  RecordingSink sink;
  RecordingManager manager(driver, sink, std::nullopt);
  LoopOptions options;
  options.until = kStart + 5min;
  options.service = &manager;
  run_scheduler(config, driver, sink, options);
  const std::vector<Instant> statuses = manager.times_of("STATUS=");
  std::string seconds;
  for (const Instant t : statuses) seconds += std::to_string((t - kStart) / 1s) + " ";
  CHECK(seconds == "60 120 180 240 300 ");  // at 5 min the run due at --until still starts
  CHECK(manager.messages.front().text.rfind("READY=1\nSTATUS=1 job, next wake-up", 0) == 0);
  // The job's own wake-ups only: every held-back status rode on one of them.
  CountingDriver alone(kStart);
  RecordingSink alone_sink;
  options.service = nullptr;
  run_scheduler(config, alone, alone_sink, options);
  CHECK(driver.waits == alone.waits);
}

}  // namespace
}  // namespace schedtool
