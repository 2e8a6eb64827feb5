#pragma once
// A JobStore in memory for loop tests: what a restarted scheduler would find, and what it wrote.
#include <algorithm>
#include <map>
#include <stdexcept>

#include "base/error.h"
#include "store/job_store.h"

namespace schedtool::testing {

class FakeStore final : public JobStore {
 public:
  std::map<std::string, StoredJob> jobs;
  std::vector<RunRecord> runs;
  bool fail_writes = false;
  int fail_every = 0;  // > 0: every n-th write fails (a nearly full disk), the others succeed

  std::map<std::string, StoredJob> load_jobs() override { return jobs; }
  void save_job(const std::string& id, const StoredJob& job) override {
    check();
    jobs[id] = job;
  }
  void remove_job(const std::string& id) override {
    check();
    jobs.erase(id);
  }
  std::int64_t run_started(const RunRecord& run) override {
    check();
    runs.push_back(run);
    return static_cast<std::int64_t>(runs.size());
  }
  void run_ended(std::int64_t row, const RunRecord& run) override {
    check();
    runs.at(static_cast<std::size_t>(row - 1)) = run;
  }
  std::vector<std::string> mark_interrupted() override {
    std::vector<std::string> jobs;
    for (RunRecord& r : runs)
      if (!r.ended && r.outcome.start_error != kInterruptedRun) {
        r.outcome.start_error = kInterruptedRun;
        if (std::find(jobs.begin(), jobs.end(), r.job_id) == jobs.end()) jobs.push_back(r.job_id);
      }
    return jobs;
  }
  std::vector<RunRecord> history(const std::string&, std::size_t) override { return runs; }
  std::vector<StoredRetry> retries;
  std::vector<StoredRetry> load_retries() override { return retries; }
  void save_retry(const StoredRetry& retry) override {
    check();
    remove_retry(retry.job_id, retry.scheduled);
    retries.push_back(retry);
  }
  void remove_retry(const std::string& job_id, Instant scheduled) override {
    std::erase_if(retries, [&](const StoredRetry& r) { return r.job_id == job_id && r.scheduled == scheduled; });
  }

 private:
  void check() {
    ++writes_;
    if (fail_writes || (fail_every && writes_ % fail_every == 0))
      throw Error("cannot write state file 'test.db': database or disk is full");
  }
  int writes_ = 0;
};

}  // namespace schedtool::testing
