#pragma once
// A JobStore in memory for loop tests: what a restarted scheduler would find, and what it wrote.
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
  void mark_interrupted() override {
    for (RunRecord& r : runs)
      if (!r.ended) r.outcome.start_error = kInterruptedRun;
  }
  std::vector<RunRecord> history(const std::string&, std::size_t) override { return runs; }

 private:
  void check() const {
    if (fail_writes) throw Error("cannot write state file 'test.db': database or disk is full");
  }
};

}  // namespace schedtool::testing
