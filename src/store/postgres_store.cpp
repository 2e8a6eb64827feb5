#include "store/postgres_store.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <map>
#include <optional>

#include "store/pg_connection.h"

namespace schedtool {
namespace {

std::string micros(Instant t) { return std::to_string(t.time_since_epoch().count()); }
Instant instant(std::int64_t us) { return Instant(Duration(us)); }
PgParam optional_micros(std::optional<Instant> t) { return t ? PgParam(micros(*t)) : std::nullopt; }

// A PostgreSQL array literal of texts: every element quoted, so ids with commas, quotes or braces pass.
std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string number_array(const std::vector<std::optional<std::int64_t>>& values) {
  std::string out = "{";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    out += v ? std::to_string(*v) : "NULL";
  }
  return out + "}";
}

// bytea in and out as hex ("\x4142"): a run's output may hold any byte, NUL included.
std::string hex_bytes(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + 2 * bytes.size());
  for (const unsigned char c : bytes) out.append({kDigits[c >> 4], kDigits[c & 15]});
  return out;
}

std::string from_hex(std::string_view text) {
  if (text.substr(0, 2) != "\\x") return std::string(text);
  text.remove_prefix(2);
  const auto digit = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) out += static_cast<char>(digit(text[i]) << 4 | digit(text[i + 1]));
  return out;
}

std::string_view tail(const std::string& output, std::size_t limit) {
  std::string_view v = output;
  if (v.size() > limit) v.remove_prefix(v.size() - limit);
  return v;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

constexpr const char* kNowMicros = "(extract(epoch FROM now()) * 1000000)::bigint";
// The server's time as a one-row table t(us): the database's clock decides, never a host's.
constexpr const char* kNow = "(SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS us) t";
constexpr const char* kRecoveredRun = "interrupted: its instance's lease lapsed (recovered by another instance)";

}  // namespace

PostgresStore::PostgresStore(std::unique_ptr<PgConnection> db, PostgresOptions options)
    : db_(std::move(db)), options_(std::move(options)) {}


std::unique_ptr<PostgresStore> PostgresStore::open(const PostgresOptions& options) {
  auto db = PgConnection::connect(options.conninfo);
  if (!options.read_only) migrate_postgres_schema(*db);
  std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(db), options));
  if (!options.read_only) store->join();
  return store;
}

// A member row per instance, with a fresh lease; a name seen before (a restart, a fenced member
// rejoining) gets the next epoch. Returns the server's time.
std::int64_t PostgresStore::join() {
  const PgResult member = db_->exec(
      (std::string("INSERT INTO schedtool_members (name, host, pid, epoch, started_us, heartbeat_us, lease_until_us)"
                   " SELECT $1, $2, $3, 1, t.us, t.us, t.us + $4 FROM ") + kNow +
       " ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid,"
       " epoch = schedtool_members.epoch + 1, started_us = excluded.started_us,"
       " heartbeat_us = excluded.heartbeat_us, lease_until_us = excluded.lease_until_us"
       " RETURNING epoch, heartbeat_us")
          .c_str(),
      {options_.instance, host_name(), std::to_string(getpid()), std::to_string(options_.lease.count())});
  epoch_ = member.integer(0, 0);
  return member.integer(0, 1);
}

// A clean stop: every run has ended, so nothing is left to recover.
PostgresStore::~PostgresStore() {
  if (options_.read_only) return;
  try {
    if (!db_->ok()) return;
    // Claimed runs still waiting for a worker when the stop drained the queues were never started.
    db_->exec("UPDATE schedtool_runs SET state = 'missed', start_error = $3"
              " WHERE instance = $1 AND epoch = $2 AND state = 'claimed'",
              {options_.instance, std::to_string(epoch_), "missed: schedtool stopped before a worker was free"});
    db_->exec("DELETE FROM schedtool_members WHERE name = $1 AND epoch = $2", {options_.instance, std::to_string(epoch_)});
  } catch (const Error&) {  // the server went away: the lease lapses by itself
  }
}

void PostgresStore::reconnect_if_broken() {
  if (db_->ok()) return;
  db_ = PgConnection::connect(options_.conninfo);
  healthy_since_us_.reset();  // recover nobody until this connection has worked for a lease
}

