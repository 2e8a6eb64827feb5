#pragma once
// The blocking scheduler's state and steps (runtime/loop.h is its public face). Internal to
// runtime/: loop.cpp has the loop, the runs and reloading; loop_cluster.cpp a shared store's claims
// and heartbeat; loop_retries.cpp a failed run's retries (kept in the store, restored at start);
// control_commands.cpp answers the control socket's requests (`schedtool ctl`).
#include <map>
#include <set>
#include <string>

#include "config/runtime_jobs.h"
#include "control/protocol.h"
#include "output/print_jobs.h"
#include "runtime/loop.h"
#include "runtime/service_reporter.h"
#include "runtime/state_keeper.h"
#include "schedule/dispatcher.h"
#include "schedule/schedule.h"

namespace schedtool {

class SchedulerLoop {
 public:
  SchedulerLoop(const Config& config, Driver& driver, EventSink& sink, const LoopOptions& options);
  LoopResult run(Config& config);  // moves the jobs out of it

 private:
  // loop.cpp
  void add(JobPtr job, Instant now);
  void restore(Config& config, Instant now);
  void persist(const std::string& id, Instant now);
  void log_wakeup(Instant now);
  void note(Instant now, std::string message, bool warning = false);
  void clock_went_back(Instant from, Instant now);
  std::optional<Instant> deadline() const;
  std::optional<Instant> next_deadline() const;
  void process_due(Instant now);
  std::size_t dispatch(std::vector<Submission> due, std::vector<Event>& events, Instant now);  // runs started
  void apply(const DispatchResult& result, Instant now);
  void complete(const Completion& c);
  void handle(Signal s);
  void begin_stop(Instant now);
  void finish_and_stop(Instant now);
  void stop_scheduling(Instant now);
  void terminate_running(Instant now);
  void escalate(Instant now);
  void force_kill();
  ReloadResult reload(Instant now);
  ReloadResult reload_file(Instant now);
  void emit(const std::vector<Event>& events);
  void emit_one(Event& e, const JobConfig& job);
  void count(const Event& e);
  void summarize(Instant now);

  // loop_cluster.cpp
  std::vector<Submission> claim(std::vector<Submission> due, std::vector<Event>& events, Instant now);
  void heartbeat(Instant now);

  // loop_retries.cpp
  void restore_retries(const std::vector<StoredRetry>& retries, Instant now);
  void report_end(const RunStart& run, const Completion& c, bool final, std::string output_tail);
  void report_retries(const std::vector<RetryPlan>& retries, Instant now);

  // service_status.cpp
  std::string service_status(Instant now) const;

  // control_commands.cpp
  std::string control(const std::string& line);
  ControlReply control(const ControlRequest& request, Instant now);
  ControlReply pause_job(const std::string& id, Instant now);
  ControlReply resume_job(const std::string& id, Instant now);
  ControlReply pause_all(Instant now);
  ControlReply resume_all(Instant now);
  ControlReply run_job(const std::string& id, Instant now);
  ControlReply remove_job(const std::string& id, Instant now);
  ControlReply for_tag(const ControlRequest& request, Instant now);
  ControlReply reload_reply(Instant now);
  ControlReply jobs_reply();
  ControlReply status_reply(Instant now);

  // runtime_jobs.cpp
  void merge_runtime(Config& config, Instant now);
  ControlReply add_job(const ControlRequest& request, Instant now);
  ControlReply change_job(const ControlRequest& request, Instant now);
  ControlReply get_job(const std::string& id);
  void apply_definition(JobConfig job, RuntimeJob record, bool keep_next, Instant now);
  void forget_definition(const std::string& id, Instant now);
  LoadContext load_context(Instant now) const;
  std::string next_run_text(const std::string& id) const;
  std::optional<std::string> definition_of(const std::string& id) const;
  ControlError unknown_job(const std::string& id) const;
  LastRuns last_runs();

  Schedule schedule_;
  Dispatcher dispatcher_;
  Driver& driver_;
  EventSink& sink_;
  const LoopOptions& options_;
  std::vector<ExecutorConfig> executors_;
  bool stopping_ = false, terminate_sent_ = false, force_sent_ = false, killed_ = false;
  bool paused_ = false;  // pause-all: nothing is started until resume-all
  Instant started_{}, stop_deadline_{};
  std::uint64_t completed_ = 0;
  RunCounts counts_;
  StateKeeper state_;
  ServiceReporter service_;  // READY/RELOADING/STOPPING/STATUS/WATCHDOG for systemd
  ZonePtr zone_;  // for log text
  Config base_;   // the jobs file without its jobs: what a job added at run time inherits
  std::map<std::string, RuntimeJob> runtime_;  // run-time definitions by id (config/runtime_jobs.h)
  std::map<std::string, std::string> fingerprints_;  // by job id, including jobs whose series ended
  std::set<std::string> restored_unchanged_;  // jobs that resumed their stored state at start (retries too)
  std::optional<Instant> next_heartbeat_;  // a shared store's lease is renewed then
  std::set<std::uint64_t> taken_runs_;
  Duration clock_offset_{0};  // a shared store's heartbeat: this host's clock minus the server's
  bool clock_off_ = false;    // past max_clock_offset (warned)     // runs a shared store gave to another instance: killed, not failed
  // While restoring, saves are collected and written in one transaction (100,000 jobs at start).
  std::optional<std::vector<std::pair<std::string, StoredJob>>> batch_;
};

}  // namespace schedtool
