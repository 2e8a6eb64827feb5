// schedtool history [--state PATH | FILE] [JOB] [-n N] [--json] [--output] [--tz ZONE]
#include <memory>

#include <fmt/format.h>

#include "base/error.h"
#include "base/json.h"
#include "cli/cli_main.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "output/run_status.h"
#include "cli/cluster_store.h"
#include "store/sqlite_store.h"
#include "time/duration_text.h"
#include "time/zone.h"
#include "time/time_text.h"

namespace schedtool {
namespace {

struct HistoryOptions {
  std::string file;
  std::string state;
  std::string job;
  std::size_t count = 20;
  bool json = false;
  bool output = false;
  std::string tz;
};

std::string duration_text(const RunRecord& r) {
  if (!r.ended) return "-";
  return format_elapsed(*r.ended - r.started);
}

std::string run_json(const RunRecord& r, const Zone& zone, bool with_output) {
  std::string out = fmt::format("{{\"job\":{},\"scheduled_at\":{},\"started_at\":{}", json_string(r.job_id),
                                json_string(format_rfc3339(r.scheduled, zone)), json_string(format_rfc3339(r.started, zone)));
  out += r.ended ? ",\"ended_at\":" + json_string(format_rfc3339(*r.ended, zone)) : ",\"ended_at\":null";
  if (r.ended) out += fmt::format(",\"duration_s\":{:.6f}", static_cast<double>((*r.ended - r.started).count()) / 1e6);
  out += ",\"status\":" + json_string(run_status(r));
  if (r.ended && r.outcome.start_error.empty() && !r.outcome.signal) out += fmt::format(",\"exit_code\":{}", r.outcome.exit_code);
  if (r.outcome.signal) out += fmt::format(",\"signal\":{}", r.outcome.signal);
  if (!r.outcome.start_error.empty()) out += ",\"error\":" + json_string(r.outcome.start_error);
  out += fmt::format(",\"attempt\":{},\"attempts\":{}", r.attempt, r.attempts);
  if (!r.instance.empty()) out += ",\"instance\":" + json_string(r.instance);
  if (with_output) out += ",\"output\":" + json_string(r.output);
  return out + "}";
}

// The zone the scheduler logged in, as it recorded it; the machine's for a file from before that.
ZonePtr scheduler_zone(JobStore& store) {
  if (const auto name = store.setting("timezone")) {
    try {
      return find_zone(*name);
    } catch (const Error&) {  // a zone this machine lacks: its own is the best guess
    }
  }
  return local_zone();
}

std::unique_ptr<JobStore> open_for_reading(const std::string& path) {
  StoreOptions store_options;
  store_options.read_only = true;  // a running scheduler holds the store; reading does not need it
  return SqliteStore::open(path, store_options);
}

int run_history(HistoryOptions options) {
  if (!options.state.empty() && !options.file.empty() && options.job.empty()) std::swap(options.file, options.job);
  std::unique_ptr<JobStore> store;
  ZonePtr zone;  // the scheduler's: its jobs file's, else the one it recorded in the state file
  if (!options.state.empty()) {
    store = open_for_reading(options.state);
  } else {
    if (options.file.empty()) throw Error("history: give --state PATH or the jobs file");
    const auto config = load_or_report(options.file, make_context("", ""));
    if (!config) return kExitUsage;
    if (config->store.type == StoreType::memory)
      throw Error(options.file + " keeps no history: its [jobstores.default] is memory (give it type = \"sqlite\" or \"postgresql\")");
    store = config->store.type == StoreType::postgresql ? open_cluster_store(config->store, "", true)
                                                        : open_for_reading(config->store.path);
    zone = config->zone;
  }
  if (!options.tz.empty()) zone = find_zone(options.tz);
  if (!zone) zone = scheduler_zone(*store);
  const std::vector<RunRecord> runs = store->history(options.job, options.count);
  if (options.json) {
    std::string out = "[";
    for (std::size_t i = 0; i < runs.size(); ++i) out.append(i ? ",\n " : "").append(run_json(runs[i], *zone, options.output));
    fmt::print("{}]\n", out);
    return kExitOk;
  }
  if (runs.empty()) fmt::print("No runs recorded{}.\n", options.job.empty() ? "" : " for " + options.job);
  for (const RunRecord& r : runs) {
    fmt::print("{}  {:<20} {:<16} {:>10}  scheduled {}{}{}\n", format_local(r.started, *zone), r.job_id, run_status(r),
               duration_text(r), format_local(r.scheduled, *zone),
               r.attempts > 1 ? fmt::format("  attempt {}/{}", r.attempt, r.attempts) : "",
               r.instance.empty() ? "" : "  on " + r.instance);
    if (options.output && !r.output.empty()) fmt::print("{}{}", r.output, r.output.back() == '\n' ? "" : "\n");
  }
  return kExitOk;
}

}  // namespace

Command add_history_command(CLI::App& app) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* sub = app.add_subcommand("history", "Recent runs recorded in a SQLite or PostgreSQL job store, newest first");
  sub->add_option("file", options->file, "The jobs file (its [jobstores.default] names the state file or the database)");
  sub->add_option("job", options->job, "Only this job");
  sub->add_option("--state", options->state, "The state file (instead of a jobs file)");
  sub->add_option("-n,--count", options->count, "How many runs (default 20)")->check(CLI::Range(1, 100000));
  sub->add_flag("--json", options->json, "Print [{job, scheduled_at, started_at, ended_at, duration_s, status, …, attempt, attempts}]");
  sub->add_flag("--output", options->output, "Also print each run's captured output (its last 64 KiB)");
  sub->add_option("--tz", options->tz,
                  "Show times in this IANA zone (default: the scheduler's, as its log showed them)");
  return {sub, [options] { return run_history(*options); }};
}

}  // namespace schedtool