std::optional<Heartbeat> PostgresStore::heartbeat(Instant local_now) {
  reconnect_if_broken();
  Heartbeat beat;
  const std::string lease = std::to_string(options_.lease.count());
  const PgResult renewed = db_->exec(
      (std::string("UPDATE schedtool_members SET heartbeat_us = t.us, lease_until_us = t.us + $3,"
                   " clock_offset_us = $4 - t.us FROM ") + kNow +
       " WHERE name = $1 AND epoch = $2 RETURNING t.us")
          .c_str(),
      {options_.instance, std::to_string(epoch_), lease, micros(local_now)});
  std::int64_t server_now = 0;
  if (renewed.rows() == 1) {
    server_now = renewed.integer(0, 0);
  } else {
    beat.fenced = true;
    const PgResult lost = db_->exec(
        "SELECT job_id, scheduled_us FROM schedtool_runs WHERE instance = $1 AND epoch = $2 AND state = 'interrupted'",
        {options_.instance, std::to_string(epoch_)});
    for (int i = 0; i < lost.rows(); ++i) beat.lost.push_back({std::string(lost.text(i, 0)), instant(lost.integer(i, 1))});
    server_now = join();
    healthy_since_us_.reset();
  }
  if (!healthy_since_us_) healthy_since_us_ = server_now;
  close_unheard_claims();
  beat.clock_offset = local_now - instant(server_now);
  beat.epoch = epoch_;
  if (server_now - *healthy_since_us_ < options_.lease.count()) return beat;
  // Recovery: the lapsed members' epochs move on and their runs are interrupted, in one statement.
  const PgResult recovered = db_->exec(
      (std::string("WITH dead AS (UPDATE schedtool_members m SET lease_until_us = NULL, epoch = m.epoch + 1 FROM ") +
       kNow +
       " WHERE m.lease_until_us < t.us AND m.name <> $1 RETURNING m.name, m.epoch - 1 AS old_epoch)"
       " UPDATE schedtool_runs r SET state = 'interrupted', start_error = $2 FROM dead"
       " WHERE r.instance = dead.name AND r.epoch <= dead.old_epoch AND r.state IN ('claimed', 'running')"
       " RETURNING r.job_id, r.scheduled_us")
          .c_str(),
      {options_.instance, std::string(kRecoveredRun)});
  for (int i = 0; i < recovered.rows(); ++i)
    beat.recovered.push_back({std::string(recovered.text(i, 0)), instant(recovered.integer(i, 1))});
  return beat;
}

std::map<std::string, StoredJob> PostgresStore::load_jobs() {
  std::map<std::string, StoredJob> jobs;
  const PgResult r = db_->exec("SELECT id, fingerprint, next_run_us, paused FROM schedtool_jobs");
  for (int i = 0; i < r.rows(); ++i) {
    StoredJob& job = jobs[std::string(r.text(i, 0))];
    job.fingerprint = r.text(i, 1);
    if (const auto next = r.optional_integer(i, 2)) job.next_run = instant(*next);
    job.paused = r.boolean(i, 3);
  }
  return jobs;
}

// Several instances write the same job: a definition they agree on never moves its series back
// (an instance that lost a claim may know an older position); a changed definition or a pause sets it.
void PostgresStore::save_job(const std::string& id, const StoredJob& job) {
  db_->exec(
      "INSERT INTO schedtool_jobs (id, fingerprint, next_run_us, paused) VALUES ($1, $2, $3, $4)"
      " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, paused = excluded.paused,"
      " next_run_us = CASE WHEN schedtool_jobs.fingerprint <> excluded.fingerprint"
      "   OR schedtool_jobs.paused <> excluded.paused THEN excluded.next_run_us"
      "   ELSE GREATEST(schedtool_jobs.next_run_us, excluded.next_run_us) END",
      {id, job.fingerprint, optional_micros(job.next_run), job.paused ? "true" : "false"});
}

void PostgresStore::save_jobs(const std::vector<std::pair<std::string, StoredJob>>& jobs) {
  db_->transaction([&] {
    for (const auto& [id, job] : jobs) save_job(id, job);
  });
}

