// schedtool ctl [--control PATH | --file JOBS] [--json] [--timeout D] COMMAND [ID | --tag NAME]
// A client of a running `schedtool run` (control/protocol.h). Exit status: 0 ok, 1 the request
// failed (unknown job, max_instances, a reload with errors …), 2 usage, 3 no scheduler listening.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "cli/cli_main.h"
#include "cli/commands.h"
#include "control/control_client.h"
#include "control/protocol.h"
#include "control/socket_path.h"
#include "base/json.h"
#include "config/toml.h"
#include "time/duration_text.h"

namespace schedtool {
namespace {

constexpr int kExitUnreachable = 3;

struct CtlOptions {
  std::string control;
  std::string file;
  bool json = false;
  std::string timeout = "10s";
  std::string job_id;
  std::string tag;
  std::string toml;                      // add --toml
  std::vector<std::string> assignments;  // modify / reschedule KEY=VALUE...
  const ControlCommandInfo* command = nullptr;
};

// KEY=VALUE as a TOML line: VALUE as TOML when it reads as a value (3, true, "5m", [..], {..}),
// else as a string, so `command=echo hi` needs no quotes.
std::string assignment_line(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error("expected KEY=VALUE, not '" + assignment + "' (e.g. timeout=5m, command=\"echo hi\")");
  const std::string key = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  const std::string line = key + " = " + value + "\n";
  try {
    (void)toml::parse(line);
    return line;
  } catch (const toml::parse_error&) {
    return key + " = " + json_string(value) + "\n";  // a JSON string is a TOML basic string
  }
}

std::string request_toml(const CtlOptions& options) {
  if (options.command->command == ControlCommand::add) {
    if (!options.toml.empty()) return options.toml;
    std::string text, line;
    for (char buffer[4096]; std::fgets(buffer, sizeof buffer, stdin);) text += buffer;
    if (text.empty()) throw Error("ctl add: give the job as a TOML table on standard input or with --toml");
    return text;
  }
  if (options.assignments.empty())
    throw Error(fmt::format("ctl {}: give at least one KEY=VALUE", options.command->name));
  std::string text;
  for (const std::string& a : options.assignments) text += assignment_line(a);
  return text;
}

std::string socket_path(const CtlOptions& options) {
  if (!options.control.empty()) return options.control;
  if (!options.file.empty() || std::getenv("XDG_RUNTIME_DIR")) return default_control_path(options.file);
  throw Error("no control socket given: use --control PATH or --file JOBS_FILE (XDG_RUNTIME_DIR is not set)");
}

int run_ctl(const CtlOptions& options) {
  const std::string path = socket_path(options);
  const Duration timeout = parse_duration(options.timeout);
  if (options.command->takes_id && options.job_id.empty() == options.tag.empty())
    throw Error(fmt::format("ctl {}: give a job id{}", options.command->name,
                            control_command_takes_tag(options.command->command) ? " or --tag NAME (not both)" : ""));
  ControlRequest request;
  request.command = options.command->command;
  request.job_id = options.job_id;
  request.tag = options.tag;
  if (options.command->takes_toml) request.toml = request_toml(options);
  std::string line;
  try {
    line = control_exchange(path, control_request_line(request), timeout);
  } catch (const ControlUnreachable& e) {
    fmt::print(stderr, "schedtool: error: {}\n", e.message);
    return kExitUnreachable;
  } catch (const Error& e) {
    fmt::print(stderr, "schedtool: error: {}\n", e.message);
    return kExitRuntime;
  }
  const ControlReply reply = parse_control_reply(line);
  if (options.json) {
    fmt::print("{}\n", line);
  } else if (reply.ok) {
    const std::string& text = reply.text.empty() ? reply.message + "\n" : reply.text;
    fmt::print("{}", text);
  } else {
    fmt::print(stderr, "schedtool: error: {}\n", reply.text.empty() ? reply.message : reply.text);
  }
  return reply.ok ? kExitOk : kExitRuntime;
}

}  // namespace

Command add_ctl_command(CLI::App& app) {
  auto options = std::make_shared<CtlOptions>();
  CLI::App* sub = app.add_subcommand("ctl", "Control a running `schedtool run`: pause, resume, run now, reload, status; add and change jobs");
  sub->add_option("--control", options->control,
                  "The scheduler's control socket (default: $XDG_RUNTIME_DIR/schedtool.sock, or JOBS_FILE.sock with --file)");
  sub->add_option("--file", options->file, "The scheduler's jobs file, to find its socket as `run` does");
  sub->add_flag("--json", options->json, "Print the scheduler's reply as it came: one JSON object");
  sub->add_option("--timeout", options->timeout, "How long to wait for the reply (default 10s)");
  sub->require_subcommand(1);
  for (const ControlCommandInfo& info : control_commands()) {
    CLI::App* command = sub->add_subcommand(std::string(info.name), std::string(info.help));
    command->fallthrough();
    if (info.takes_id && control_command_takes_tag(info.command)) {
      command->add_option("id", options->job_id, "The job's id");
      command->add_option("--tag", options->tag, "Instead of an id: every job with this tag");
    } else if (info.takes_id) {
      command->add_option("id", options->job_id, "The job's id")->required();
    }
    if (info.command == ControlCommand::add)
      command->add_option("--toml", options->toml, "The job's TOML table (default: read standard input)");
    else if (info.takes_toml)
      command->add_option("assignments", options->assignments,
                          info.command == ControlCommand::modify ? "KEY=VALUE: options to change (TOML values; plain text is a string)"
                                                                 : "KEY=VALUE: the new trigger's arguments (trigger=... to change its type)")
          ->required();
    command->callback([options, &info] { options->command = &info; });
  }
  sub->footer(
      "Exit status: 0 ok, 1 the request failed (unknown job, max_instances, reload errors, no reply),\n"
      "2 usage error, 3 no scheduler is listening. The protocol is in schedtool(1).");
  return {sub, [options] { return run_ctl(*options); }};
}

}  // namespace schedtool
