#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "base/suggest.h"
#include "config/config.h"
#include "config/crontab_file.h"
#include "config/env_file.h"
#include "config/parse_job.h"
#include "config/parse_jobstores.h"
#include "config/parse_listeners.h"
#include "config/retry_keys.h"
#include "config/text_file.h"
#include "config/toml_reader.h"

namespace schedtool {
namespace {

constexpr std::string_view kTopLevelKeys[] = {"scheduler", "job_defaults", "executors", "jobstores", "jobs",
                                              "listeners"};
constexpr std::string_view kSchedulerKeys[] = {"timezone"};
constexpr std::string_view kJobDefaultKeys[] = {"coalesce",      "max_instances", "misfire_grace_time", "retries",
                                                "retry_delay",   "retry_backoff", "retry_max_delay"};
constexpr std::string_view kExecutorKeys[] = {"type", "max_workers"};

struct ExecutorType {
  std::string_view name;
  ExecutorKind kind;
};
constexpr ExecutorType kExecutorTypes[] = {
    {"threadpool", ExecutorKind::threadpool},
    {"subprocess", ExecutorKind::subprocess},
    {"processpool", ExecutorKind::subprocess},  // APScheduler's name; children are processes either way
};

ZonePtr read_scheduler(TomlReader& reader, const toml::table& root, const LoadContext& context) {
  const auto* scheduler = table_at(reader, root.get("scheduler"), "scheduler");
  if (!scheduler) return context.default_zone;
  check_table_keys(reader, *scheduler, kSchedulerKeys, "[scheduler]");
  const auto* tz = scheduler->get("timezone");
  if (!tz) return context.default_zone;
  ZonePtr zone = reader.zone(*tz, "timezone");
  return zone ? zone : context.default_zone;
}

JobDefaults read_job_defaults(TomlReader& reader, const toml::table& root) {
  JobDefaults defaults;
  const auto* table = table_at(reader, root.get("job_defaults"), "job_defaults");
  if (!table) return defaults;
  check_table_keys(reader, *table, kJobDefaultKeys, "[job_defaults]");
  if (const auto* node = table->get("coalesce"))
    defaults.coalesce = reader.boolean(*node, "coalesce").value_or(defaults.coalesce);
  if (const auto* node = table->get("max_instances"))
    defaults.max_instances = static_cast<int>(reader.integer(*node, "max_instances", 1).value_or(1));
  if (const auto* node = table->get("misfire_grace_time"))
    if (const auto grace = reader.duration(*node, "misfire_grace_time", true)) defaults.misfire_grace_time = *grace;
  read_retry_keys(reader, *table, defaults.retry);
  return defaults;
}

std::optional<ExecutorConfig> read_executor(TomlReader& reader, const std::string& name, const toml::node& node) {
  const auto* table = table_at(reader, &node, "executors." + name);
  if (!table) return std::nullopt;
  check_table_keys(reader, *table, kExecutorKeys, "[executors." + name + "]");
  ExecutorConfig executor{name, ExecutorKind::threadpool, 10};
  if (const auto* type = table->get("type")) {
    const auto text = reader.string(*type, "type");
    if (!text) return std::nullopt;
    const auto found = std::find_if(std::begin(kExecutorTypes), std::end(kExecutorTypes),
                                    [&](const ExecutorType& t) { return t.name == *text; });
    if (found == std::end(kExecutorTypes)) {
      constexpr std::string_view names[] = {"threadpool", "subprocess", "processpool"};
      const auto suggestion = closest_match(*text, names);
      reader.error(type->source(), fmt::format("unknown executor type '{}' (expected threadpool or subprocess{})",
                                               *text, suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
      return std::nullopt;
    }
    executor.kind = found->kind;
  }
  if (const auto* workers = table->get("max_workers")) {
    const auto n = reader.integer(*workers, "max_workers", 1);
    if (!n) return std::nullopt;
    executor.max_workers = static_cast<int>(std::min<std::int64_t>(*n, 100'000));
  }
  return executor;
}

std::vector<ExecutorConfig> read_executors(TomlReader& reader, const toml::table& root) {
  std::vector<ExecutorConfig> executors{{"default", ExecutorKind::threadpool, 10}};
  const auto* table = table_at(reader, root.get("executors"), "executors");
  if (!table) return executors;
  for (const auto& [key, node] : *table) {
    const std::string name(key.str());
    auto executor = read_executor(reader, name, node);
    if (!executor) continue;
    if (name == "default")
      executors[0] = *executor;
    else
      executors.push_back(*executor);
  }
  return executors;
}

// Ids are unique (checked on the raw tables, so a job with other errors still counts).
void check_unique_ids(TomlReader& reader, const toml::array& tables) {
  std::map<std::string, int, std::less<>> first_line;
  for (const toml::node& node : tables) {
    const auto* id = node.as_table()->get("id");
    if (!id || !id->is_string()) continue;
    const std::string& text = id->as_string()->get();
    if (auto [it, fresh] = first_line.emplace(text, static_cast<int>(node.source().begin.line)); !fresh)
      reader.error(id->source(), fmt::format("duplicate job id '{}' (first defined on line {})", text, it->second));
  }
}


// Parses every [[jobs]] table straight into `out`, and frees each table once it is read: with
// 100,000 jobs the TOML tree is the largest thing in memory, so it must not outlive its use.
void read_jobs(TomlReader& reader, toml::table& root, const JobDefaults& defaults, const ZonePtr& zone,
               const LoadContext& context, const std::vector<ExecutorConfig>& executors, std::vector<JobConfig>& out) {
  auto* node = root.get("jobs");
  if (!node) return;
  auto* tables = node->as_array();
  if (!tables || !tables->is_array_of_tables()) {
    reader.error(node->source(), "'jobs' must be written as [[jobs]] tables");
    return;
  }
  check_unique_ids(reader, *tables);
  std::vector<std::string> names;
  for (const auto& e : executors) names.push_back(e.name);
  out.reserve(tables->size());
  for (toml::node& table : *tables) {
    if (auto job = parse_job(reader, *table.as_table(), defaults, zone, context)) {
      check_executor(reader, *table.as_table(), *job, names);
      out.push_back(std::move(*job));
    }
    table.as_table()->clear();
  }
}

void sort_by_place(std::vector<Diagnostic>& list) {
  std::stable_sort(list.begin(), list.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
}


// `owned`, when given, holds `text` and is freed once parsed (the tree has its own copies).
LoadResult parse_text(std::string_view text, std::string* owned, const std::string& path, const LoadContext& context) {
  if (const FileFormat format = file_format(text, path, context.format); format != FileFormat::toml)
    return parse_crontab_config(text, path, context, format == FileFormat::system_crontab);
  LoadResult out;
  TomlReader reader(path, out);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    out.errors.push_back({path, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                          fmt::format("invalid TOML: {}", e.description())});
    return out;
  }
  if (owned) std::string().swap(*owned);
  check_table_keys(reader, root, kTopLevelKeys, "the jobs file");
  Config config;
  config.path = path;
  config.zone = read_scheduler(reader, root, context);
  config.job_defaults = read_job_defaults(reader, root);
  const JobDefaults& defaults = config.job_defaults;
  config.executors = read_executors(reader, root);
  config.store = read_jobstores(reader, root, path);
  config.listeners = read_listeners(reader, root, config.executors);
  read_jobs(reader, root, defaults, config.zone, context, config.executors, config.jobs);
  add_job_listeners(config.jobs, config.listeners);
  root.clear();
  if (config.jobs.empty() && out.errors.empty())
    out.warnings.push_back({path, 0, 0, "no jobs: add [[jobs]] tables (see jobs.example.toml); `run` would wait for nothing"});
  sort_by_place(out.errors);
  sort_by_place(out.warnings);
  if (!out.errors.empty()) return out;
  out.config = std::move(config);
  return out;
}

}  // namespace

void check_executor(TomlReader& reader, const toml::table& table, const JobConfig& job,
                    const std::vector<std::string>& names) {
  if (std::find(names.begin(), names.end(), job.executor) != names.end()) return;
  const auto suggestion = closest_match(job.executor, std::span<const std::string>(names));
  reader.error(table.get("executor")->source(),
               fmt::format("unknown executor '{}' (job \"{}\"; defined: {}{})", job.executor, job.id,
                           fmt::join(names, ", "), suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
}

LoadResult parse_config(std::string_view text, const std::string& path, const LoadContext& context) {
  return parse_text(text, nullptr, path, context);
}

std::string path_beside(const std::string& config_path, const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  const auto slash = config_path.rfind('/');
  return slash == std::string::npos ? path : config_path.substr(0, slash + 1) + path;
}

LoadResult load_config(const std::string& path, const LoadContext& context) {
  TextFile file = read_text_file(path);
  if (!file.ok()) {
    LoadResult out;
    out.errors.push_back({path, 0, 0, "cannot read the jobs file: " + file.error});
    return out;
  }
  LoadResult result = parse_text(file.text, &file.text, path, context);
  if (result.config) read_env_files(result);
  return result;
}

std::string format_diagnostic(const Diagnostic& d, bool warning) {
  const std::string place = d.line > 0 ? fmt::format("{}:{}:{}", d.file, d.line, d.column) : d.file;
  return fmt::format("{}: {}{}", place, warning ? "warning: " : "", d.message);
}

}  // namespace schedtool