void PostgresStore::remove_job(const std::string& id) { db_->exec("DELETE FROM schedtool_jobs WHERE id = $1", {id}); }

std::vector<ClaimResult> PostgresStore::claim(const std::vector<ClaimRequest>& requests) {
  std::vector<ClaimResult> results(requests.size());
  if (requests.empty()) return results;
  reconnect_if_broken();
  std::vector<std::string> ids, run_ids;
  std::vector<std::optional<std::int64_t>> last_runs, nexts, limits, run_times;
  for (const ClaimRequest& r : requests) {
    ids.push_back(r.job_id);
    last_runs.push_back(r.run_times.back().time_since_epoch().count());
    nexts.push_back(r.next ? std::optional<std::int64_t>(r.next->time_since_epoch().count()) : std::nullopt);
    limits.push_back(r.max_instances);
    for (const Instant t : r.run_times) {
      run_ids.push_back(r.job_id);
      run_times.push_back(t.time_since_epoch().count());
    }
  }
  // One statement, one transaction. `locked` skips rows another claim holds (that claim's fires);
  // `decided` says for each request whether the store's series stands at or before its fires
  // (else another instance claimed them), whether the server's clock has reached it, and whether the
  // cluster runs fewer than max_instances of the job.
  static const std::string sql = std::string(R"sql(
WITH req AS (
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::int[]) AS r(job_id, last_us, next_us, max_instances)
), locked AS (
  SELECT id, next_run_us, paused FROM schedtool_jobs WHERE id IN (SELECT job_id FROM req)
  ORDER BY id FOR UPDATE SKIP LOCKED
), me AS (
  SELECT 1 FROM schedtool_members WHERE name = $7 AND epoch = $8
), decided AS (
  SELECT req.job_id, req.next_us, l.id IS NOT NULL AS got, l.next_run_us AS stored_us, l.paused,
    EXISTS (SELECT 1 FROM me) AND l.id IS NOT NULL AND NOT l.paused AND l.next_run_us IS NOT NULL
      AND l.next_run_us <= req.last_us AS claimable,
    l.next_run_us <= )sql") + kNowMicros + R"sql( AS due,
    (SELECT count(*) FROM schedtool_runs g WHERE g.job_id = req.job_id AND g.state IN ('claimed', 'running')) < req.max_instances AS room
  FROM req LEFT JOIN locked l ON l.id = req.job_id
), advanced AS (
  UPDATE schedtool_jobs j SET next_run_us = d.next_us FROM decided d WHERE d.claimable AND d.due AND j.id = d.job_id
  RETURNING j.id
), inserted AS (
  INSERT INTO schedtool_runs (job_id, scheduled_us, state, instance, epoch, claimed_us)
  SELECT f.job_id, f.us, CASE WHEN d.room THEN 'claimed' ELSE 'skipped' END, $7, $8, )sql" + kNowMicros + R"sql(
  FROM unnest($5::text[], $6::bigint[]) AS f(job_id, us) JOIN decided d ON d.job_id = f.job_id
  WHERE d.claimable AND d.due AND f.us >= d.stored_us
  ON CONFLICT (job_id, scheduled_us, attempt) DO NOTHING
  RETURNING job_id, scheduled_us, state
)
SELECT d.job_id, d.got, d.stored_us, d.paused, d.claimable, d.due, d.room,
       (SELECT string_agg(i.scheduled_us::text, ',' ORDER BY i.scheduled_us) FROM inserted i
        WHERE i.job_id = d.job_id AND i.state = 'claimed')
FROM decided d)sql";
  const auto run = [&] {
    return db_->exec(sql.c_str(), {text_array(ids), number_array(last_runs), number_array(nexts), number_array(limits),
                                   text_array(run_ids), number_array(run_times), options_.instance,
                                   std::to_string(epoch_)});
  };
  std::optional<PgResult> answer;
  try {
    answer.emplace(run());
  } catch (const PgError& e) {
    // The connection broke: the claim may have committed without us hearing it. Its rows, if any,
    // are closed at the next heartbeat (nothing was started for them).
    if (e.connection_lost)
      for (std::size_t i = 0; i < run_ids.size(); ++i) unheard_claims_.push_back({run_ids[i], instant(*run_times[i])});
    throw;
  }
  const PgResult& r = *answer;
  std::map<std::string_view, int> row_of;
  for (int i = 0; i < r.rows(); ++i) row_of.emplace(r.text(i, 0), i);
  for (std::size_t k = 0; k < requests.size(); ++k) {
    ClaimResult& out = results[k];
    const auto it = row_of.find(requests[k].job_id);
    if (it == row_of.end() || !r.boolean(it->second, 1)) {  // locked by another claim, or not in the store
      out.kind = ClaimResult::Kind::taken;
      continue;
    }
    const int i = it->second;
    if (const auto stored = r.optional_integer(i, 2)) out.stored_next = instant(*stored);
    if (r.boolean(i, 3)) out.kind = ClaimResult::Kind::paused;
    else if (!r.boolean(i, 4)) out.kind = ClaimResult::Kind::taken;
    else if (!r.boolean(i, 5)) out.kind = ClaimResult::Kind::not_due;
    else if (!r.boolean(i, 6)) out.kind = ClaimResult::Kind::skipped;
    else if (r.null(i, 7)) out.kind = ClaimResult::Kind::taken;  // every fire had its row already
    else out.kind = ClaimResult::Kind::won;
    // Exactly the fires whose rows this statement inserted: an instance behind the cluster claims
    // only the fires nobody has claimed yet, and never starts one that has a row already.
    for (std::string_view list = r.null(i, 7) ? "" : r.text(i, 7); !list.empty();) {
      const std::size_t comma = std::min(list.find(','), list.size());
      std::int64_t us = 0;
      std::from_chars(list.data(), list.data() + comma, us);
      out.run_times.push_back(instant(us));
      list.remove_prefix(std::min(comma + 1, list.size()));
    }
  }
  return results;
}

