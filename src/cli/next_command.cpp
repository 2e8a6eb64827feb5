// schedtool next [EXPR] [-n N] [--from TIME] [--tz ZONE] [--json]
// schedtool next --file FILE [--job ID] [-n N] [--from TIME] [--json]
// schedtool next --every PHRASE [-n N] [--from TIME] [--tz ZONE] [--json]
// schedtool next --calendar EXPR [--calendar EXPR …] [-n N] [--from TIME] [--tz ZONE] [--json]
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "base/error.h"
#include "base/suggest.h"
#include "cli/load.h"
#include "cli/cli_main.h"
#include "cli/commands.h"
#include "cli/schedule_args.h"
#include "cron/crontab.h"
#include "output/fire_times.h"
#include "time/time_text.h"
#include "trigger/cron_trigger.h"
#include "cron/on_calendar.h"
#include "trigger/every_trigger.h"
#include "trigger/on_calendar_trigger.h"
#include "trigger/preview.h"
#include "trigger/random_interval_trigger.h"

namespace schedtool {
namespace {

struct NextOptions {
  std::string format;
  std::string expression;
  std::size_t count = 5;
  std::string from;
  std::string tz;
  std::string file;
  std::string job;
  std::string every;
  std::vector<std::string> calendar;
  std::string tag;
  bool json = false;
};

std::size_t word_count(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!std::isspace(static_cast<unsigned char>(text[i])) && (i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])))) ++n;
  return n;
}

std::string dst_note(const Trigger& trigger, Instant fire) {
  const auto* cron = dynamic_cast<const CronTrigger*>(&trigger);
  return cron ? cron->dst_note(fire) : std::string();
}

// A random interval's fires (lines[first…], in order) get the window each was drawn from.
void add_draw_windows(const Trigger& trigger, Instant from, std::vector<FireLine>& lines, std::size_t first) {
  const auto* random = dynamic_cast<const RandomIntervalTrigger*>(&trigger);
  if (!random) return;
  std::optional<Instant> previous;
  for (std::size_t i = first; i < lines.size(); ++i) {
    const auto [earliest, latest] = random->draw_window(previous, from);
    lines[i].earliest = earliest;
    lines[i].latest = latest;
    previous = lines[i].time;
  }
}

// The fire times of a trigger built from --every / --calendar, after a header naming what was given.
int print_preview(const Trigger& trigger, Instant from, const NextOptions& options, const std::string& header) {
  const Zone& zone = trigger.zone();
  std::vector<FireLine> lines;
  for (const Instant fire : preview_fire_times(trigger, from, options.count))
    lines.push_back({fire, &zone, {}, dst_note(trigger, fire), {}, {}});
  add_draw_windows(trigger, from, lines, 0);
  if (options.json) {
    fmt::print("{}", fire_times_json(lines));
    return kExitOk;
  }
  fmt::print("{}  Trigger: {}\nTime zone: {}\n", header, trigger.describe(), zone.name());
  fmt::print("{}", lines.empty() ? std::string("No next fire time.\n") : fire_times_text(lines));
  return kExitOk;
}

// next --every PHRASE: the phrase compiled to its trigger (trigger/every_trigger.h).
int run_next_every(const NextOptions& options) {
  if (!options.expression.empty() || !options.file.empty())
    throw Error("next: give one of a crontab expression, --every or --file");
  const ZonePtr zone = options.tz.empty() ? local_zone() : find_zone(options.tz);
  const Instant from = options.from.empty() ? real_now() : parse_time_in(options.from, *zone);
  const EveryPhrase phrase = every_argument(options.every);
  const TriggerPtr trigger = compile_every_phrase(phrase, zone, {}, from);
  return print_preview(*trigger, from, options, fmt::format("    Every: {}\n", format_every_phrase(phrase)));
}

// next --calendar EXPR: systemd OnCalendar lines (trigger/on_calendar_trigger.h); several: their union.
int run_next_calendar(const NextOptions& options) {
  if (!options.expression.empty() || !options.file.empty() || !options.every.empty())
    throw Error("next: give one of a crontab expression, --every, --calendar or --file");
  const ZonePtr zone = options.tz.empty() ? local_zone() : find_zone(options.tz);
  const Instant from = options.from.empty() ? real_now() : parse_time_in(options.from, *zone);
  const TriggerPtr trigger = calendar_argument(options.calendar, zone);
  std::string header;
  for (const std::string& line : options.calendar)
    header += fmt::format(" Calendar: {}\n", parse_on_calendar(line).normalized);
  return print_preview(*trigger, from, options, header);
}

// The jobs to preview: the one named by --job, else every job that is not paused.
std::vector<const JobConfig*> select_jobs(const Config& config, const std::string& id) {
  std::vector<const JobConfig*> jobs;
  std::vector<std::string> ids;
  for (const JobConfig& job : config.jobs) {
    ids.push_back(job.id);
    if (id.empty() ? !job.paused : job.id == id) jobs.push_back(&job);
  }
  if (!id.empty() && jobs.empty())
    throw Error(fmt::format("no job '{}' in {}{}", id, config.path,
                            unknown_id_hint(id, ids, "schedtool jobs " + config.path)));
  return jobs;
}

