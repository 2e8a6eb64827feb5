// What the SQLite job store adds to each run, against the memory store, in the same process.
// Per run the scheduler writes the job's next run time and inserts a history row before launching
// (this delays the child: "added before launch"), then records the end (after the child exits).
//
//   build/bench/bench_store_latency [runs=5000] [dir=/tmp]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "store/sqlite_store.h"

using namespace schedtool;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
  std::vector<double> before_launch_us, after_exit_us;
};

Figures measure(JobStore& store, int runs) {
  Figures f;
  Instant t{std::chrono::seconds{1'800'000'000}};
  for (int i = 0; i < runs; ++i, t += std::chrono::seconds{1}) {
    const std::string id = "job" + std::to_string(i % 100);
    auto a = Clock::now();
    store.save_job(id, {"fingerprint-of-" + id, t + std::chrono::seconds{100}, false});
    RunRecord run{id, t, t, std::nullopt, {}, {}};
    const std::int64_t row = store.run_started(run);
    auto b = Clock::now();
    run.ended = t + std::chrono::milliseconds{5};
    run.output = "a line of output\n";
    store.run_ended(row, run);
    auto c = Clock::now();
    f.before_launch_us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
    f.after_exit_us.push_back(std::chrono::duration<double, std::micro>(c - b).count());
  }
  return f;
}

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void report(const char* name, const Figures& f) {
  double total = 0;
  for (std::size_t i = 0; i < f.before_launch_us.size(); ++i) total += f.before_launch_us[i] + f.after_exit_us[i];
  std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %.0f |\n", name, pct(f.before_launch_us, 0.5),
              pct(f.before_launch_us, 0.99), pct(f.after_exit_us, 0.5), pct(f.after_exit_us, 0.99),
              3.0 * static_cast<double>(f.before_launch_us.size()) / (total / 1e6));
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::stoi(argv[1]) : 5000;
  const std::string dir = argc > 2 ? argv[2] : "/tmp";
  const std::string path = dir + "/bench-store-" + std::to_string(getpid()) + ".db";
  MemoryStore memory;
  const auto sqlite = SqliteStore::open(path, StoreOptions{});
  std::printf("%d runs of 100 jobs; state file on %s\n\n", runs, dir.c_str());
  std::printf("| store | before launch p50 µs | p99 µs | after exit p50 µs | p99 µs | state updates/s |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  report("memory", measure(memory, runs));
  report("sqlite (WAL, synchronous=NORMAL)", measure(*sqlite, runs));
  for (const char* suffix : {"", "-wal", "-shm"}) unlink((path + suffix).c_str());
  return 0;
}
