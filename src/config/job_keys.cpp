#include "config/job_keys.h"

#include <vector>

#include <fmt/format.h>

#include "base/suggest.h"

namespace schedtool {
namespace {

constexpr unsigned kDated = kCronTrigger | kIntervalTrigger | kCalendarTrigger | kEveryForm | kCalendarForm;
constexpr unsigned kTimeOfDay = kCronTrigger | kCalendarTrigger;
constexpr unsigned kDayCounts = kIntervalTrigger | kCalendarTrigger;

constexpr JobKey kJobKeys[] = {
    {"id", kAnyTrigger, "unique job id (required)"},
    {"name", kAnyTrigger, "display name (default: the id)"},
    {"trigger", kAnyTrigger, "cron | interval | date | calendarinterval | and | or (required, or every/calendar)"},
    {"command", kAnyTrigger, "array = argv run without a shell; string = run by /bin/sh -c (required)"},
    {"executor", kAnyTrigger, "name of an [executors.*] table (default: \"default\")"},
    {"coalesce", kAnyTrigger, "run once, not once per missed time, when several are due"},
    {"max_instances", kAnyTrigger, "how many runs of this job may run at once"},
    {"misfire_grace_time", kAnyTrigger, "how late a run may start (seconds, \"5m\", or \"none\")"},
    {"jitter", kAnyTrigger, "delay each run by a random 0..jitter"},
    {"timezone", kAnyTrigger, "IANA zone of the trigger (default: [scheduler] timezone)"},
    {"paused", kAnyTrigger, "load the job without scheduling it"},
    {"run_on_start", kAnyTrigger, "also run once when the scheduler starts"},
    {"rerun_interrupted", kAnyTrigger, "with a job store: run again, at start, a run a crash cut off"},
    {"timeout", kAnyTrigger, "stop a run after this long (SIGTERM, then SIGKILL)"},
    {"kill_timeout", kAnyTrigger, "grace between SIGTERM and SIGKILL (default 10s)"},
    {"retries", kAnyTrigger, "run a failed run again, up to this many times, for the same time (default 0)"},
    {"retry_delay", kAnyTrigger, "wait before the first retry (default 10s)"},
    {"retry_backoff", kAnyTrigger, "each later wait is this many times the one before (default 1)"},
    {"retry_max_delay", kAnyTrigger, "no wait between attempts is longer than this (default \"none\")"},
    {"on_failure", kAnyTrigger, "command run when a run of this job fails for good (after its retries)"},
    {"on_success", kAnyTrigger, "command run when a run of this job succeeds"},
    {"cwd", kAnyTrigger, "working directory of the command"},
    {"env", kAnyTrigger, "table of environment variables added to the inherited ones"},
    {"env_file", kAnyTrigger, "file of NAME=VALUE lines added to the environment (secrets: never logged)"},
    {"user", kAnyTrigger, "run as this user (name or uid; schedtool must run as root)"},
    {"group", kAnyTrigger, "run with this group (name or gid; default: the user's group)"},
    {"start_date", kDated, "first possible fire time (inclusive; a date for calendarinterval)"},
    {"end_date", kDated, "last possible fire time (inclusive; a date for calendarinterval)"},
    {"crontab", kCronTrigger, "standard crontab string instead of the fields"},
    {"year", kCronTrigger, "4-digit year"},
    {"month", kCronTrigger, "month 1-12 or jan-dec"},
    {"day", kCronTrigger, "day of month 1-31, last, 1st..5th <weekday>, last <weekday>"},
    {"week", kCronTrigger, "ISO week 1-53"},
    {"day_of_week", kCronTrigger, "mon-sun, or 0-6 with 0 = Monday"},
    {"hour", kTimeOfDay, "hour 0-23"},
    {"minute", kTimeOfDay, "minute 0-59"},
    {"second", kTimeOfDay, "second 0-59"},
    {"years", kCalendarTrigger, "calendar years between fires"},
    {"months", kCalendarTrigger, "calendar months between fires"},
    {"month_end", kCalendarTrigger, "\"skip\" months without the day (default) or \"clamp\" to the last day"},
    {"weeks", kDayCounts, "weeks between fires"},
    {"days", kDayCounts, "days between fires"},
    {"hours", kIntervalTrigger, "interval hours"},
    {"minutes", kIntervalTrigger, "interval minutes"},
    {"seconds", kIntervalTrigger, "interval seconds"},
    {"run_date", kDateTrigger, "when to run (default: now)"},
    {"every", kEveryForm, "a phrase instead of trigger: \"10 minutes\", \"day at 10:30\", \"weekday at 09:00\""},
    {"calendar", kCalendarForm, "systemd OnCalendar= instead of trigger: \"Mon..Fri *-*-* 09:00\", or an array (union)"},
    {"tags", kAnyTrigger, "array of labels for jobs --tag and next --tag (not part of the definition)"},
    {"run_in", kAnyTrigger, "ctl add only: run once this long from now (in a jobs file use run_date)"},
    {"triggers", kAndTrigger | kOrTrigger, "array of trigger tables: [{ trigger = \"cron\", hour = 9 }, …]"},
    {"threshold", kAndTrigger, "how far apart the children's fire times may be (default 1s)"},
};

constexpr std::string_view kTriggerTypes[] = {"cron", "interval", "date", "calendarinterval", "and", "or"};
// The trigger types, then the forms that stand for `trigger` and its arguments (one bit each).
constexpr std::string_view kKindNames[] = {"cron", "interval", "date", "calendarinterval", "and", "or", "every", "calendar"};


}  // namespace

std::string trigger_names(unsigned bits) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < std::size(kKindNames); ++i)
    if (bits & (1u << i)) names.push_back(kKindNames[i]);
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out.append(i == 0 ? "" : i + 1 == names.size() ? " and " : ", ").append(names[i]);
  return out;
}