// The claimed row becomes the running one; a run that was not claimed (ctl run, run_on_start, a
// retry) gets its row here.
std::int64_t PostgresStore::run_started(const RunRecord& run) {
  const PgResult r = db_->exec(
      (std::string("WITH upd AS (UPDATE schedtool_runs SET state = 'running', started_us = $3, attempts = $5"
                   "  WHERE job_id = $1 AND scheduled_us = $2 AND attempt = $4 AND instance = $6 AND state = 'claimed'"
                   "  RETURNING row),"
                   " ins AS (INSERT INTO schedtool_runs (job_id, scheduled_us, started_us, attempt, attempts, state,"
                   "  instance, epoch, claimed_us) SELECT $1, $2, $3, $4, $5, 'running', $6, $7, ") +
       kNowMicros +
       " WHERE NOT EXISTS (SELECT 1 FROM upd) ON CONFLICT (job_id, scheduled_us, attempt) DO NOTHING RETURNING row)"
       " SELECT row FROM upd UNION ALL SELECT row FROM ins")
          .c_str(),
      {run.job_id, micros(run.scheduled), micros(run.started), std::to_string(run.attempt),
       std::to_string(run.attempts), options_.instance, std::to_string(epoch_)});
  return r.rows() ? r.integer(0, 0) : 0;
}

// Row 0: its start could not be written (the server went away between the claim and the start), so
// the row is found by its key, still claimed by this instance.
void PostgresStore::run_ended(std::int64_t row, const RunRecord& run) {
  db_->exec(
      "WITH done AS (UPDATE schedtool_runs SET state = 'ended', ended_us = $2, exit_code = $3, signal = $4,"
      "  timed_out = $5, start_error = $6, output = $7, started_us = COALESCE(started_us, $10)"
      "  WHERE CASE WHEN $1::bigint <> 0 THEN row = $1 AND state = 'running'"
      "   ELSE job_id = $8 AND scheduled_us = $11 AND attempt = $12 AND instance = $13"
      "    AND state IN ('claimed', 'running') END RETURNING job_id)"
      " DELETE FROM schedtool_runs WHERE job_id = $8 AND state NOT IN ('claimed', 'running') AND row <="
      "  (SELECT row FROM schedtool_runs WHERE job_id = $8 ORDER BY row DESC LIMIT 1 OFFSET $9)",
      {std::to_string(row), optional_micros(run.ended), std::to_string(run.outcome.exit_code),
       std::to_string(run.outcome.signal), run.outcome.timed_out ? "true" : "false", run.outcome.start_error,
       hex_bytes(tail(run.output, options_.output_limit)), run.job_id,
       std::to_string(std::min<std::size_t>(options_.history_limit, INT64_MAX)), micros(run.started),
       micros(run.scheduled), std::to_string(run.attempt), options_.instance});
}

