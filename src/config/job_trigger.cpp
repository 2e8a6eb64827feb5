#include "config/job_trigger.h"

#include <cctype>
#include <utility>
#include <variant>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "config/job_keys.h"
#include "cron/cron_fields.h"
#include "cron/crontab.h"
#include "time/time_text.h"
#include "trigger/calendar_interval_trigger.h"
#include "trigger/combining_trigger.h"
#include "trigger/cron_trigger.h"
#include "trigger/date_trigger.h"
#include "trigger/every_trigger.h"
#include "trigger/interval_trigger.h"
#include "trigger/on_calendar_trigger.h"

namespace schedtool {
namespace {

constexpr std::string_view kIntervalUnits[] = {"weeks", "days", "hours", "minutes", "seconds"};
constexpr double kIntervalUnitSeconds[] = {604800, 86400, 3600, 60, 1};
constexpr double kMaxIntervalSeconds = 1e12;

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
    for (const Error& w : crontab.warnings) reader.warning_in_value(node, w, "'crontab': ");
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
    std::vector<CronFieldError> warnings;
    CronExpr expr = compile_cron_fields(values, &warnings);
    for (const CronFieldError& w : warnings) reader.warning_in_value(*job.get(kCronFieldNames[w.field]), w, "");
    return std::make_shared<CronTrigger>(std::move(expr), zone, window, describe_cron_fields(values));
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
    } else if (!(*value >= 0)) {  // NaN too
      reader.error(node->source(), fmt::format("'{}' must be zero or more, not {}", kIntervalUnits[i], *value));
      ok = false;
    } else {
      const bool was_in_range = seconds <= kMaxIntervalSeconds;
      seconds += *value * kIntervalUnitSeconds[i];
      // As duration_from_seconds: at most 1e12 s (31,700 years), so the microseconds fit (inf does not).
      if (was_in_range && seconds > kMaxIntervalSeconds) {
        reader.error(node->source(), fmt::format("the interval is too long: {} seconds (at most {})", seconds,
                                                 kMaxIntervalSeconds));
        ok = false;
      }
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
  if (!run_date) return nullptr;  // whether a past one still runs is misfire_grace_time's say (parse_job.cpp)
  return std::make_shared<DateTrigger>(*run_date, zone);
}

// A calendar date: a TOML date, or a string "2026-01-31".
std::optional<date::year_month_day> read_date(TomlReader& reader, const toml::node& node, std::string_view key) {
  if (const auto* d = node.as_date())
    return date::year{d->get().year} / static_cast<int>(d->get().month) / static_cast<int>(d->get().day);
  if (const auto* text = node.as_string(); text && text->get().size() == 10) {
    try {
      const ParsedTime parsed = parse_time_text(text->get());
      if (const auto* wall = std::get_if<WallTime>(&parsed))
        return date::year_month_day{date::sys_days{date::floor<date::days>(*wall).time_since_epoch()}};
    } catch (const Error& e) {
      reader.error_in_value(node, e, fmt::format("'{}': ", key));
      return std::nullopt;
    }
  }
  reader.error(node.source(), fmt::format("'{}' must be a date like 2026-01-31 for calendarinterval, not {}", key,
                                          node.is_string() ? "'" + node.as_string()->get() + "'"
                                                           : std::string(toml_type_name(node))));
  return std::nullopt;
}

std::optional<int> read_bounded(TomlReader& reader, const toml::table& table, std::string_view key, int max) {
  const auto* node = table.get(key);
  if (!node) return 0;
  const auto value = reader.integer(*node, key, 0);
  if (value && *value > max) {
    reader.error(node->source(), fmt::format("'{}' must be 0-{}, not {}", key, max, *value));
    return std::nullopt;
  }
  return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

TriggerPtr build_calendar(TomlReader& reader, const toml::table& table, const ZonePtr& zone,
                          const LoadContext& context) {
  CalendarStep step;
  bool ok = true;
  const auto read = [&](std::string_view key, int max, int& into) {
    const auto value = read_bounded(reader, table, key, max);
    if (value) into = *value;
    ok &= value.has_value();
  };
  read("years", 10'000, step.years);
  read("months", 120'000, step.months);
  read("weeks", 520'000, step.weeks);
  read("days", 3'650'000, step.days);
  int hour = 0, minute = 0, second = 0;
  read("hour", 23, hour);
  read("minute", 59, minute);
  read("second", 59, second);
  step.time_of_day = std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
  if (ok && step.empty()) {
    reader.error(table.source(), "calendarinterval needs at least one of 'years', 'months', 'weeks' or 'days'");
    ok = false;
  }
  if (const auto* node = table.get("month_end")) {
    const auto text = reader.string(*node, "month_end");
    if (text && (*text == "skip" || *text == "clamp")) {
      step.month_end = *text == "clamp" ? MonthEnd::clamp : MonthEnd::skip;
    } else {
      if (text) reader.error(node->source(), fmt::format("'month_end' must be \"skip\" or \"clamp\", not '{}'", *text));
      ok = false;
    }
  }
  // APScheduler's default start_date: today, in the trigger's zone.
  std::optional<date::year_month_day> start{date::sys_days{date::floor<date::days>(zone->to_wall(context.now)).time_since_epoch()}};
  std::optional<date::year_month_day> end;
  if (const auto* node = table.get("start_date")) ok &= (start = read_date(reader, *node, "start_date")).has_value();
  if (const auto* node = table.get("end_date")) {
    ok &= (end = read_date(reader, *node, "end_date")).has_value();
    if (start && end && *end < *start)
      reader.warning(node->source(), "'end_date' is before 'start_date': the job will never fire");
  }
  if (!ok) return nullptr;
  return std::make_shared<CalendarIntervalTrigger>(step, *start, end, zone);
}

// A table inside `triggers = [...]` takes trigger arguments only.
bool check_child_keys(TomlReader& reader, const toml::table& child, std::string_view type) {
  bool ok = true;
  const unsigned bit = trigger_bit(type);
  for (const auto& [key, value] : child) {
    const JobKey* known = find_job_key(key.str());
    if (known && known->is_trigger_argument() && (known->triggers & bit)) continue;
    if (known && !known->is_trigger_argument())
      reader.error(key.source(), fmt::format("'{}' is a job option: put it beside 'triggers', not inside", key.str()));
    else
      reader.error(key.source(), unknown_job_key_message(key.str(), type, bit));
    ok = false;
  }
  return ok;
}

TriggerPtr build_combination(TomlReader& reader, const toml::table& table, std::string_view type, const ZonePtr& zone,
                             const LoadContext& context) {
  const auto* node = table.get("triggers");
  const auto* array = node ? node->as_array() : nullptr;
  if (!array || array->empty() || !array->is_array_of_tables()) {
    reader.error(node ? node->source() : table.source(),
                 fmt::format("'{}' needs 'triggers' = [{{ trigger = \"cron\", hour = 9 }}, …] with at least one trigger", type));
    return nullptr;
  }
  bool ok = true;
  std::vector<TriggerPtr> children;
  for (const toml::node& element : *array) {
    const toml::table& child = *element.as_table();
    const auto* type_node = child.get("trigger");
    const auto child_type = type_node ? reader.string(*type_node, "trigger") : std::nullopt;
    if (!child_type || !trigger_bit(*child_type)) {
      reader.error(type_node ? type_node->source() : child.source(),
                   "each of 'triggers' needs a 'trigger': one of cron, interval, date, calendarinterval, and, or");
      ok = false;
      continue;
    }
    ok &= check_child_keys(reader, child, *child_type);
    ZonePtr child_zone = zone;
    if (const auto* tz = child.get("timezone")) ok &= (child_zone = reader.zone(*tz, "timezone")) != nullptr;
    if (!child_zone) continue;
    BuiltTrigger built = build_trigger(reader, child, *child_type, child_zone, context);
    ok &= built.trigger != nullptr;
    children.push_back(std::move(built.trigger));
  }
  Duration threshold = std::chrono::seconds{1};
  if (const auto* node = table.get("threshold")) {
    const auto value = reader.duration(*node, "threshold");
    ok &= value.has_value();
    if (value) threshold = **value;
  }
  if (!ok) return nullptr;
  if (type == "or") return std::make_shared<OrTrigger>(std::move(children), zone);
  return std::make_shared<AndTrigger>(std::move(children), threshold, zone);
}

// every = "10 minutes": a phrase compiled to one of the triggers above (trigger/every_trigger.h).
TriggerPtr build_every(TomlReader& reader, const toml::table& job, const ZonePtr& zone, const TriggerWindow& window,
                       const LoadContext& context, bool ok) {
  const auto* node = job.get("every");
  const auto text = reader.string(*node, "every");
  if (!text) return nullptr;
  try {
    const EveryPhrase phrase = parse_every_phrase(*text);
    if (!ok) return nullptr;
    const std::string id = job.get("id") ? job.get("id")->value_or(std::string()) : std::string();
    return compile_every_phrase(phrase, zone, window, context.now, std::hash<std::string>{}(id));
  } catch (const Error& e) {
    reader.error_in_value(*node, e, "'every': ");
    return nullptr;
  }
}

// calendar = "Mon..Fri 09:00" or ["Mon..Fri 09:00", "Sat 10:00"]: systemd OnCalendar lines, several
// their union (trigger/on_calendar_trigger.h). Each error points into its own line.
TriggerPtr build_on_calendar(TomlReader& reader, const toml::table& job, const ZonePtr& zone,
                             const TriggerWindow& window, bool ok) {
  const toml::node& node = *job.get("calendar");
  std::vector<const toml::node*> items{&node};
  if (const auto* array = node.as_array()) {
    items.clear();
    for (const toml::node& item : *array) items.push_back(&item);
    if (items.empty()) {
      reader.error(node.source(), "'calendar' needs at least one expression, as [\"Mon..Fri 09:00\"]");
      return nullptr;
    }
  }
  std::vector<TriggerPtr> lines;
  for (const toml::node* item : items) {
    const auto text = reader.string(*item, "calendar");
    ok &= text.has_value();
    if (!text) continue;
    try {
      lines.push_back(compile_on_calendar(*text, zone, window));
    } catch (const Error& e) {
      reader.error_in_value(*item, e, "'calendar': ");
      ok = false;
    }
  }
  return ok ? union_of_lines(std::move(lines), zone) : nullptr;
}

}  // namespace

BuiltTrigger build_trigger(TomlReader& reader, const toml::table& job, std::string_view type, const ZonePtr& zone,
                           const LoadContext& context) {
  if (type == "calendarinterval") return {build_calendar(reader, job, zone, context), std::nullopt};
  if (type == "and" || type == "or") return {build_combination(reader, job, type, zone, context), std::nullopt};
  bool ok = true;
  const TriggerWindow window = read_window(reader, job, *zone, ok);
  if (type == "date") return {build_date(reader, job, zone, context), std::nullopt};
  if (type == "every") return {build_every(reader, job, zone, window, context, ok), window.end_date};
  if (type == "calendar") return {build_on_calendar(reader, job, zone, window, ok), window.end_date};
  if (type == "interval") return {build_interval(reader, job, zone, window, context, ok), window.end_date};
  if (const auto* node = job.get("crontab")) return {build_crontab(reader, job, *node, zone, window, ok), window.end_date};
  return {build_cron_fields(reader, job, zone, window, ok), window.end_date};
}

namespace {

// Crontab weekday numbers (0 = Sunday) would read as APScheduler's (0 = Monday) in cron[...], and
// its ranges through Sunday (`sun-sat`, `fri-mon`, `sat-sun`) as reversed ranges: show the days as
// ascending names, "1-5" → "mon-fri", "*/2" → "tue,thu,sat,sun", "fri-mon" → "mon,fri-sun". Names
// without a range stay as written; Quartz forms (`5L`, `fri#3`) too.
std::string weekday_names(const DaySelector& dow, const std::string& text) {
  if (text.find_first_of("0123456789-") == std::string::npos || dow.last_of.any()) return text;
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
  std::istringstream in{crontab.ascending};
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