std::span<const JobKey> job_keys() { return kJobKeys; }

std::string job_keys_help() {
  std::string out = "Job keys ([[jobs]] tables; trigger arguments sit beside the options):\n";
  for (const JobKey& key : kJobKeys) {
    std::string where;
    for (std::size_t i = 0; i < std::size(kKindNames); ++i)
      if (key.triggers & (1u << i)) where.append(where.empty() ? "" : ",").append(kKindNames[i]);
    if (key.triggers == kAnyTrigger) where = "any";
    out += fmt::format("  {:<19}{:<31}{}\n", key.name, where, key.help);
  }
  return out;
}

const JobKey* find_job_key(std::string_view name) {
  for (const JobKey& key : kJobKeys)
    if (key.name == name) return &key;
  return nullptr;
}

unsigned trigger_bit(std::string_view type) {
  for (std::size_t i = 0; i < std::size(kTriggerTypes); ++i)
    if (kTriggerTypes[i] == type) return 1u << i;
  return 0;
}

unsigned kind_bit(std::string_view kind) {
  for (std::size_t i = 0; i < std::size(kKindNames); ++i)
    if (kKindNames[i] == kind) return 1u << i;
  return 0;
}

std::span<const std::string_view> trigger_types() { return kTriggerTypes; }

std::string unknown_job_key_message(std::string_view key, std::string_view trigger, unsigned bit) {
  std::vector<std::string_view> allowed;
  for (const JobKey& k : kJobKeys)
    if (!bit || (k.triggers & bit)) allowed.push_back(k.name);
  const auto suggestion = closest_match(key, std::span<const std::string_view>(allowed));
  const std::string hint = suggestion ? fmt::format("did you mean '{}'?", *suggestion) : "";
  if (const JobKey* known = find_job_key(key); known && (bit == kEveryForm || bit == kCalendarForm)) {
    return fmt::format("'{}' cannot be combined with '{}': the {} is the whole trigger (it is an argument of {})",
                       key, trigger, bit == kEveryForm ? "phrase" : "calendar expression",
                       trigger_names(known->triggers));
  }
  if (const JobKey* known = find_job_key(key); known && bit) {
    // The trigger types only: start_date also works with every/calendar, but those are not triggers.
    const unsigned types = known->triggers & (kEveryForm - 1) ? known->triggers & (kEveryForm - 1) : known->triggers;
    return fmt::format("'{}' is not an argument of the {} trigger (it belongs to {}{}{})", key, trigger,
                       trigger_names(types), hint.empty() ? "" : "; ", hint);
  }
  return fmt::format("unknown key '{}'{}", key, hint.empty() ? "" : " (" + hint + ")");
}

}  // namespace schedtool