// The merged timeline of the file's jobs: the first `count` fire events in time order.
int run_next_file(const NextOptions& options) {
  const LoadContext context = make_context(options.from, options.tz, options.format);
  const auto config = load_or_report(options.file, context);
  if (!config) return kExitUsage;
  std::vector<FireLine> lines;
  for (const JobConfig* job : select_jobs(*config, options.job)) {
    if (!options.tag.empty() && !has_tag(*job, options.tag)) continue;
    const std::size_t first = lines.size();
    for (const Instant fire : preview_fire_times(*job->trigger, context.now, options.count))
      lines.push_back({fire, &job->trigger->zone(), job->id, dst_note(*job->trigger, fire), {}, {}});
    add_draw_windows(*job->trigger, context.now, lines, first);
  }
  std::stable_sort(lines.begin(), lines.end(), [](const FireLine& a, const FireLine& b) { return a.time < b.time; });
  if (lines.size() > options.count) lines.resize(options.count);
  if (options.json)
    fmt::print("{}", fire_times_json(lines));
  else
    fmt::print("{}", lines.empty() ? std::string("No next fire time.\n") : fire_times_text(lines));
  return kExitOk;
}

int run_next(const NextOptions& options) {
  if (!options.calendar.empty()) return run_next_calendar(options);
  if (!options.every.empty()) return run_next_every(options);
  if (!options.file.empty()) {
    if (!options.expression.empty()) throw Error("next: give a crontab expression or --file, not both");
    return run_next_file(options);
  }
  if (!options.job.empty()) throw Error("next: --job needs --file");
  if (!options.tag.empty()) throw Error("next: --tag needs --file");
  const ZonePtr zone = options.tz.empty() ? local_zone() : find_zone(options.tz);
  const Instant from = options.from.empty() ? real_now() : parse_time_in(options.from, *zone);
  if (options.expression.empty()) throw Error("next: give a crontab expression (or --file, with a jobs file)");
  Crontab crontab = crontab_argument(options.expression);
  for (const Error& w : crontab.warnings)  // a numeric wrap-around range, often a typo: say so, and go on
    fmt::print(stderr, "schedtool: warning: {}\n{}\n", w.message, caret_lines(w));
  const CronTrigger trigger(std::move(crontab.expr), zone, {}, {});

  std::vector<FireLine> lines;
  for (const Instant fire : preview_fire_times(trigger, from, options.count))
    lines.push_back({fire, zone.get(), {}, trigger.dst_note(fire), {}, {}});

  if (options.json) {
    fmt::print("{}", fire_times_json(lines));
  } else {
    fmt::print("Expression: {}\nNormalized: {}\n", options.expression, crontab.normalized);
    if (const std::size_t n = word_count(options.expression); n == 6 || n == 7)
      fmt::print("    Fields: second minute hour day-of-month month day-of-week{}\n", n == 7 ? " year" : "");
    fmt::print(" Time zone: {}\n", zone->name());
    if (lines.empty()) fmt::print("No next fire time.\n");
    fmt::print("{}", fire_times_text(lines));
  }
  return kExitOk;
}

}  // namespace

Command add_next_command(CLI::App& app) {
  auto options = std::make_shared<NextOptions>();
  CLI::App* sub = app.add_subcommand("next", "Preview the next fire times of a crontab expression, a phrase, an OnCalendar expression or a jobs file");
  sub->add_option("expression", options->expression,
                  "Crontab expression: 5 fields (minute hour day month weekday), 6 (seconds first),\n"
                  "7 (seconds first, year last), or @hourly/@daily/@weekly/@monthly/@yearly");
  sub->add_option("-n,--count", options->count, "How many fire times (default 5)")->check(CLI::Range(1, 100000));
  sub->add_option("--from", options->from,
                  "Start here, inclusive: RFC 3339, or a local time in --tz (default: now)");
  sub->add_option("--tz", options->tz, "IANA time zone (default: $TZ, /etc/localtime, else UTC)");
  sub->add_option("--file", options->file, "Preview the jobs of this jobs file instead (merged timeline)");
  add_format_option(*sub, options->format);
  sub->add_option("--job", options->job, "With --file: only this job");
  sub->add_option("--tag", options->tag, "With --file: only the jobs with this tag");
  sub->add_option("--every", options->every,
                  "A schedule in words instead: \"10 minutes\", \"day at 10:30\", \"weekday at 09:00\",\n"
                  "\"15 minutes from 06:00 to 08:00\", \"2 to 4 hours\" (see schedtool(1), Schedules in words)");
  sub->add_option("--calendar", options->calendar,
                  "A systemd OnCalendar= expression instead: \"Mon..Fri *-*-* 09:00\", \"*-*-01 04:00\",\n"
                  "\"*:0/15\", \"quarterly\", with an optional zone last; repeat it for the union\n"
                  "(see schedtool(1), systemd OnCalendar)")->allow_extra_args(false);
  sub->add_flag("--json", options->json, "Print a JSON array of {\"time\": RFC 3339} (with \"job\" for --file, \"earliest\"/\"latest\"\nfor a random interval)");
  sub->footer(
      "DST: a trigger whose hours are all of 0-23 keeps its real-time rhythm (a time in a\n"
      "spring-forward gap is skipped, a repeated time fires twice); any other fires each matching\n"
      "local time once (a time in a gap fires at the end of the gap, a repeated one at its first\n"
      "occurrence). See schedtool(1), DST RULES.");
  return {sub, [options] { return run_next(*options); }};
}

}  // namespace schedtool
