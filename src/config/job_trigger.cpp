#include "config/job_trigger.h"

#include <cctype>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "config/job_keys.h"
#include "cron/cron_fields.h"
#include "cron/crontab.h"
#include "time/time_text.h"
#include "trigger/cron_trigger.h"
#include "trigger/date_trigger.h"
#include "trigger/interval_trigger.h"

namespace schedtool {
namespace {

constexpr std::string_view kIntervalUnits[] = {"weeks", "days", "hours", "minutes", "seconds"};
constexpr double kIntervalUnitSeconds[] = {604800, 86400, 3600, 60, 1};

// start_date / end_date, checked against each other.
TriggerWindow read_window(TomlReader& reader, const toml::table& job, const Zone& zone, bool& ok) {
  TriggerWindow window;
  if (const auto* node = job.get("start_date")) {
    window.start_date = reader.instant(*node, "start_date", zone);
    ok &= window.start_date.has_value();
  }
  if (const auto* node = job.get("end_date")) {
    window.end_date = reader.instant(*node, "end_date", zone);
    ok &= window.end_date.has_value();
    if (window.start_date && window.end_date && *window.end_date < *window.start_date) {
      // A warning, not an error: the schedule is well defined (it is empty), as APScheduler has it.
      reader.warning(node->source(), fmt::format("'end_date' {} is before 'start_date' {}: the job will never fire",
                                                 format_local(*window.end_date, zone),
                                                 format_local(*window.start_date, zone)));
    }
  }
  return window;
}

TriggerPtr build_crontab(TomlReader& reader, const toml::table& job, const toml::node& node, const ZonePtr& zone,
                         const TriggerWindow& window, bool ok) {
  for (const std::string_view field : kCronFieldNames)
    if (const auto* other = job.get(field)) {
      reader.error(other->source(),
                   fmt::format("'{}' cannot be combined with 'crontab' (give the fields or a crontab string)", field));
      ok = false;
    }
  const auto text = reader.string(node, "crontab");
  if (!text) return nullptr;
  try {
    Crontab crontab = parse_crontab(*text);
    if (!ok) return nullptr;
    std::string description = describe_crontab(crontab);
    return std::make_shared<CronTrigger>(std::move(crontab.expr), zone, window, std::move(description));
  } catch (const Error& e) {
    reader.error_in_value(node, e, "'crontab': invalid crontab expression: ");
    return nullptr;
  }
}

// A numeric day_of_week means 0 = Monday here (APScheduler 3), not crontab's 0 = Sunday. Step
// widths ("mon-fri/2") are numbers too, but not weekdays.
void warn_numeric_weekday(TomlReader& reader, const toml::node& node, const std::string& text) {
  bool weekday_number = false;
  std::istringstream items(text);
  for (std::string item; std::getline(items, item, ',');)
    weekday_number |= item.substr(0, item.find('/')).find_first_of("0123456789") != std::string::npos;
  if (!weekday_number) return;
  reader.warning(node.source(),
                 fmt::format("'day_of_week' = '{}' counts 0 = Monday (as APScheduler 3), not 0 = Sunday as in "
                             "crontab; names (mon-sun) are unambiguous",
                             text));
}

TriggerPtr build_cron_fields(TomlReader& reader, const toml::table& job, const ZonePtr& zone,
                             const TriggerWindow& window, bool ok) {
  CronFieldValues values;
  for (std::size_t i = 0; i < kCronFieldNames.size(); ++i) {
    const auto* node = job.get(kCronFieldNames[i]);
    if (!node) continue;
    values[i] = reader.field_text(*node, kCronFieldNames[i]);
    ok &= values[i].has_value();
    if (values[i] && kCronFieldNames[i] == "day_of_week") warn_numeric_weekday(reader, *node, *values[i]);
  }
  if (!ok) return nullptr;
  try {
    return std::make_shared<CronTrigger>(compile_cron_fields(values), zone, window, describe_cron_fields(values));
  } catch (const CronFieldError& e) {
    reader.error_in_value(*job.get(kCronFieldNames[e.field]), e, "");
    return nullptr;
  }
}

TriggerPtr build_interval(TomlReader& reader, const toml::table& job, const ZonePtr& zone,
                          const TriggerWindow& window, const LoadContext& context, bool ok) {
  double seconds = 0;
  for (std::size_t i = 0; i < std::size(kIntervalUnits); ++i) {
    const auto* node = job.get(kIntervalUnits[i]);
    if (!node) continue;
    const auto value = node->value<double>();
    if (!value || node->is_boolean() || node->is_string()) {
      reader.error(node->source(), fmt::format("'{}' must be a number, not {}", kIntervalUnits[i],
                                               toml_type_name(*node)));
      ok = false;
    } else if (*value < 0) {
      reader.error(node->source(), fmt::format("'{}' must be zero or more, not {}", kIntervalUnits[i], *value));
      ok = false;
    } else {
      seconds += *value * kIntervalUnitSeconds[i];
    }
  }
  if (!ok) return nullptr;
  const Duration interval{static_cast<Duration::rep>(seconds * 1e6 + 0.5)};
  return std::make_shared<IntervalTrigger>(interval, zone, window, context.now);
}

TriggerPtr build_date(TomlReader& reader, const toml::table& job, const ZonePtr& zone, const LoadContext& context) {
  const auto* node = job.get("run_date");
  if (!node) return std::make_shared<DateTrigger>(context.now, zone);  // add_job(f) without a date: now
  const auto run_date = reader.instant(*node, "run_date", *zone);
  if (!run_date) return nullptr;
  if (*run_date < context.now)
    reader.warning(node->source(), fmt::format("'run_date' {} is in the past: the job will not run",
                                               format_local(*run_date, *zone)));
  return std::make_shared<DateTrigger>(*run_date, zone);
}

}  // namespace

BuiltTrigger build_trigger(TomlReader& reader, const toml::table& job, std::string_view type, const ZonePtr& zone,
                           const LoadContext& context) {
  bool ok = true;
  const TriggerWindow window = read_window(reader, job, *zone, ok);
  if (type == "date") return {build_date(reader, job, zone, context), std::nullopt};
  if (type == "interval") return {build_interval(reader, job, zone, window, context, ok), window.end_date};
  if (const auto* node = job.get("crontab")) return {build_crontab(reader, job, *node, zone, window, ok), window.end_date};
  return {build_cron_fields(reader, job, zone, window, ok), window.end_date};
}

namespace {

// Crontab weekday numbers (0 = Sunday) would read as APScheduler's (0 = Monday) in cron[...]:
// show them as names, "1-5" → "mon-fri", "*/2" → "mon,wed,fri,sun"... (Quartz forms stay as written).
std::string weekday_names(const DaySelector& dow, const std::string& text) {
  if (text.find_first_of("0123456789") == std::string::npos || dow.last_of.any()) return text;
  for (const auto& n : dow.nth)
    if (n.any()) return text;
  static constexpr std::string_view kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string out;
  for (int first = 0; first < 7;) {
    if (!dow.weekdays.test(static_cast<std::size_t>(first))) { ++first; continue; }
    int last = first;
    while (last + 1 < 7 && dow.weekdays.test(static_cast<std::size_t>(last + 1))) ++last;
    out.append(out.empty() ? "" : ",").append(kNames[first]);
    if (last > first) out.append(last == first + 1 ? "," : "-").append(kNames[last]);
    first = last + 1;
  }
  return out;
}

}  // namespace

std::string describe_crontab(const Crontab& crontab) {
  // Normalized crontab fields: second minute hour day month day_of_week [year].
  constexpr std::string_view kCrontabOrder[] = {"second", "minute", "hour", "day", "month", "day_of_week", "year"};
  std::vector<std::string> fields;
  std::istringstream in{crontab.normalized};
  for (std::string field; in >> field;) fields.push_back(field);
  if (fields.size() > 5 && fields[5] != "*" && fields[5] != "?") fields[5] = weekday_names(crontab.expr.day_of_week, fields[5]);
  std::string out;
  for (const std::string_view name : kCronFieldNames) {
    for (std::size_t i = 0; i < fields.size() && i < std::size(kCrontabOrder); ++i) {
      if (kCrontabOrder[i] != name || fields[i] == "*" || fields[i] == "?" || (name == "second" && fields[i] == "0"))
        continue;
      out += fmt::format("{}{}='{}'", out.empty() ? "" : ", ", name, fields[i]);
    }
  }
  return out;
}

}  // namespace schedtool
