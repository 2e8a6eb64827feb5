#pragma once
// Every key a [[jobs]] table may hold, with the triggers it belongs to and its one-line help.
// Validation, "did you mean" suggestions and the key lists in --help come from this one table.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace schedtool {

enum TriggerBits : unsigned {
  kCronTrigger = 1,
  kIntervalTrigger = 2,
  kDateTrigger = 4,
  kCalendarTrigger = 8,
  kAndTrigger = 16,
  kOrTrigger = 32,
  kEveryForm = 64,      // `every = "..."`: a phrase that stands for trigger and arguments
  kCalendarForm = 128,  // `calendar = "..."`: systemd OnCalendar expressions
  kAnyTrigger = 255,
};

struct JobKey {
  std::string_view name;
  unsigned triggers;  // TriggerBits where the key is allowed
  std::string_view help;
  // A trigger argument (allowed inside `triggers = [...]` of and/or) rather than a job option.
  bool is_trigger_argument() const { return triggers != kAnyTrigger || name == "timezone" || name == "trigger"; }
};

std::span<const JobKey> job_keys();

// The key table as help text, one line a key: "  hour              cron      hour 0-23".
std::string job_keys_help();
const JobKey* find_job_key(std::string_view name);

// The bit of a trigger type name ("cron" → kCronTrigger), 0 when unknown.
unsigned trigger_bit(std::string_view type);
// trigger_bit, and also the forms that replace `trigger`: "every" → kEveryForm, "calendar" → kCalendarForm.
unsigned kind_bit(std::string_view kind);
std::span<const std::string_view> trigger_types();

// The message for a key that is not allowed in a job of `trigger` (bit), with a suggestion:
//   "unknown key 'hours' (did you mean 'hour'?)"
//   "'seconds' is not an argument of the cron trigger (it belongs to interval; did you mean 'second'?)"
std::string unknown_job_key_message(std::string_view key, std::string_view trigger, unsigned trigger_bit);

// "cron", "cron and interval": the trigger types in a TriggerBits mask.
std::string trigger_names(unsigned bits);

}  // namespace schedtool