std::vector<std::pair<std::string, std::optional<Instant>>> PostgresStore::resumed(const std::vector<std::string>& ids) {
  std::vector<std::pair<std::string, std::optional<Instant>>> out;
  if (ids.empty()) return out;
  const PgResult r = db_->exec("SELECT id, next_run_us FROM schedtool_jobs WHERE id = ANY($1::text[]) AND NOT paused",
                               {text_array(ids)});
  for (int i = 0; i < r.rows(); ++i) {
    const auto next = r.optional_integer(i, 1);
    out.emplace_back(std::string(r.text(i, 0)), next ? std::optional<Instant>(instant(*next)) : std::nullopt);
  }
  return out;
}

void PostgresStore::close_unheard_claims() {
  if (unheard_claims_.empty()) return;
  std::vector<std::string> jobs;
  std::vector<std::optional<std::int64_t>> times;
  for (const RunKey& k : unheard_claims_) {
    jobs.push_back(k.job_id);
    times.push_back(k.scheduled.time_since_epoch().count());
  }
  db_->exec("UPDATE schedtool_runs SET state = 'interrupted', start_error = $4 WHERE instance = $1 AND state = 'claimed'"
            " AND (job_id, scheduled_us) IN (SELECT * FROM unnest($2::text[], $3::bigint[]))",
            {options_.instance, text_array(jobs), number_array(times),
             "interrupted: the connection to the database broke while it was claimed; it was not started"});
  unheard_claims_.clear();
}

std::vector<MemberInfo> PostgresStore::members() {
  const PgResult r = db_->exec(
      (std::string("SELECT m.name, m.host, m.pid, m.epoch, m.heartbeat_us, m.clock_offset_us,"
                   " m.lease_until_us IS NULL OR m.lease_until_us < t.us,"
                   " (SELECT count(*) FROM schedtool_runs g WHERE g.state IN ('claimed', 'running') AND g.instance = m.name)"
                   " FROM schedtool_members m, ") + kNow + " ORDER BY m.name")
          .c_str());
  std::vector<MemberInfo> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({std::string(r.text(i, 0)), std::string(r.text(i, 1)), static_cast<int>(r.integer(i, 2)),
                   r.integer(i, 3), instant(r.integer(i, 4)), Duration(r.integer(i, 5)), r.integer(i, 7),
                   r.boolean(i, 6)});
  return out;
}

void PostgresStore::run_missed(const std::string& job_id, Instant scheduled) {
  db_->exec("UPDATE schedtool_runs SET state = 'missed', start_error = 'missed: misfire_grace_time'"
            " WHERE job_id = $1 AND scheduled_us = $2 AND attempt = 1 AND instance = $3 AND state = 'claimed'",
            {job_id, micros(scheduled), options_.instance});
}

// Only this instance's own runs from an earlier life: the other members' runs are theirs.
std::vector<std::string> PostgresStore::mark_interrupted() {
  const PgResult r = db_->exec(
      "UPDATE schedtool_runs SET state = 'interrupted', start_error = $2"
      " WHERE instance = $1 AND state IN ('claimed', 'running') RETURNING job_id",
      {options_.instance, std::string(kInterruptedRun)});
  std::vector<std::string> jobs;
  for (int i = 0; i < r.rows(); ++i) jobs.emplace_back(r.text(i, 0));
  std::sort(jobs.begin(), jobs.end());
  jobs.erase(std::unique(jobs.begin(), jobs.end()), jobs.end());
  return jobs;
}

