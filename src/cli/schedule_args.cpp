#include "cli/schedule_args.h"

#include <fmt/format.h>

#include "base/error.h"
#include "cron/on_calendar.h"
#include "trigger/on_calendar_trigger.h"

namespace schedtool {
namespace {

// Runs `parse`, re-throwing its Error under `heading` (and with `hint` after the message).
template <class Parse>
auto under_heading(const char* heading, Parse parse, const std::string& hint = {}) {
  try {
    return parse();
  } catch (Error& e) {
    e.message = heading + e.message + hint;
    throw;
  }
}

// " (did you mean --every \"10 minutes\"?)" when the text is a phrase, and --calendar for a
// systemd calendar expression.
std::string other_form_hint(const std::string& text) {
  try {
    return fmt::format(" (did you mean --every \"{}\"?)", format_every_phrase(parse_every_phrase(text)));
  } catch (const Error&) {
  }
  try {
    parse_on_calendar(text);
    return fmt::format(" (did you mean --calendar \"{}\"?)", text);
  } catch (const Error&) {
    return "";
  }
}

}  // namespace

Crontab crontab_argument(const std::string& text) {
  try {
    return parse_crontab(text);
  } catch (Error& e) {  // the hint is looked for only when the text failed as crontab
    e.message = "invalid crontab expression: " + e.message + other_form_hint(text);
    throw;
  }
}

EveryPhrase every_argument(const std::string& text) {
  return under_heading("invalid --every phrase: ", [&] { return parse_every_phrase(text); });
}

TriggerPtr calendar_argument(const std::vector<std::string>& lines, const ZonePtr& zone) {
  std::vector<TriggerPtr> triggers;
  for (const std::string& line : lines)
    triggers.push_back(under_heading("invalid --calendar expression: ", [&] { return compile_on_calendar(line, zone, {}); }));
  return union_of_lines(std::move(triggers), zone);
}

}  // namespace schedtool
