// Fire times computed per second by CronTrigger, one JSON line per case (bench/run parses them).
//
//   bench_fire_times [--tz ZONE] [--from TIME] [--fires N] [--seconds S] [--show K] [SPEC...]
//
// SPEC is a crontab string ("*/5 * * * *") or APScheduler fields ("fields:day=last fri;hour=6");
// without SPECs a built-in table runs. One run = the first N fire times at or after --from, the way
// the scheduler asks for them: next_fire_time(nullopt, from), then next_fire_time(fire, fire).
// Runs repeat until S seconds have passed; the trigger is built once, outside the timing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/json.h"
#include "cron/cron_fields.h"
#include "cron/crontab.h"
#include "time/time_text.h"
#include "time/zone.h"
#include "trigger/cron_trigger.h"

namespace {

using namespace schedtool;

struct Options {
  std::string tz = "America/New_York";
  std::string from = "2026-01-01T00:00:00";
  std::size_t fires = 1000;
  double seconds = 0.5;
  std::size_t show = 5;
  std::vector<std::string> specs;
};

const std::vector<std::string> kDefaultSpecs = {
    "*/5 * * * *", "0 9 * * 1-5", "30 2 * * *", "0 0 1 * *", "*/15 9-17 * * mon-fri", "0 12 13 * 5",
    "fields:day=last fri;hour=6"};

// "fields:day=last fri;hour=6" → CronFieldValues; anything else is a crontab string.
CronTrigger make_trigger(std::string_view spec, ZonePtr zone) {
  constexpr std::string_view prefix = "fields:";
  if (!spec.starts_with(prefix)) return CronTrigger(parse_crontab(spec).expr, std::move(zone), {}, "");
  CronFieldValues values;
  spec.remove_prefix(prefix.size());
  while (!spec.empty()) {
    const std::string_view item = spec.substr(0, spec.find(';'));
    spec.remove_prefix(std::min(spec.size(), item.size() + 1));
    const std::size_t eq = item.find('=');
    std::size_t i = 0;
    while (i < kCronFieldNames.size() && kCronFieldNames[i] != item.substr(0, eq)) ++i;
    if (eq == std::string_view::npos || i == kCronFieldNames.size())
      throw Error(fmt::format("bad field '{}': expected name=value with a name from year..second", item));
    values[i] = std::string(item.substr(eq + 1));
  }
  return CronTrigger(compile_cron_fields(values), std::move(zone), {}, describe_cron_fields(values));
}

// One run: up to `count` fires from `from`; returns how many it produced (fewer when the series ends).
std::size_t run_once(const CronTrigger& trigger, Instant from, std::size_t count, Instant& last) {
  std::optional<Instant> fire = trigger.next_fire_time(std::nullopt, from);
  std::size_t n = 0;
  while (fire) {
    last = *fire;
    if (++n == count) break;
    fire = trigger.next_fire_time(fire, *fire);
  }
  return n;
}

void bench(const Options& o, const std::string& spec, const ZonePtr& zone, Instant from) {
  const CronTrigger trigger = make_trigger(spec, zone);

  std::vector<std::string> first;
  std::optional<Instant> fire = trigger.next_fire_time(std::nullopt, from);
  while (fire && first.size() < o.show) {
    first.push_back(json_string(format_rfc3339(*fire, *zone)));
    fire = trigger.next_fire_time(fire, *fire);
  }

  Instant last{};
  run_once(trigger, from, o.fires, last);  // warm-up: zone cache, branch predictors
  using Clock = std::chrono::steady_clock;
  const auto budget = std::chrono::duration<double>(o.seconds);
  const Clock::time_point start = Clock::now();
  std::size_t total = 0, runs = 0;
  std::chrono::duration<double> elapsed{};
  do {
    const std::size_t n = run_once(trigger, from, o.fires, last);
    if (n == 0) throw Error("'" + spec + "' has no fire time");
    total += n;
    ++runs;
    elapsed = Clock::now() - start;
  } while (elapsed < budget);

  const double secs = elapsed.count();
  fmt::print(
      "{{\"spec\": {}, \"fires\": {}, \"runs\": {}, \"seconds\": {:.4f}, \"fires_per_sec\": {:.0f}, "
      "\"ns_per_fire\": {:.1f}, \"last\": {}, \"first\": [{}]}}\n",
      json_string(spec), total, runs, secs, total / secs, secs * 1e9 / total,
      json_string(format_rfc3339(last, *zone)), fmt::join(first, ", "));
  std::fflush(stdout);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw Error(fmt::format("{} needs a value", arg));
      return argv[++i];
    };
    if (arg == "--tz") o.tz = value();
    else if (arg == "--from") o.from = value();
    else if (arg == "--fires") o.fires = std::stoul(value());
    else if (arg == "--seconds") o.seconds = std::stod(value());
    else if (arg == "--show") o.show = std::stoul(value());
    else if (arg == "-h" || arg == "--help") {
      fmt::print("usage: bench_fire_times [--tz ZONE] [--from TIME] [--fires N] [--seconds S] [--show K] "
                 "[SPEC...]\n  SPEC: a crontab string, or fields:name=value;name=value (APScheduler)\n");
      std::exit(0);
    } else o.specs.emplace_back(arg);
  }
  if (o.fires == 0) throw Error("--fires must be at least 1");
  if (o.specs.empty()) o.specs = kDefaultSpecs;
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse_args(argc, argv);
    const ZonePtr zone = find_zone(o.tz);
    const Instant from = parse_time_in(o.from, *zone);
    for (const std::string& spec : o.specs) bench(o, spec, zone, from);
    return 0;
  } catch (const Error& e) {
    fmt::print(stderr, "bench_fire_times: {}\n{}", e.message, e.length ? caret_lines(e) + "\n" : "");
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_fire_times: {}\n", e.what());
  }
  return 1;
}