std::vector<RunRecord> PostgresStore::history(const std::string& job, std::size_t limit) {
  const std::string columns =
      "SELECT job_id, scheduled_us, started_us, ended_us, exit_code, signal, timed_out, start_error, output,"
      " attempt, attempts, instance FROM schedtool_runs WHERE started_us IS NOT NULL";
  const std::string n = std::to_string(std::min<std::size_t>(limit, INT64_MAX));
  const PgResult r = job.empty() ? db_->exec((columns + " ORDER BY row DESC LIMIT $1").c_str(), {n})
                                 : db_->exec((columns + " AND job_id = $2 ORDER BY row DESC LIMIT $1").c_str(), {n, job});
  std::vector<RunRecord> runs;
  for (int i = 0; i < r.rows(); ++i) {
    RunRecord& run = runs.emplace_back();
    run.job_id = r.text(i, 0);
    run.scheduled = instant(r.integer(i, 1));
    run.started = instant(r.integer(i, 2));
    if (const auto ended = r.optional_integer(i, 3)) run.ended = instant(*ended);
    run.outcome.exit_code = static_cast<int>(r.integer(i, 4));
    run.outcome.signal = static_cast<int>(r.integer(i, 5));
    run.outcome.timed_out = r.boolean(i, 6);
    run.outcome.start_error = r.text(i, 7);
    run.output = from_hex(r.text(i, 8));
    run.attempt = static_cast<int>(r.integer(i, 9));
    run.attempts = static_cast<int>(r.integer(i, 10));
    run.instance = r.text(i, 11);
  }
  return runs;
}

std::vector<StoredRetry> PostgresStore::load_retries() {
  const PgResult r = db_->exec("SELECT job_id, scheduled_us, attempt, due_us FROM schedtool_retries ORDER BY due_us");
  std::vector<StoredRetry> retries;
  for (int i = 0; i < r.rows(); ++i)
    retries.push_back({std::string(r.text(i, 0)), instant(r.integer(i, 1)), static_cast<int>(r.integer(i, 2)),
                       instant(r.integer(i, 3))});
  return retries;
}

void PostgresStore::save_retry(const StoredRetry& retry) {
  db_->exec("INSERT INTO schedtool_retries (job_id, scheduled_us, attempt, due_us) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (job_id, scheduled_us) DO UPDATE SET attempt = excluded.attempt, due_us = excluded.due_us",
            {retry.job_id, micros(retry.scheduled), std::to_string(retry.attempt), micros(retry.due)});
}

void PostgresStore::remove_retry(const std::string& job_id, Instant scheduled) {
  db_->exec("DELETE FROM schedtool_retries WHERE job_id = $1 AND scheduled_us = $2", {job_id, micros(scheduled)});
}

void PostgresStore::save_setting(const std::string& key, const std::string& value) {
  db_->exec("INSERT INTO schedtool_settings (key, value) VALUES ($1, $2)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {key, value});
}

std::optional<std::string> PostgresStore::setting(const std::string& key) {
  const PgResult r = db_->exec("SELECT value FROM schedtool_settings WHERE key = $1", {key});
  if (r.rows() == 0) return std::nullopt;
  return std::string(r.text(0, 0));
}

std::vector<StoredDefinition> PostgresStore::definitions() {
  const PgResult r = db_->exec(
      "SELECT id, definition, base_fingerprint, changed_us FROM schedtool_runtime_jobs ORDER BY changed_us, id");
  std::vector<StoredDefinition> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({std::string(r.text(i, 0)), std::string(r.text(i, 1)), std::string(r.text(i, 2)),
                   instant(r.integer(i, 3))});
  return out;
}

void PostgresStore::save_definition(const StoredDefinition& d) {
  db_->exec("INSERT INTO schedtool_runtime_jobs (id, definition, base_fingerprint, changed_us) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (id) DO UPDATE SET definition = excluded.definition,"
            " base_fingerprint = excluded.base_fingerprint, changed_us = excluded.changed_us",
            {d.id, d.definition, d.base_fingerprint, micros(d.changed_at)});
}

void PostgresStore::remove_definition(const std::string& id) {
  db_->exec("DELETE FROM schedtool_runtime_jobs WHERE id = $1", {id});
}

}  // namespace schedtool
