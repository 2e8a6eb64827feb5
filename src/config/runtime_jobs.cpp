#include "config/runtime_jobs.h"

#include <algorithm>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "config/env_file.h"
#include "config/job_keys.h"
#include "config/job_table_text.h"
#include "config/parse_job.h"
#include "config/toml_reader.h"
#include "time/duration_text.h"
#include "time/time_text.h"

namespace schedtool {
namespace {

// Nested tables and tables in arrays print inline: the text stays one table's keys.
void make_inline(toml::node& node) {
  if (auto* table = node.as_table()) {
    table->is_inline(true);
    for (auto&& [key, value] : *table) make_inline(value);
  } else if (auto* array = node.as_array()) {
    for (toml::node& item : *array) make_inline(item);
  }
}

std::vector<std::string> executor_names(const Config& base) {
  std::vector<std::string> names;
  for (const ExecutorConfig& e : base.executors) names.push_back(e.name);
  return names;
}

// run_in = "10m": a date trigger at now + 10 minutes, written as the run_date it stands for.
void resolve_run_in(TomlReader& reader, toml::table& job, Instant now) {
  const toml::node* node = job.get("run_in");
  if (!node) return;
  const auto delay = reader.duration(*node, "run_in");
  if (!delay || !*delay) return;
  if (const auto* trigger = job.get("trigger"); trigger && trigger->value_or(std::string()) != "date") {
    reader.error(node->source(), "'run_in' makes a date job: leave out 'trigger' or write trigger = \"date\"");
    return;
  }
  job.erase("run_in");
  job.insert_or_assign("trigger", "date");
  job.insert_or_assign("run_date", format_rfc3339_micros(now + **delay, *find_zone("UTC")));
}

// The job table of `root`: its own keys, or its one [[jobs]] table.
toml::table* job_table(TomlReader& reader, toml::table& root) {
  toml::node* jobs = root.get("jobs");
  if (!jobs) return &root;
  toml::array* tables = jobs->as_array();
  if (root.size() != 1 || !tables || !tables->is_array_of_tables() || tables->size() != 1) {
    reader.error(jobs->source(), "give one job: its keys, or one [[jobs]] table");
    return nullptr;
  }
  return tables->front().as_table();
}

std::optional<toml::table> parse_toml(std::string_view text, const std::string& label, std::vector<Diagnostic>& errors) {
  try {
    return toml::parse(text, label);
  } catch (const toml::parse_error& e) {
    errors.push_back({label, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                      fmt::format("invalid TOML: {}", e.description())});
    return std::nullopt;
  }
}

// A relative env_file is beside the jobs file, as in the file itself.
void read_env_file(JobConfig& job, const toml::table& table, const Config& base, JobText& out) {
  if (!job.env_file) return;
  job.env_file->path = path_beside(base.path, table["env_file"].value_or(std::string()));
  LoadResult result;
  result.config.emplace();
  result.config->jobs.push_back(std::move(job));
  read_env_files(result);
  out.errors.insert(out.errors.end(), result.errors.begin(), result.errors.end());
  out.warnings.insert(out.warnings.end(), result.warnings.begin(), result.warnings.end());
  if (result.config) job = std::move(result.config->jobs.front());
}

bool is_trigger_key(std::string_view key) {
  const JobKey* info = find_job_key(key);
  return info && info->is_trigger_argument();
}

int line_count(std::string_view text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

// One key's value as TOML text (basic strings, tables inline).
std::string value_text(const toml::node& node) {
  toml::table one;
  one.insert("v", node);
  make_inline(*one.get("v"));
  std::ostringstream out;
  out << toml::toml_formatter{one, toml::format_flags::none};
  std::string text = out.str();
  return text.substr(text.find('=') + 2);
}

// Keys in the order of the key table (id, name, trigger, command, …), as a person writes them.
std::string job_table_text(const toml::table& table) {
  std::string out;
  const auto write = [&](std::string_view key, const toml::node& value) {
    out.append(key).append(" = ").append(value_text(value));
    if (out.back() != '\n') out += '\n';
  };
  for (const JobKey& key : job_keys())
    if (const toml::node* value = table.get(key.name)) write(key.name, *value);
  for (auto&& [key, value] : table)
    if (!find_job_key(key.str())) write(key.str(), value);
  return out;
}

JobText read_job_text(std::string_view text, const std::string& label, const Config& base, const LoadContext& context) {
  JobText out;
  auto root = parse_toml(text, label, out.errors);
  if (!root) return out;
  LoadResult found;
  TomlReader reader(label, found);
  toml::table* table = job_table(reader, *root);
  std::optional<JobConfig> job;
  if (table) {
    resolve_run_in(reader, *table, context.now);
    job = parse_job(reader, *table, base.job_defaults, base.zone, context);
    if (job) check_executor(reader, *table, *job, executor_names(base));
  }
  out.errors = std::move(found.errors);
  out.warnings = std::move(found.warnings);
  if (!job || !out.errors.empty()) return out;
  read_env_file(*job, *table, base, out);
  if (!out.errors.empty()) return out;
  out.definition = job_table_text(*table);
  out.job = std::move(job);
  return out;
}

Patched patch_job_text(std::string_view definition, std::string_view patch, PatchKind kind, const std::string& label) {
  Patched out;
  auto base = parse_toml(definition, "definition", out.errors);
  auto changes = parse_toml(patch, label, out.errors);
  if (!base || !changes) return out;
  for (auto&& [key, value] : *changes) {
    const bool trigger = is_trigger_key(key.str());
    if (key.str() == "id")
      out.errors.push_back({label, static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                            "a job's id cannot change: remove the job and add it under the new id"});
    else if (kind == PatchKind::modify && trigger)
      out.errors.push_back({label, static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                            fmt::format("'{}' belongs to the trigger: change it with `ctl reschedule`", key.str())});
    else if (kind == PatchKind::reschedule && !trigger)
      out.errors.push_back({label, static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                            fmt::format("'{}' is not a trigger argument: change it with `ctl modify`", key.str())});
  }
  if (!out.errors.empty()) return out;
  const bool new_form = changes->contains("trigger") || changes->contains("every") || changes->contains("calendar");
  std::vector<std::string> dropped;
  for (auto&& [key, value] : *base) {
    const bool replaced = changes->contains(key.str());
    const bool old_trigger = kind == PatchKind::reschedule && is_trigger_key(key.str()) &&
                             (new_form || key.str() != "trigger");
    if (replaced || old_trigger) dropped.emplace_back(key.str());
  }
  for (const std::string& key : dropped) base->erase(key);
  out.text = job_table_text(*base);
  out.base_lines = line_count(out.text);
  out.text += patch;
  if (!out.text.empty() && out.text.back() != '\n') out.text += '\n';
  return out;
}

void merge_runtime_jobs(Config& config, std::vector<RuntimeJob>& runtime, const LoadContext& context,
                        std::vector<std::string>& notes) {
  std::map<std::string, std::size_t> in_file;
  for (std::size_t i = 0; i < config.jobs.size(); ++i) in_file.emplace(config.jobs[i].id, i);
  std::vector<RuntimeJob> kept;
  for (RuntimeJob& r : runtime) {
    const auto file = in_file.find(r.id);
    const std::string since = format_rfc3339(r.changed_at, *config.zone);
    if (r.base_fingerprint.empty() && file != in_file.end()) {
      notes.push_back(fmt::format("Job \"{}\" added at run time ({}) is now defined in {}: the file's definition replaces it",
                                  r.id, since, config.path));
      continue;
    }
    if (!r.base_fingerprint.empty() && (file == in_file.end() || config.jobs[file->second].fingerprint != r.base_fingerprint)) {
      notes.push_back(fmt::format("Job \"{}\": {} {} it since it was changed at run time ({}), so that change is dropped",
                                  r.id, config.path, file == in_file.end() ? "no longer defines" : "changed", since));
      continue;
    }
    JobText read = read_job_text(r.definition, "run-time job " + r.id, config, context);
    if (!read.job) {
      notes.push_back(fmt::format("Job \"{}\" changed at run time ({}) no longer loads ({}), so it is dropped", r.id, since,
                                  read.errors.empty() ? "unknown error" : read.errors.front().message));
      continue;
    }
    read.job->origin = r.base_fingerprint.empty() ? JobOrigin::added : JobOrigin::modified;
    if (file != in_file.end())
      config.jobs[file->second] = std::move(*read.job);
    else
      config.jobs.push_back(std::move(*read.job));
    kept.push_back(std::move(r));
  }
  runtime = std::move(kept);
}

std::string_view origin_name(JobOrigin origin) {
  switch (origin) {
    case JobOrigin::file: return "file";
    case JobOrigin::added: return "runtime";
    case JobOrigin::modified: return "modified";
  }
  return "file";
}

}  // namespace schedtool
