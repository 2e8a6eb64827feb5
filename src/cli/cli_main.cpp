#include "cli/cli_main.h"

#include <cstdio>
#include <new>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/commands.h"

namespace schedtool {
namespace {

// Subcommands in the order --help lists them.
constexpr Command (*kSubcommands[])(CLI::App&) = {
    add_next_command,
    add_explain_command,
    add_check_command,
    add_jobs_command,
    add_run_command,
    add_history_command,
    add_ctl_command,
    add_convert_command,
    add_completion_command,  // hidden from --help
};

void print_error(const Error& e) {
  fmt::print(stderr, "schedtool: error: {}\n", e.message);
  if (const std::string caret = caret_lines(e); !caret.empty()) fmt::print(stderr, "{}\n", caret);
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"schedtool — a job scheduler for shell commands, with APScheduler's model", "schedtool"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "schedtool 0.1.0");
  app.footer("Exit status: 0 ok, 1 runtime failure, 2 usage or configuration error.\nSee schedtool(1).");

  std::vector<Command> commands;
  for (const auto add : kSubcommands) commands.push_back(add(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    for (const Command& command : commands)
      if (command.app->parsed()) return command.run();
    return kExitUsage;
  } catch (const Error& e) {
    print_error(e);
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "schedtool: error: out of memory\n");
    return kExitRuntime;
  } catch (const std::exception& e) {  // a system call's failure, worded where it is thrown
    fmt::print(stderr, "schedtool: error: {}\n", e.what());
    return kExitRuntime;
  }
}

}  // namespace schedtool
