#pragma once
// Shell completions from the one CLI11 definition (`schedtool completion bash|zsh|fish`, hidden), so
// they never drift from --help. The model is read off the CLI::App tree; what an option's value is
// (a file, a zone, a job id) is the one thing CLI11 does not know: kValueKinds in completion.cpp.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace schedtool {

enum class ValueKind { none, any, file, zone, job_id, words };

struct CompletionOption {
  std::vector<std::string> names;  // "--tz", "-n", "--count"
  std::string help;
  ValueKind value = ValueKind::none;
  std::string words;  // for ValueKind::words: "text json"
};

struct CompletionCommand {
  std::string name;  // "" for schedtool itself
  std::string help;
  std::vector<CompletionOption> options;    // its own, and its parent's when it falls through (ctl pause)
  std::vector<ValueKind> positionals;       // in order
  std::vector<CompletionCommand> children;  // subcommands, hidden ones left out
};

CompletionCommand completion_model(const CLI::App& app);

// Each prints a whole script; `program` is the command the scripts call back for zones and job ids.
std::string bash_completion(const CompletionCommand& root);
std::string zsh_completion(const CompletionCommand& root);
std::string fish_completion(const CompletionCommand& root);

}  // namespace schedtool
