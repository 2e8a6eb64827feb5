#pragma once
// A Driver for tests: a clock that jumps straight to the next deadline, and runs that "take" a
// configured time. No sleeping, no threads, no processes: a day of schedule runs in milliseconds.
#include <map>
#include <string>
#include <vector>

#include "output/print_jobs.h"
#include "runtime/loop.h"
#include "time/time_text.h"

namespace schedtool::testing {

struct StartedRun {
  std::string job;
  Instant scheduled;
  Instant started;
  int attempt = 1;
};

class FakeDriver : public Driver {
 public:
  explicit FakeDriver(Instant start) : now_(start) {}

  std::map<std::string, Duration> run_time;   // how long a job's runs take (default 0)
  std::map<std::string, int> exit_code;       // default 0
  // The exit codes of a job's next runs, in order (then exit_code): "fails twice, then succeeds".
  std::map<std::string, std::vector<int>> exit_codes;
  std::vector<std::pair<Instant, Signal>> signals;  // delivered when the clock reaches them
  std::vector<std::pair<Instant, std::string>> requests;  // control request lines, likewise
  std::vector<std::string> replies;                       // the loop's answers, in order
  // When the clock reaches `at`, it jumps by `by` (date -s, a VM resumed): the wait then returns at once.
  std::vector<std::pair<Instant, Duration>> clock_jumps;
  bool ignore_sigterm = false;
  std::vector<StartedRun> started;

  Instant now() override { return now_; }

  void start(const RunStart& run) override {
    started.push_back({run.job->id, run.scheduled, now_, run.attempt});
    const auto it = run_time.find(run.job->id);
    const Duration takes = it == run_time.end() ? Duration{0} : it->second;
    int code = exit_code[run.job->id];
    if (auto& codes = exit_codes[run.job->id]; !codes.empty()) {
      code = codes.front();
      codes.erase(codes.begin());
    }
    running_[run.run_id] = {run.job->id, now_, now_ + takes, code};
  }

  Wakeup wait(std::optional<Instant> deadline) override {
    Instant next = deadline.value_or(Instant::max());
    for (const auto& [id, r] : running_) next = std::min(next, r.ends);
    for (const auto& [at, s] : signals) next = std::min(next, at);
    for (const auto& [at, r] : requests) next = std::min(next, at);
    for (const auto& [at, by] : clock_jumps) next = std::min(next, at);
    if (next == Instant::max()) throw std::logic_error("FakeDriver: waiting forever");
    now_ = std::max(now_, next);
    for (auto it = clock_jumps.begin(); it != clock_jumps.end();) {
      if (it->first > now_) { ++it; continue; }
      now_ += it->second;
      it = clock_jumps.erase(it);
      return {};  // TFD_TIMER_CANCEL_ON_SET: the real driver wakes up at once, with nothing else to report
    }
    Wakeup wake;
    for (auto it = running_.begin(); it != running_.end();) {
      if (it->second.ends > now_) { ++it; continue; }
      RunOutcome outcome;
      outcome.exit_code = it->second.signal ? 0 : it->second.exit_code;
      outcome.signal = it->second.signal;
      wake.completions.push_back({it->first, outcome, it->second.started, now_});
      it = running_.erase(it);
    }
    for (auto it = signals.begin(); it != signals.end();) {
      if (it->first > now_) { ++it; continue; }
      wake.signals.push_back(it->second);
      it = signals.erase(it);
    }
    for (auto it = requests.begin(); it != requests.end();) {
      if (it->first > now_) { ++it; continue; }
      wake.requests.push_back({replies.size() + wake.requests.size(), it->second});
      it = requests.erase(it);
    }
    return wake;
  }

  void reply(std::uint64_t, const std::string& line) override { replies.push_back(line); }

  void terminate_all(bool force) override {
    for (auto& [id, r] : running_) {
      if (!force && ignore_sigterm) continue;
      r.ends = now_;
      r.signal = force ? 9 : 15;
    }
  }

 private:
  struct Running {
    std::string job;
    Instant started, ends;
    int exit_code = 0;
    int signal = 0;
  };
  Instant now_;
  std::map<std::uint64_t, Running> running_;
};

class RecordingSink final : public EventSink {
 public:
  std::vector<Event> events;
  std::vector<std::string> listings;
  void event(const Event& e) override { events.push_back(e); }
  void listing(const std::vector<ScheduledJob>& jobs) override { listings.push_back(print_jobs_text(jobs)); }
  std::vector<RunOutput> output_lines;
  void output(const RunOutput& line) override { output_lines.push_back(line); }

  std::vector<Event> of(EventKind kind) const {
    std::vector<Event> out;
    for (const Event& e : events)
      if (e.kind == kind) out.push_back(e);
    return out;
  }
};

}  // namespace schedtool::testing
