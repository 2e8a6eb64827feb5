// schedtool run FILE [--log-format text|json] [-q|-v] [--shutdown-timeout D] [--for D] [--until T] [--max-runs N]
//                    [--state DB] [--control PATH | --no-control]
#include <unistd.h>

#include <cstdio>
#include <map>
#include <memory>
#include <new>
#include <random>

#include <fmt/format.h>

#include "base/error.h"
#include "config/file_definitions.h"
#include "config/file_trust.h"
#include "control/control_server.h"
#include "control/socket_path.h"
#include "cli/cli_main.h"
#include "cli/commands.h"
#include "cli/host_check.h"
#include "cli/load.h"
#include "cli/terminal_sink.h"
#include "exec/listener_runner.h"
#include "runtime/listening_sink.h"
#include "runtime/loop.h"
#include "runtime/posix_driver.h"
#include "runtime/sd_notify.h"
#include "cli/cluster_store.h"
#include "store/sqlite_store.h"
#include "time/duration_text.h"
#include "time/time_text.h"

namespace schedtool {
namespace {

struct RunOptions {
  std::string format;
  std::string path;
  std::string log_format = "text";
  bool quiet = false;
  bool verbose = false;
  std::string shutdown_timeout = "30s";
  std::string run_for;
  std::string until;
  std::int64_t max_runs = 0;  // signed: CLI11 would wrap "-1" into a huge unsigned count
  std::string state;
  std::string instance;  // this scheduler's name in a postgresql store's cluster
  std::string control;
  bool no_control = false;
  bool fail_on_error = false;
  bool state_recover = false;
  bool paused = false;
};

// The file as `run` takes it: valid, and (as root) trusted — config/file_trust.h. Diagnostics are
// printed as they come and kept, for `ctl reload`'s reply.
ReloadResult load_for_run(const std::string& path, const LoadContext& context, TerminalSink& terminal) {
  LoadResult result = load_config(path, context);
  if (result.config) {
    std::vector<Diagnostic> distrust = trust_problems(*result.config, geteuid());
    result.errors.insert(result.errors.end(), distrust.begin(), distrust.end());
    if (!distrust.empty()) result.config.reset();
  }
  if (result.config)
    for (Diagnostic& d : host_problems(*result.config)) result.warnings.push_back(std::move(d));
  ReloadResult out;
  for (const Diagnostic& d : result.warnings) terminal.diagnostic(d, true);
  for (const Diagnostic& d : result.errors) {
    out.errors.push_back(format_diagnostic(d, false));
    terminal.diagnostic(d, false);
  }
  out.config = std::move(result.config);
  return out;
}

Duration parse_duration_option(const std::string& text, const char* option) {
  try {
    return parse_duration(text);
  } catch (Error& e) {
    e.message = std::string(option) + ": " + e.message;
    throw;
  }
}

// The control socket, made before the driver (whose threads must not see the umask it is created
// with). An explicit --control must work; the default place may be unusable (a read-only /etc in a
// container): then the scheduler runs without one and says so. A live scheduler's socket is
// never taken over, wherever it is.
std::unique_ptr<ControlServer> open_control(const RunOptions& options, TerminalSink& terminal) {
  if (options.no_control) return nullptr;
  if (!options.control.empty()) return std::make_unique<ControlServer>(options.control);
  try {
    return std::make_unique<ControlServer>(default_control_path(options.path));
  } catch (const ControlSocketInUse&) {
    throw;
  } catch (const Error& e) {
    terminal.notice(e.message + ": `schedtool ctl` cannot reach this scheduler (give it --control PATH)", true);
    return nullptr;
  }
}

// A damaged state file stops the run (exit 2) unless --state-recover says to move it aside.
std::unique_ptr<JobStore> open_store(const std::string& path, const StoreOptions& store_options, bool recover,
                                     TerminalSink& terminal) {
  try {
    return SqliteStore::open(path, store_options);
  } catch (const StateFileDamaged& e) {
    if (!recover) throw;
    const std::string aside = move_aside(path, real_now());
    terminal.notice("--state-recover: " + e.message.substr(0, e.message.find("; it was left untouched")) +
                        "; moved it to '" + aside + "' and started a new one: every job starts afresh",
                    true);
    return SqliteStore::open(path, store_options);
  }
}

// Listeners run on a thread of their own, started after the driver has blocked the signals it
// reads (a thread started before would take SIGTERM itself). What is queued at the end is still
// delivered, each listener bounded by its timeout.
LoopResult run_with_listeners(Config config, PosixDriver& driver, TerminalSink& terminal, const LoopOptions& loop) {
  const std::vector<ListenerConfig> listeners = std::move(config.listeners);
  std::map<std::string, std::string> names;
  for (const JobConfig& job : config.jobs) names[job.id] = job.name;
  ListenerRunners runners(listeners, config.executors);
  ListeningSink sink(terminal, listeners, runners, config.zone, [&names](const std::string& id) {
    const auto it = names.find(id);
    return it == names.end() ? id : it->second;
  });
  const LoopResult result = run_scheduler(std::move(config), driver, sink, loop);
  runners.close();
  sink.tick(driver.now());
  if (const auto dropped = runners.dropped())
    terminal.notice(fmt::format("Listeners: {} event(s) dropped because the queue was full", dropped), true);
  return result;
}

int run_scheduler_from(const RunOptions& options, const LoadContext& context, TerminalSink& terminal) {
  auto config = load_for_run(options.path, context, terminal).config;
  if (!config) return kExitUsage;
  terminal.set_zone(config->zone);

  LoopOptions loop;
  loop.shutdown_timeout = parse_duration_option(options.shutdown_timeout, "--shutdown-timeout");
  if (!options.run_for.empty()) loop.until = context.now + parse_duration_option(options.run_for, "--for");
  if (!options.until.empty()) {
    const Instant until = parse_time_in(options.until, *config->zone);
    if (until < context.now)
      throw Error("--until " + format_local(until, *config->zone) + " is in the past: nothing would run");
    loop.until = loop.until ? std::min(*loop.until, until) : until;
  }
  if (options.max_runs) loop.max_runs = static_cast<std::uint64_t>(options.max_runs);
  loop.jitter_seed = std::random_device{}();
  loop.reload = [path = options.path, format = options.format, &terminal] {
    return load_for_run(path, make_context("", "", format), terminal);
  };
  loop.start_paused = options.paused;
  auto definitions = std::make_shared<FileDefinitions>(options.path, context.format);
  loop.file_definition = [definitions](const std::string& id) { return definitions->find(id); };

  // The job store: --state overrides [jobstores.default]. Opening it takes its lock, so a second
  // scheduler on the same state file stops here with a clear message (exit 2).
  StoreConfig store_config = config->store;
  if (!options.state.empty()) store_config.type = StoreType::sqlite, store_config.path = options.state;
  std::unique_ptr<JobStore> store;
  if (store_config.type == StoreType::postgresql) {
    store = open_cluster_store(store_config, instance_name(store_config, options.instance), false);
  } else if (store_config.type == StoreType::sqlite) {
    StoreOptions store_options;
    store_options.history_limit = store_config.history_limit;
    store_options.output_limit = store_config.output_limit;
    store = open_store(store_config.path, store_options, options.state_recover, terminal);
  }
  loop.store = store.get();
  loop.max_clock_offset = store_config.max_clock_offset;
  loop.output_limit = store_config.output_limit;

  std::unique_ptr<ControlServer> control = open_control(options, terminal);
  const std::unique_ptr<SdNotify> service = SdNotify::from_environment();  // before the driver's threads
  loop.service = service.get();
  const std::unique_ptr<StageTrace> trace = StageTrace::from_environment();

  terminal.listing(initial_schedule(*config, context.now));
  if (control && options.verbose) terminal.notice("Control socket: " + control->path(), false);
  PosixDriver driver(config->executors, control.get(), trace.get());
  const LoopResult result = config->listeners.empty()
                                ? run_scheduler(std::move(*config), driver, terminal, loop)
                                : run_with_listeners(std::move(*config), driver, terminal, loop);
  if (options.fail_on_error && result.runs.failed > 0) return kExitRuntime;
  return result.exit_code;
}

// Every way `run` can end is said in the log's own format: JSON mode never prints a plain line.
int run_run(const RunOptions& options) {
  if (options.log_format != "text" && options.log_format != "json")
    throw Error("--log-format: expected text or json, not '" + options.log_format + "'");
  const LoadContext context = make_context("", "", options.format);
  TerminalSink terminal(context.default_zone, options.log_format == "json", options.quiet, options.verbose);
  try {
    return run_scheduler_from(options, context, terminal);
  } catch (const Error& e) {
    terminal.error(e);
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    terminal.error(Error("out of memory"));
    return kExitRuntime;
  } catch (const std::exception& e) {  // a system call's failure, worded where it is thrown
    terminal.error(Error(e.what()));
    return kExitRuntime;
  }
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* sub = app.add_subcommand("run", "Print the schedule, then run the jobs in the foreground until stopped");
  sub->add_option("file", options->path, "The jobs file (TOML, or a crontab)")->required();
  add_format_option(*sub, options->format);
  sub->add_option("--log-format", options->log_format, "text (APScheduler's messages) or json (one object per line)");
  sub->add_flag("-q,--quiet", options->quiet, "Log only warnings and failures; no schedule on stdout");
  sub->add_flag("-v,--verbose", options->verbose, "Also log APScheduler's DEBUG lines (each wake-up: \"Next wakeup is due at ...\")");
  sub->add_option("--shutdown-timeout", options->shutdown_timeout,
                  "On SIGINT/SIGTERM, how long running jobs get after SIGTERM before SIGKILL (default 30s)");
  sub->add_option("--for", options->run_for, "Stop after this long (e.g. 90s, 5m); running jobs may finish");
  sub->add_option("--until", options->until, "Stop at this time (runs due then still start, and may finish)");
  sub->add_option("--max-runs", options->max_runs, "Stop after this many completed runs")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return text.find_first_not_of("0123456789") == std::string::npos && text.find_first_not_of('0') != std::string::npos
                       ? std::string()
                       : "expected a whole number of at least 1, not '" + text + "'";
          },
          "N"));
  sub->add_flag("--paused", options->paused,
                "Start with the scheduler paused (APScheduler's start(paused=True)): nothing starts until\n"
                "`schedtool ctl resume-all`; jobs can be looked at, added and changed meanwhile");
  sub->add_flag("--fail-on-error", options->fail_on_error,
                "Exit 1 if any run failed (for CI); the last log lines sum up the runs: ok, failed, missed");
  sub->add_option("--state", options->state,
                  "Keep state in this SQLite file (overrides [jobstores.default]): restarts resume where\n"
                  "they stopped, missed runs are caught up by coalesce/misfire_grace_time, runs are recorded");
  sub->add_option("--instance", options->instance,
                  "This scheduler's name in a cluster (a postgresql job store; default: the store's\n"
                  "'instance', else HOST:PID)");
  sub->add_flag("--state-recover", options->state_recover,
                "If the state file is damaged, move it aside (FILE.damaged-TIME) and start a new one\n"
                "(without it, a damaged state file stops the run with exit 2 and is left untouched)");
  sub->add_option("--control", options->control,
                  "Listen for `schedtool ctl` on this Unix socket (default: /run/schedtool/NAME.sock for\n"
                  "/etc/schedtool/NAME.toml, else $XDG_RUNTIME_DIR/schedtool.sock, else FILE.sock next to the jobs file); mode 0600, only this user and root may connect");
  sub->add_flag("--no-control", options->no_control, "Do not listen for `schedtool ctl`")->excludes("--control");
  sub->footer(
      "Signals: SIGINT/SIGTERM stop (a second one kills at once), SIGHUP reloads the file,\n"
      "SIGUSR1 prints the schedule. A signal sends SIGTERM to running jobs at once, SIGKILL after\n"
      "--shutdown-timeout; --for/--until/--max-runs first let them finish for --shutdown-timeout,\n"
      "then do the same. Exit status 0 after a clean stop,\n"
      "1 if jobs had to be killed (or, with --fail-on-error, a run failed), 2 for a bad jobs file,\n"
      "a control socket that another scheduler holds, or a state file in use or damaged.");
  return {sub, [options] { return run_run(*options); }};
}

}  // namespace schedtool
