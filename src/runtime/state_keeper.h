#pragma once
// The loop's link to its JobStore: job state, run history and each run's output tail. A store
// that fails (disk full, read-only file) never stops the scheduler: the failure is logged once,
// scheduling goes on from memory, and writing is tried again at each change; recovery is logged
// after 20 writes in a row succeed (a nearly full disk takes some writes and refuses others).
#include <map>
#include <optional>
#include <string>

#include "runtime/driver.h"
#include "store/job_store.h"

namespace schedtool {

class StateKeeper {
 public:
  StateKeeper(JobStore* store, std::size_t output_limit, EventSink& sink);

  // The stored jobs; `interrupted` gets the ids of jobs whose run the last stop cut off.
  std::map<std::string, StoredJob> load(Instant now, std::vector<std::string>& interrupted);
  void save(const std::string& id, const StoredJob& job, Instant now);
  void save_all(const std::vector<std::pair<std::string, StoredJob>>& jobs, Instant now);
  void forget(const std::string& id, Instant now);
  void save_setting(const std::string& key, const std::string& value, Instant now);
  // Run-time job definitions (ctl add / modify / reschedule).
  std::vector<StoredDefinition> definitions(Instant now);
  void save_definition(const StoredDefinition& definition, Instant now);
  void remove_definition(const std::string& id, Instant now);
  bool persistent() const { return &store_ != &memory_; }  // false: the memory store keeps nothing
  bool shared() const { return store_.shared(); }          // several schedulers claim from it
  // The store decides which due runs this instance starts. A store that fails claims nothing:
  // while it is away no new run starts (another instance may be able to reach it).
  std::vector<ClaimResult> claim(const std::vector<ClaimRequest>& requests, Instant now);
  void run_missed(const std::string& job_id, Instant scheduled, Instant now);
  // A shared store's lease (nullopt: the store is away, or keeps none).
  std::optional<Heartbeat> heartbeat(Instant now);
  Duration heartbeat_interval() const { return store_.heartbeat_interval(); }
  std::vector<std::pair<std::string, std::optional<Instant>>> resumed(const std::vector<std::string>& ids, Instant now);
  std::vector<MemberInfo> members();  // a shared store's cluster, as far as it can be read
  std::string instance() const { return store_.instance(); }
  std::optional<Instant> failing_since() const { return failing_since_; }
  std::vector<StoredRetry> load_retries(Instant now);
  void save_retry(const StoredRetry& retry, Instant now);
  void forget_retry(const std::string& job_id, Instant scheduled, Instant now);
  void run_started(const RunStart& run, Instant now);
  void output(const RunOutput& line);
  void run_ended(const Completion& c, Instant now);

  // A run still going (nullptr once it ended).
  const RunRecord* running(std::uint64_t run_id) const;
  // The job's newest finished run: from this process, else (looked up once) from the store's history.
  const RunRecord* last_run(const std::string& job_id);

 private:
  template <class Write>
  void guarded(Instant now, Write&& write);

  MemoryStore memory_;
  JobStore& store_;
  std::size_t output_limit_;
  EventSink& sink_;
  static constexpr int kWritesToRecover = 20;
  static constexpr std::size_t kMaxUnwrittenEnds = 10'000;  // with the last KiB of output each: ≤ 10 MB
  static constexpr std::size_t kUnwrittenOutput = 1024;
  bool failing_ = false;
  std::optional<Instant> failing_since_;
  int writes_since_failure_ = 0;
  struct Run {
    std::int64_t row;
    RunRecord record;
  };
  std::map<std::uint64_t, Run> runs_;  // by run id, while running
  std::map<std::string, std::optional<RunRecord>> last_;  // by job id; nullopt: the store has none
  // A shared store: ends of runs it could not take (the server was away), written once it can.
  std::vector<std::pair<std::int64_t, RunRecord>> unwritten_ends_;
  void write_unwritten_ends(Instant now);
};

}  // namespace schedtool
