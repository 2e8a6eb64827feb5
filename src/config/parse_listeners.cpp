#include "config/parse_listeners.h"

#include <algorithm>
#include <span>

#include <fmt/format.h>

#include "base/suggest.h"
#include "config/event_names.h"
#include "config/job_command.h"

namespace schedtool {
namespace {

constexpr std::string_view kListenerKeys[] = {"events", "jobs", "command", "timeout", "executor"};

bool check_keys(TomlReader& reader, const toml::table& table) {
  bool ok = true;
  for (const auto& [key, value] : table) {
    if (std::find(std::begin(kListenerKeys), std::end(kListenerKeys), key.str()) != std::end(kListenerKeys)) continue;
    const auto suggestion = closest_match(key.str(), kListenerKeys);
    reader.error(key.source(), fmt::format("unknown key '{}' in [[listeners]]{}", key.str(),
                                           suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
    ok = false;
  }
  return ok;
}

bool read_event_name(TomlReader& reader, const toml::node& node, std::vector<std::string>& out) {
  const auto name = reader.string(node, "events[]");
  if (!name) return false;
  if (is_event_kind(*name)) {
    out.push_back(*name);
    return true;
  }
  const auto suggestion = closest_match(*name, event_kinds());
  reader.error(node.source(), fmt::format("unknown event '{}'{}", *name,
                                          suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion)
                                                     : std::string(" (see schedtool(1), EVENTS)")));
  return false;
}

// events = "all" or a non-empty array of kinds; `out` stays empty for "all".
bool read_events(TomlReader& reader, const toml::table& table, std::vector<std::string>& out) {
  const auto* node = table.get("events");
  if (!node) {
    reader.error(table.source(), "missing 'events' (an array of event names like [\"job_error\"], or \"all\")");
    return false;
  }
  if (const auto* text = node->as_string(); text && text->get() == "all") return true;
  const auto* array = node->as_array();
  if (!array || array->empty()) {
    reader.error(node->source(), fmt::format("'events' must be \"all\" or a non-empty array of event names like "
                                             "[\"job_error\"], not {}", array ? "an empty array" : toml_type_name(*node)));
    return false;
  }
  bool ok = true;
  for (const toml::node& item : *array) ok &= read_event_name(reader, item, out);
  return ok;
}

bool read_globs(TomlReader& reader, const toml::table& table, std::vector<std::string>& out) {
  const auto* node = table.get("jobs");
  if (!node) return true;
  const auto* array = node->as_array();
  if (!array) {
    reader.error(node->source(), fmt::format("'jobs' must be an array of job ids or globs like [\"report-*\"], not {}",
                                             toml_type_name(*node)));
    return false;
  }
  bool ok = true;
  for (const toml::node& item : *array) {
    const auto glob = reader.string(item, "jobs[]");
    if (glob) out.push_back(*glob);
    ok &= glob.has_value();
  }
  return ok;
}

// executor = "NAME": an [executors.*] table whose max_workers bounds how many of this listener's
// deliveries run at once (exec/listener_runner.h); without it, one at a time.
bool read_executor(TomlReader& reader, const toml::table& table, const std::vector<std::string>& names, std::string& out) {
  const auto* node = table.get("executor");
  if (!node) return true;
  const auto name = reader.string(*node, "executor");
  if (!name) return false;
  if (std::find(names.begin(), names.end(), *name) != names.end()) {
    out = *name;
    return true;
  }
  const auto suggestion = closest_match(*name, std::span<const std::string>(names));
  reader.error(node->source(), fmt::format("unknown executor '{}' in [[listeners]] (defined: {}{})", *name,
                                           fmt::join(names, ", "), suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
  return false;
}

std::optional<ListenerConfig> read_listener(TomlReader& reader, const toml::table& table,
                                            const std::vector<std::string>& executors) {
  ListenerConfig l;
  l.origin = fmt::format("listener at {}:{}", reader.path(), table.source().begin.line);
  bool ok = check_keys(reader, table);
  ok &= read_events(reader, table, l.events);
  ok &= read_globs(reader, table, l.jobs);
  ok &= read_executor(reader, table, executors, l.executor);
  if (const auto* node = table.get("command")) {
    auto command = read_command(reader, *node, "command");
    if (command) l.command = std::move(*command);
    ok &= command.has_value();
  } else {
    reader.error(table.source(), "missing 'command' (a shell string, or an argv array)");
    ok = false;
  }
  if (const auto* node = table.get("timeout")) {
    const auto timeout = reader.duration(*node, "timeout");
    if (timeout) l.timeout = **timeout;
    ok &= timeout.has_value();
  }
  if (!ok) return std::nullopt;
  return l;
}

}  // namespace

std::vector<ListenerConfig> read_listeners(TomlReader& reader, const toml::table& root,
                                           const std::vector<ExecutorConfig>& executors) {
  std::vector<ListenerConfig> out;
  std::vector<std::string> names;
  for (const ExecutorConfig& e : executors) names.push_back(e.name);
  const auto* node = root.get("listeners");
  if (!node) return out;
  const auto* tables = node->as_array();
  if (!tables || !tables->is_array_of_tables()) {
    reader.error(node->source(), "'listeners' must be written as [[listeners]] tables");
    return out;
  }
  for (const toml::node& table : *tables)
    if (auto listener = read_listener(reader, *table.as_table(), names)) out.push_back(std::move(*listener));
  return out;
}

void add_job_listeners(const std::vector<JobConfig>& jobs, std::vector<ListenerConfig>& out) {
  for (const JobConfig& job : jobs) {
    if (job.on_failure) {
      ListenerConfig l;
      l.events = {"job_error", "job_timeout"};
      l.job = job.id;
      l.final_only = true;
      l.command = *job.on_failure;
      l.origin = fmt::format("on_failure of job \"{}\"", job.id);
      out.push_back(std::move(l));
    }
    if (job.on_success) {
      ListenerConfig l;
      l.events = {"job_executed"};
      l.job = job.id;
      l.command = *job.on_success;
      l.origin = fmt::format("on_success of job \"{}\"", job.id);
      out.push_back(std::move(l));
    }
  }
}

}  // namespace schedtool
