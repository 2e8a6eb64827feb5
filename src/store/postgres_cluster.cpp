// The postgresql job store's cluster side (store/postgres_store.h): membership and leases (join,
// heartbeat with recovery and fencing, a clean leave), the claim, and what the other members did
// (resumes, the member list).
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include "store/pg_connection.h"
#include "store/postgres_sql.h"
#include "store/postgres_store.h"

namespace schedtool {

using namespace pg_sql;

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

}  // namespace schedtool
