#include "config/parse_job.h"


#include <fmt/format.h>

#include "base/suggest.h"
#include "config/fingerprint.h"
#include "config/job_command.h"
#include "config/job_keys.h"
#include "config/job_trigger.h"
#include "config/retry_keys.h"
#include "time/duration_text.h"
#include "time/time_text.h"
#include "trigger/date_trigger.h"

namespace schedtool {
namespace {

std::vector<std::pair<std::string, std::string>> read_env(TomlReader& reader, const toml::node& node, bool& ok) {
  std::vector<std::pair<std::string, std::string>> env;
  const auto* table = node.as_table();
  if (!table) {
    reader.error(node.source(), fmt::format("'env' must be a table like {{ LANG = \"C.UTF-8\" }}, not {}",
                                            toml_type_name(node)));
    ok = false;
    return env;
  }
  for (const auto& [key, value] : *table) {
    const auto text = reader.string(value, fmt::format("env.{}", key.str()));
    if (!text) { ok = false; continue; }
    if (key.str().empty() || key.str().find('=') != std::string_view::npos) {
      reader.error(key.source(), fmt::format("'env': '{}' is not a valid variable name", key.str()));
      ok = false;
      continue;
    }
    env.emplace_back(std::string(key.str()), *text);
  }
  return env;
}

std::optional<std::string> non_empty(TomlReader& reader, const toml::node& node, std::string_view key) {
  auto text = reader.string(node, key);
  if (text && text->empty()) {
    reader.error(node.source(), fmt::format("'{}' is empty", key));
    return std::nullopt;
  }
  return text;
}

// Every key must belong to the job's trigger; the table in job_keys.cpp says which do.
bool check_keys(TomlReader& reader, const toml::table& job, std::string_view type) {
  bool ok = true;
  const unsigned bit = kind_bit(type);
  for (const auto& [key, value] : job) {
    const JobKey* known = find_job_key(key.str());
    if (known && (!bit || (known->triggers & bit))) continue;
    reader.error(key.source(), unknown_job_key_message(key.str(), type, bit));
    ok = false;
  }
  return ok;
}

std::optional<std::string> read_trigger_type(TomlReader& reader, const toml::table& job) {
  const auto* node = job.get("trigger");
  if (!node) {
    reader.error(job.source(), "missing 'trigger' (expected one of: cron, interval, date, calendarinterval, and, or)");
    return std::nullopt;
  }
  auto type = reader.string(*node, "trigger");
  if (type && !trigger_bit(*type)) {
    const auto suggestion = closest_match(*type, trigger_types());
    reader.error(node->source(), fmt::format("unknown trigger '{}' (expected one of: cron, interval, date, calendarinterval, and, or{})", *type,
                                             suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
    return std::nullopt;
  }
  return type;
}

// `every = "..."` or `calendar = "..."` stands for `trigger` and its arguments: giving both, or
// either with `trigger`, is an error. The form's name is the job's kind ("every", "calendar").
std::optional<std::string> read_trigger_form(TomlReader& reader, const toml::table& job) {
  const auto* every = job.get("every");
  const auto* calendar = job.get("calendar");
  if (!every && !calendar) return read_trigger_type(reader, job);
  if (every && calendar) {
    reader.error(calendar->source(), "'calendar' cannot be combined with 'every': each is a whole trigger");
    return std::nullopt;
  }
  const std::string form = every ? "every" : "calendar";
  if (const auto* trigger = job.get("trigger")) {
    reader.error(trigger->source(), fmt::format("'trigger' cannot be combined with '{}': the {} is the whole trigger "
                                                "(drop 'trigger' and its arguments)", form,
                                                every ? "phrase" : "calendar expression"));
    return std::nullopt;
  }
  return form;
}

// The lines of calendar = "..." or [...], as written (for jobs --json); the trigger checks them.
std::vector<std::string> calendar_lines(const toml::node& node) {
  std::vector<std::string> lines;
  if (const auto* array = node.as_array()) {
    for (const toml::node& item : *array)
      if (const auto* text = item.as_string()) lines.push_back(text->get());
  } else if (const auto* text = node.as_string()) {
    lines.push_back(text->get());
  }
  return lines;
}

// run_in = "10m" belongs to jobs created at run time (ctl add); a file's job has a fixed date.
bool reject_run_in(TomlReader& reader, const toml::table& job) {
  const auto* node = job.get("run_in");
  if (!node) return true;
  reader.error(node->source(), "'run_in' is for jobs added at run time (ctl add); in a jobs file write "
                               "trigger = \"date\" with 'run_date' = 2026-12-31T23:59:00");
  return false;
}

// tags = ["reports", "nightly"]: labels to select jobs by; not part of the definition.
bool read_tags(TomlReader& reader, const toml::table& job, std::vector<std::string>& tags) {
  const auto* node = job.get("tags");
  if (!node) return true;
  const auto* array = node->as_array();
  if (!array) {
    reader.error(node->source(), fmt::format("'tags' must be an array of strings like [\"reports\"], not {}",
                                             toml_type_name(*node)));
    return false;
  }
  bool ok = true;
  for (const toml::node& item : *array) {
    const auto tag = non_empty(reader, item, "tags[]");
    if (tag) tags.push_back(*tag);
    ok &= tag.has_value();
  }
  return ok;
}

// The options every job has, whatever its trigger.
bool read_options(TomlReader& reader, const toml::table& job, JobConfig& out) {
  bool ok = true;
  const auto read = [&](const char* key, auto&& apply) {
    if (const auto* node = job.get(key)) ok &= apply(*node, key);
  };
  const auto assign = [](auto& target) {
    return [&target](const auto& value) {
      if (value) target = *value;
      return value.has_value();
    };
  };
  read("name", [&](auto& n, auto k) { return assign(out.name)(reader.string(n, k)); });
  read("executor", [&](auto& n, auto k) { return assign(out.executor)(reader.string(n, k)); });
  read("coalesce", [&](auto& n, auto k) { return assign(out.coalesce)(reader.boolean(n, k)); });
  read("paused", [&](auto& n, auto k) { return assign(out.paused)(reader.boolean(n, k)); });
  read("run_on_start", [&](auto& n, auto k) { return assign(out.run_on_start)(reader.boolean(n, k)); });
  read("rerun_interrupted", [&](auto& n, auto k) { return assign(out.rerun_interrupted)(reader.boolean(n, k)); });
  read("cwd", [&](auto& n, auto k) { return assign(out.cwd)(reader.string(n, k)); });
  read("user", [&](auto& n, auto k) { return assign(out.user)(non_empty(reader, n, k)); });
  read("group", [&](auto& n, auto k) { return assign(out.group)(non_empty(reader, n, k)); });
  read("env_file", [&](auto& n, auto k) {
    const auto path = non_empty(reader, n, k);
    if (path)
      out.env_file = JobConfig::FileRef{path_beside(reader.path(), *path), static_cast<int>(n.source().begin.line),
                                        static_cast<int>(n.source().begin.column)};
    return path.has_value();
  });
  read("max_instances", [&](auto& n, auto k) {
    const auto v = reader.integer(n, k, 1);
    if (v) out.max_instances = static_cast<int>(std::min<std::int64_t>(*v, 1'000'000));
    return v.has_value();
  });
  read("misfire_grace_time", [&](auto& n, auto k) { return assign(out.misfire_grace_time)(reader.duration(n, k, true)); });
  read("timeout", [&](auto& n, auto k) { return assign(out.timeout)(reader.duration(n, k, true)); });
  read("jitter", [&](auto& n, auto k) {
    const auto v = reader.duration(n, k);
    if (v) out.jitter = **v;
    return v.has_value();
  });
  read("kill_timeout", [&](auto& n, auto k) {
    const auto v = reader.duration(n, k);
    if (v) out.kill_timeout = **v;
    return v.has_value();
  });
  ok &= read_retry_keys(reader, job, out.retry);
  read("command", [&](auto& n, auto) { return assign(out.command)(read_command(reader, n, "command")); });
  read("on_failure", [&](auto& n, auto k) { return assign(out.on_failure)(read_command(reader, n, k)); });
  read("on_success", [&](auto& n, auto k) { return assign(out.on_success)(read_command(reader, n, k)); });
  read("env", [&](auto& n, auto) {
    bool env_ok = true;
    out.env = read_env(reader, n, env_ok);
    return env_ok;
  });
  if (!job.get("command")) {
    reader.error(job.source(), "missing 'command' (a shell string, or an argv array)");
    ok = false;
  }
  return ok;
}

// A date in the past still runs once at start while misfire_grace_time allows it ("none": always),
// as APScheduler runs an overdue job; only beyond that is the job dead on arrival.
void warn_if_never_runs(TomlReader& reader, const toml::table& job, const JobConfig& out, Instant now) {
  const auto* date = dynamic_cast<const DateTrigger*>(out.trigger.get());
  if (!date || date->run_date() >= now) return;
  const auto grace = out.misfire_grace_time;
  if (!grace || now - date->run_date() <= *grace) return;
  reader.warning(job.get("run_date")->source(),
                 fmt::format("'run_date' {} is in the past: the job will not run (it is more than misfire_grace_time "
                             "{} late; misfire_grace_time = \"none\" runs it once at start)",
                             format_local(date->run_date(), date->zone()), format_duration(*grace)));
}

}  // namespace

std::optional<JobConfig> parse_job(TomlReader& reader, const toml::table& job, const JobDefaults& defaults,
                                   const ZonePtr& scheduler_zone, const LoadContext& context) {
  JobConfig out;
  out.line = static_cast<int>(job.source().begin.line);
  out.coalesce = defaults.coalesce;
  out.max_instances = defaults.max_instances;
  out.misfire_grace_time = defaults.misfire_grace_time;
  out.retry = defaults.retry;

  bool ok = true;
  const auto* id_node = job.get("id");
  if (!id_node) {
    reader.error(job.source(), "missing 'id' (every job needs a unique id)");
    ok = false;
  } else if (const auto id = reader.string(*id_node, "id"); !id || id->empty()) {
    if (id) reader.error(id_node->source(), "'id' is empty");
    ok = false;
  } else {
    out.id = *id;
    reader.set_context(fmt::format(" (job \"{}\")", out.id));
  }
  out.name = out.id;

  const auto type = read_trigger_form(reader, job);
  ok &= type.has_value();
  ok &= check_keys(reader, job, type.value_or(""));
  ok &= read_options(reader, job, out);
  ok &= reject_run_in(reader, job);
  ok &= read_tags(reader, job, out.tags);
  if (type == "every") out.every = job.get("every")->value_or(std::string());
  if (type == "calendar") out.calendar = calendar_lines(*job.get("calendar"));

  ZonePtr zone = scheduler_zone;
  if (const auto* node = job.get("timezone")) {
    zone = reader.zone(*node, "timezone");
    ok &= zone != nullptr;
  }
  if (type && zone) {
    out.trigger_type = *type;
    BuiltTrigger built = build_trigger(reader, job, *type, zone, context);
    out.trigger = std::move(built.trigger);
    out.end_date = built.end_date;
    ok &= out.trigger != nullptr;
  }
  if (ok) warn_if_never_runs(reader, job, out, context.now);
  reader.set_context("");
  if (!ok) return std::nullopt;
  Fingerprint fingerprint;
  fingerprint.add_without(job, {"name", "tags"});  // labels only: renaming or tagging keeps the series
  fingerprint.add(std::int64_t{out.coalesce});
  fingerprint.add(std::int64_t{out.max_instances});
  fingerprint.add(out.misfire_grace_time ? out.misfire_grace_time->count() : -1);
  fingerprint.add(zone->name());
  fingerprint.add(std::int64_t{out.retry.retries});  // inherited retries change how a failure ends
  out.fingerprint = fingerprint.hex();
  return out;
}

}  // namespace schedtool
