#include "runtime/state_keeper.h"

#include "base/error.h"

namespace schedtool {

StateKeeper::StateKeeper(JobStore* store, std::size_t output_limit, EventSink& sink)
    : store_(store ? *store : memory_), output_limit_(output_limit), sink_(sink) {}

template <class Write>
void StateKeeper::guarded(Instant now, Write&& write) {
  try {
    write();
    // A nearly full disk takes some writes and refuses others: declare recovery only after a run
    // of successes, so the operator reads one warning, not one per run.
    if (failing_ && ++writes_since_failure_ >= kWritesToRecover) {
      failing_ = false;
      failing_since_.reset();
      Event note = make_event(EventKind::note, now);
      note.message = "The state file is writable again: state is persisted";
      sink_.event(note);
    }
  } catch (const Error& e) {
    writes_since_failure_ = 0;
    if (failing_) return;
    failing_ = true;
    failing_since_ = now;
    Event note = make_event(EventKind::note, now);
    note.message = "Cannot persist state (" + e.message + "): jobs keep running from memory";
    note.warning = true;
    sink_.event(note);
  }
}

std::map<std::string, StoredJob> StateKeeper::load(Instant now, std::vector<std::string>& interrupted) {
  std::map<std::string, StoredJob> jobs;
  guarded(now, [&] {
    interrupted = store_.mark_interrupted();
    jobs = store_.load_jobs();
  });
  return jobs;
}

std::vector<ClaimResult> StateKeeper::claim(const std::vector<ClaimRequest>& requests, Instant now) {
  std::vector<ClaimResult> results(requests.size(), ClaimResult{ClaimResult::Kind::taken, {}, std::nullopt});
  write_unwritten_ends(now);  // a run that ended while the server was away no longer counts as running
  guarded(now, [&] { results = store_.claim(requests); });
  return results;
}

void StateKeeper::run_missed(const std::string& job_id, Instant scheduled, Instant now) {
  if (shared()) guarded(now, [&] { store_.run_missed(job_id, scheduled); });
}

std::optional<Heartbeat> StateKeeper::heartbeat(Instant now) {
  std::optional<Heartbeat> beat;
  guarded(now, [&] { beat = store_.heartbeat(now); });
  if (beat) write_unwritten_ends(now);
  return beat;
}

std::vector<MemberInfo> StateKeeper::members() {
  try {
    return store_.members();
  } catch (const Error&) {  // unreachable: the status says so from failing_since()
    return {};
  }
}

std::vector<std::pair<std::string, std::optional<Instant>>> StateKeeper::resumed(const std::vector<std::string>& ids,
                                                                                   Instant now) {
  std::vector<std::pair<std::string, std::optional<Instant>>> out;
  if (!ids.empty()) guarded(now, [&] { out = store_.resumed(ids); });
  return out;
}

// Oldest first; stops at the first that fails again (the server went away again).
void StateKeeper::write_unwritten_ends(Instant now) {
  std::size_t done = 0;
  for (; done < unwritten_ends_.size(); ++done) {
    bool written = false;
    guarded(now, [&] {
      store_.run_ended(unwritten_ends_[done].first, unwritten_ends_[done].second);
      written = true;
    });
    if (!written) break;
  }
  unwritten_ends_.erase(unwritten_ends_.begin(), unwritten_ends_.begin() + static_cast<std::ptrdiff_t>(done));
}

void StateKeeper::save(const std::string& id, const StoredJob& job, Instant now) {
  guarded(now, [&] { store_.save_job(id, job); });
}

void StateKeeper::save_all(const std::vector<std::pair<std::string, StoredJob>>& jobs, Instant now) {
  if (!jobs.empty()) guarded(now, [&] { store_.save_jobs(jobs); });
}

void StateKeeper::save_setting(const std::string& key, const std::string& value, Instant now) {
  guarded(now, [&] { store_.save_setting(key, value); });
}

std::vector<StoredDefinition> StateKeeper::definitions(Instant now) {
  std::vector<StoredDefinition> out;
  guarded(now, [&] { out = store_.definitions(); });
  return out;
}

void StateKeeper::save_definition(const StoredDefinition& definition, Instant now) {
  guarded(now, [&] { store_.save_definition(definition); });
}

void StateKeeper::remove_definition(const std::string& id, Instant now) {
  guarded(now, [&] { store_.remove_definition(id); });
}

std::vector<StoredRetry> StateKeeper::load_retries(Instant now) {
  std::vector<StoredRetry> retries;
  guarded(now, [&] { retries = store_.load_retries(); });
  return retries;
}

void StateKeeper::save_retry(const StoredRetry& retry, Instant now) {
  guarded(now, [&] { store_.save_retry(retry); });
}

void StateKeeper::forget_retry(const std::string& job_id, Instant scheduled, Instant now) {
  guarded(now, [&] { store_.remove_retry(job_id, scheduled); });
}

void StateKeeper::forget(const std::string& id, Instant now) {
  guarded(now, [&] { store_.remove_job(id); });
}

void StateKeeper::run_started(const RunStart& run, Instant now) {
  Run& r = runs_[run.run_id];
  r.record.job_id = run.job->id;
  r.record.scheduled = run.scheduled;
  r.record.started = now;
  r.record.attempt = run.attempt;
  r.record.attempts = run.attempts;
  r.row = 0;
  guarded(now, [&] { r.row = store_.run_started(r.record); });
}

void StateKeeper::output(const RunOutput& line) {
  const auto it = runs_.find(line.run_id);
  if (it == runs_.end() || output_limit_ == 0) return;
  std::string& tail = it->second.record.output;
  tail.append(line.text).append("\n");
  if (tail.size() > 2 * output_limit_) tail.erase(0, tail.size() - output_limit_);  // amortised trim
}

void StateKeeper::run_ended(const Completion& c, Instant now) {
  const auto it = runs_.find(c.run_id);
  if (it == runs_.end()) return;
  Run run = std::move(it->second);
  runs_.erase(it);
  run.record.ended = c.ended;
  run.record.outcome = c.outcome;
  if (run.record.output.size() > output_limit_) run.record.output.erase(0, run.record.output.size() - output_limit_);
  if (run.row != 0 || shared()) {  // 0: its start was not stored (a shared store finds the claimed row by its key)
    bool written = false;
    guarded(now, [&] {
      store_.run_ended(run.row, run.record);
      written = true;
    });
    // A shared store's row would stay "running" and count against max_instances across the
    // cluster: keep the end (bounded) until the server is back.
    if (!written && shared() && unwritten_ends_.size() < kMaxUnwrittenEnds) {
      RunRecord& kept = unwritten_ends_.emplace_back(run.row, run.record).second;
      if (kept.output.size() > kUnwrittenOutput) kept.output.erase(0, kept.output.size() - kUnwrittenOutput);
    }
  }
  run.record.output.clear();  // the listing needs how it ended, not what it wrote
  last_[run.record.job_id] = std::move(run.record);
}

const RunRecord* StateKeeper::running(std::uint64_t run_id) const {
  const auto it = runs_.find(run_id);
  return it == runs_.end() ? nullptr : &it->second.record;
}

const RunRecord* StateKeeper::last_run(const std::string& job_id) {
  auto it = last_.find(job_id);
  if (it == last_.end()) {
    std::optional<RunRecord> found;
    try {
      if (auto runs = store_.history(job_id, 1); !runs.empty()) found = std::move(runs.front());
    } catch (const Error&) {  // an unreadable store only means no last outcome to show
    }
    if (found) found->output.clear();
    it = last_.emplace(job_id, std::move(found)).first;
  }
  return it->second ? &*it->second : nullptr;
}

}  // namespace schedtool
