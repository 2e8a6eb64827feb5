// schedtool explain EXPR | --every PHRASE | --calendar EXPR… | --file FILE [--job ID] [--from TIME] [--tz ZONE] [--json]
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/suggest.h"
#include "cli/cli_main.h"
#include "cli/commands.h"
#include "cli/schedule_args.h"
#include "cli/load.h"
#include "config/job_trigger.h"
#include "cron/crontab.h"
#include "output/explain.h"
#include "trigger/cron_trigger.h"
#include "trigger/every_trigger.h"
#include "trigger/on_calendar_trigger.h"

namespace schedtool {
namespace {

struct ExplainOptions {
  std::string format;
  std::string expression;
  std::string every;
  std::vector<std::string> calendar;
  std::string file;
  std::string job;
  std::string from;
  std::string tz;
  bool json = false;
};

std::vector<Explanation> explain_file(const ExplainOptions& options, const LoadContext& context, const Config& config) {
  std::vector<Explanation> list;
  for (const JobConfig& job : config.jobs) {
    if (!options.job.empty() && job.id != options.job) continue;
    const std::string words = job.every.empty() ? "" : phrase_in_words(parse_every_phrase(job.every));
    list.push_back(explain(*job.trigger, context.now, words, job.id));
  }
  if (!options.job.empty() && list.empty()) {
    std::vector<std::string> ids;
    for (const JobConfig& job : config.jobs) ids.push_back(job.id);
    throw Error(fmt::format("no job '{}' in {}{}", options.job, config.path,
                            unknown_id_hint(options.job, ids, "schedtool jobs " + config.path)));
  }
  return list;
}

std::vector<Explanation> explain_one(const ExplainOptions& options, const LoadContext& context) {
  const ZonePtr zone = context.default_zone;
  if (!options.every.empty()) {
    const EveryPhrase phrase = every_argument(options.every);
    return {explain(*compile_every_phrase(phrase, zone, {}, context.now), context.now, phrase_in_words(phrase))};
  }
  if (!options.calendar.empty()) return {explain(*calendar_argument(options.calendar, zone), context.now)};
  Crontab crontab = crontab_argument(options.expression);
  return {explain(CronTrigger(std::move(crontab.expr), zone, {}, {}), context.now)};
}

int run_explain(const ExplainOptions& options) {
  const int given =
      !options.expression.empty() + !options.every.empty() + !options.calendar.empty() + !options.file.empty();
  if (given != 1)
    throw Error("explain: give one of a crontab expression, --every PHRASE, --calendar EXPR or --file FILE");
  if (!options.job.empty() && options.file.empty()) throw Error("explain: --job needs --file");
  const LoadContext context = make_context(options.from, options.tz, options.format);
  std::vector<Explanation> list;
  if (!options.file.empty()) {
    const auto config = load_or_report(options.file, context);
    if (!config) return kExitUsage;
    list = explain_file(options, context, *config);
  } else {
    list = explain_one(options, context);
  }
  if (options.json) {
    fmt::print("{}", explanations_json(list));
  } else {
    for (const Explanation& e : list) fmt::print("{}", explanation_text(e));
  }
  return kExitOk;
}

}  // namespace

Command add_explain_command(CLI::App& app) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* sub = app.add_subcommand("explain", "Say a schedule in plain English, with its next fire time and DST notes");
  sub->add_option("expression", options->expression, "Crontab expression (as for next)");
  sub->add_option("--every", options->every, "A schedule in words: \"10 minutes\", \"weekday at 09:00\", …");
  sub->add_option("--calendar", options->calendar,
                  "A systemd OnCalendar= expression: \"Mon..Fri *-*-* 09:00\"; repeat it for the union");
  sub->add_option("--file", options->file, "Explain every job of this jobs file");
  add_format_option(*sub, options->format);
  sub->add_option("--job", options->job, "With --file: only this job");
  sub->add_option("--from", options->from, "Count the next fire from here (default: now)");
  sub->add_option("--tz", options->tz, "IANA time zone (default: $TZ, /etc/localtime, else UTC)");
  sub->add_flag("--json", options->json, "Print [{description, zone, next, note, job}] instead");
  sub->footer(
      "The note names the first fire within a year that a DST rule moves: a time in a\n"
      "spring-forward gap runs at the end of the gap, a repeated time runs once, at the first.");
  return {sub, [options] { return run_explain(*options); }};
}

}  // namespace schedtool
