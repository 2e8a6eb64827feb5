#pragma once
// Each subcommand registers its options on a CLI11 app and returns the function that runs it.
#include <functional>

#include <CLI/CLI.hpp>

namespace schedtool {

struct Command {
  CLI::App* app;           // the subcommand, to tell whether it was chosen
  std::function<int()> run;
};

Command add_next_command(CLI::App& app);
Command add_explain_command(CLI::App& app);
Command add_check_command(CLI::App& app);
Command add_jobs_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_history_command(CLI::App& app);
Command add_ctl_command(CLI::App& app);
Command add_convert_command(CLI::App& app);
Command add_completion_command(CLI::App& app);  // hidden

}  // namespace schedtool
