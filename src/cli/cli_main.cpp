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

struct Subcommand {
  std::string_view name;  // as its add_ function names it
  Command (*add)(CLI::App&);
};

// Subcommands in the order --help lists them.
constexpr Subcommand kSubcommands[] = {
    {"next", add_next_command},
    {"explain", add_explain_command},
    {"check", add_check_command},
    {"jobs", add_jobs_command},
    {"run", add_run_command},
    {"history", add_history_command},
    {"ctl", add_ctl_command},
    {"convert", add_convert_command},
    {"completion", add_completion_command},  // hidden from --help
};

// The subcommand to build alone, or nullptr for all of them. Building CLI11's option trees is most
// of a short command's start-up (callgrind: 78 % of `schedtool next "*/5 * * * *"`'s instructions
// went to building all nine), so a command named exactly builds only itself. --help, a misspelt
// command ("did you mean") and `completion` (which reads the whole tree) build them all.
const Subcommand* only_subcommand(int argc, char** argv) {
  if (argc < 2) return nullptr;
  const std::string_view first = argv[1];
  for (const Subcommand& s : kSubcommands)
    if (s.name == first && s.name != "completion") return &s;
  return nullptr;
}

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
  if (const Subcommand* only = only_subcommand(argc, argv))
    commands.push_back(only->add(app));
  else
    for (const Subcommand& s : kSubcommands) commands.push_back(s.add(app));

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
