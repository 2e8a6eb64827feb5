// schedtool completion bash|zsh|fish (hidden): prints a completion script read off the CLI11
// definition. `schedtool completion zones` lists the zone names --tz accepts (the scripts call it).
#include "cli/completion.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "base/error.h"
#include "cli/cli_main.h"
#include "cli/commands.h"
#include "time/zone.h"

namespace schedtool {
namespace {

// What CLI11 cannot tell: the kind of value an option or positional takes, by its name.
// A new file or zone option is named here, or its value is completed as free text.
struct ValueKindRule {
  std::string_view name;
  ValueKind kind;
  std::string_view words;
};
constexpr ValueKindRule kValueKinds[] = {
    {"file", ValueKind::file, ""},         {"--file", ValueKind::file, ""},
    {"--state", ValueKind::file, ""},      {"--control", ValueKind::file, ""},
    {"--tz", ValueKind::zone, ""},         {"id", ValueKind::job_id, ""},
    {"--log-format", ValueKind::words, "text json"},
    {"--format", ValueKind::words, "toml crontab system-crontab"},
    {"crontab", ValueKind::file, ""},
    {"shell", ValueKind::words, "bash zsh fish zones"},
};

CompletionOption describe_option(const CLI::Option& opt) {
  CompletionOption out;
  for (const std::string& s : opt.get_snames()) out.names.push_back("-" + s);
  for (const std::string& l : opt.get_lnames()) out.names.push_back("--" + l);
  out.help = opt.get_description().substr(0, opt.get_description().find('\n'));
  if (opt.get_type_size_max() == 0) return out;
  out.value = ValueKind::any;
  for (const ValueKindRule& rule : kValueKinds) {
    if (std::find(out.names.begin(), out.names.end(), rule.name) == out.names.end()) continue;
    out.value = rule.kind;
    out.words = rule.words;
  }
  return out;
}

ValueKind positional_kind(const CLI::Option& opt) {
  for (const ValueKindRule& rule : kValueKinds)
    if (opt.get_name() == rule.name) return rule.kind;
  return ValueKind::any;
}

CompletionCommand describe(const CLI::App& app, const CompletionCommand* parent) {
  CompletionCommand out;
  out.name = app.get_name();
  out.help = app.get_description();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional()) out.positionals.push_back(positional_kind(*opt));
    else out.options.push_back(describe_option(*opt));
  }
  if (parent && app.get_fallthrough())
    for (const CompletionOption& o : parent->options)
      if (std::find(o.names.begin(), o.names.end(), "--help") == o.names.end()) out.options.push_back(o);
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); }))
    out.children.push_back(describe(*sub, &out));
  return out;
}

int print_completion(const CLI::App& root, const std::string& shell) {
  if (shell == "zones") {
    for (const std::string& name : zone_names()) fmt::print("{}\n", name);
    return kExitOk;
  }
  const CompletionCommand model = completion_model(root);
  if (shell == "bash") fmt::print("{}", bash_completion(model));
  else if (shell == "zsh") fmt::print("{}", zsh_completion(model));
  else if (shell == "fish") fmt::print("{}", fish_completion(model));
  else throw Error("completion: expected bash, zsh or fish, not '" + shell + "'");
  return kExitOk;
}

}  // namespace

CompletionCommand completion_model(const CLI::App& app) {
  CompletionCommand root = describe(app, nullptr);
  root.name = "schedtool";
  return root;
}

Command add_completion_command(CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
  sub->group("");  // hidden: the install step uses it, users get the installed scripts
  sub->add_option("shell", *shell, "bash, zsh or fish")->required();
  return {sub, [&app, shell] { return print_completion(app, *shell); }};
}

}  // namespace schedtool
