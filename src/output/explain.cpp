#include "output/explain.h"

#include <fmt/format.h>

#include "base/json.h"
#include "output/cron_words.h"
#include "time/time_text.h"
#include "trigger/calendar_interval_trigger.h"
#include "trigger/combining_trigger.h"
#include "trigger/cron_trigger.h"
#include "trigger/date_trigger.h"
#include "trigger/interval_trigger.h"
#include "trigger/preview.h"
#include "trigger/random_interval_trigger.h"

namespace schedtool {
namespace {

using std::chrono::seconds;

struct UnitName {
  long seconds;
  const char* singular;
  const char* plural;
};

constexpr UnitName kUnits[] = {{604800, "week", "weeks"}, {86400, "day", "days"}, {3600, "hour", "hours"},
                               {60, "minute", "minutes"}, {1, "second", "seconds"}};

// "1 hour", "90 minutes", "1 day and 2 hours": the largest units that add up.
std::string amount_in_words(Duration d) {
  long left = static_cast<long>(std::chrono::duration_cast<seconds>(d).count());
  std::vector<std::string> parts;
  for (const UnitName& u : kUnits) {
    if (left % u.seconds == 0 && parts.empty() && left) {
      const long n = left / u.seconds;
      return fmt::format("{} {}", n, n == 1 ? u.singular : u.plural);
    }
    if (const long n = left / u.seconds) parts.push_back(fmt::format("{} {}", n, n == 1 ? u.singular : u.plural));
    left %= u.seconds;
  }
  return parts.empty() ? "0 seconds" : join_words(parts);
}

// "every hour", "every 90 minutes", "every 1 day and 2 hours".
std::string every_duration(Duration d) {
  const std::string amount = amount_in_words(d);
  return amount.starts_with("1 ") && amount.find(" and ") == std::string::npos ? "every " + amount.substr(2)
                                                                                : "every " + amount;
}

// "every 2 to 4 hours": the largest unit that divides both bounds.
std::string random_in_words(const RandomIntervalTrigger& r) {
  const long lo = static_cast<long>(std::chrono::duration_cast<seconds>(r.shortest()).count());
  const long hi = static_cast<long>(std::chrono::duration_cast<seconds>(r.longest()).count());
  for (const UnitName& u : kUnits)
    if (lo % u.seconds == 0 && hi % u.seconds == 0 && u.seconds < 604800)
      return fmt::format("every {} to {} {}, at random", lo / u.seconds, hi / u.seconds, u.plural);
  return "at random";
}

std::string calendar_in_words(const CalendarIntervalTrigger& c) {
  const CalendarStep& s = c.step();
  const std::pair<int, const UnitName> steps[] = {{s.years, {0, "year", "years"}}, {s.months, {0, "month", "months"}},
                                                  {s.weeks, {0, "week", "weeks"}}, {s.days, {0, "day", "days"}}};
  std::vector<std::string> parts;
  for (const auto& [n, unit] : steps)
    if (n) parts.push_back(fmt::format("{} {}", n, n == 1 ? unit.singular : unit.plural));
  std::string every = "every " + join_words(parts);
  if (parts.size() == 1 && every.starts_with("every 1 ")) every = "every " + every.substr(8);
  const long t = static_cast<long>(s.time_of_day.count());
  return every + " at " + format_time_of_day(seconds{t}) +
         (s.month_end == MonthEnd::clamp ? ", on the month's last day when the day is missing" : "");
}

// A child in another zone than the combination says so: `calendar = ["Sat 10:00 UTC", …]`.
std::string children_in_words(const std::vector<TriggerPtr>& children, const Zone& zone) {
  std::vector<std::string> parts;
  for (const TriggerPtr& child : children)
    parts.push_back(trigger_in_words(*child) +
                    (child->zone().name() == zone.name() ? "" : " (" + child->zone().name() + ")"));
  return join_words(parts, "; ");
}

// The reading a wall-clock trigger meant for a fire at the end of a spring-forward gap, if any.
std::optional<WallSeconds> meant_in_gap(const Trigger& trigger, Instant fire, WallSeconds after_gap, seconds gap) {
  if (const auto* cron = dynamic_cast<const CronTrigger*>(&trigger)) {
    if (cron->is_cadence() || cron->expr().matches(after_gap)) return std::nullopt;
    const auto meant = cron->expr().next_match(WallTime{after_gap - gap});
    return meant && *meant < after_gap ? meant : std::nullopt;
  }
  if (const auto* calendar = dynamic_cast<const CalendarIntervalTrigger*>(&trigger)) {
    const WallSeconds meant = date::floor<date::days>(after_gap) + calendar->step().time_of_day;
    return meant != after_gap ? std::optional<WallSeconds>(meant) : std::nullopt;
  }
  if (const auto* any = dynamic_cast<const OrTrigger*>(&trigger))
    for (const TriggerPtr& child : any->children())
      if (child->first_at_or_after(fire) == fire)
        if (auto meant = meant_in_gap(*child, fire, after_gap, gap)) return meant;
  return std::nullopt;
}

bool keeps_wall_clock(const Trigger& trigger) {
  if (const auto* cron = dynamic_cast<const CronTrigger*>(&trigger)) return !cron->is_cadence();
  if (const auto* any = dynamic_cast<const OrTrigger*>(&trigger)) {
    for (const TriggerPtr& child : any->children()) if (keeps_wall_clock(*child)) return true;
    return false;
  }
  return dynamic_cast<const CalendarIntervalTrigger*>(&trigger) != nullptr;
}

std::string first_note(const Trigger& trigger, Instant now) {
  const Instant horizon = now + date::days{400};
  for (const Instant fire : preview_fire_times(trigger, now, 2000)) {
    if (fire > horizon) break;
    if (std::string note = dst_note_in_words(trigger, fire); !note.empty()) return note;
  }
  return {};
}

}  // namespace

std::string trigger_in_words(const Trigger& t) {
  if (const auto* cron = dynamic_cast<const CronTrigger*>(&t)) return cron_in_words(cron->expr());
  if (const auto* interval = dynamic_cast<const IntervalTrigger*>(&t)) return every_duration(interval->interval());
  if (const auto* once = dynamic_cast<const DateTrigger*>(&t)) return "once, at " + format_local(once->run_date(), t.zone());
  if (const auto* calendar = dynamic_cast<const CalendarIntervalTrigger*>(&t)) return calendar_in_words(*calendar);
  if (const auto* random = dynamic_cast<const RandomIntervalTrigger*>(&t)) return random_in_words(*random);
  if (const auto* any = dynamic_cast<const OrTrigger*>(&t)) return "whenever any of these fires: " + children_in_words(any->children(), t.zone());
  if (const auto* all = dynamic_cast<const AndTrigger*>(&t))
    return fmt::format("when all of these fire within {}: {}", amount_in_words(all->threshold()),
                       children_in_words(all->children(), t.zone()));
  return t.describe();
}

std::string phrase_in_words(const EveryPhrase& p) {
  const std::string unit(unit_word(p.unit, p.count));
  const std::string every = p.count == 1 ? "every " + unit : fmt::format("every {} {}", p.count, unit);
  const std::string at = p.at ? " at " + format_time_of_day(*p.at) : " at 00:00";
  switch (p.kind) {
    case PhraseKind::interval:
      if (!p.at) return every;
      return p.unit == PhraseUnit::minute ? fmt::format("{}, at second {}", every, p.at->count())
                                          : fmt::format("{}, at minute {}", every, p.at->count() / 60);
    case PhraseKind::calendar: return every + at;
    case PhraseKind::weekdays: {
      const std::string days = weekdays_in_words(p.weekdays.to_ulong());
      if (p.day_word == "weekday") return "every weekday (" + days + ")" + at;
      return "every " + days + at;
    }
    case PhraseKind::random: return fmt::format("every {} to {} {}, at random", p.count, p.count_to, unit_word(p.unit, 2));
    case PhraseKind::window:
      return fmt::format("{} from {} to {}", every, format_time_of_day(p.window_from), format_time_of_day(p.window_to));
  }
  return {};
}

std::string dst_note_in_words(const Trigger& trigger, Instant fire) {
  const Zone& zone = trigger.zone();
  const WallSeconds wall = date::floor<seconds>(zone.to_wall(fire));
  const OffsetPeriod period = zone.period_at(fire);
  const auto day = [](WallSeconds w) { return date::format("%F %R", w); };
  if (period.begin == fire && period.begin != Instant::min()) {
    const seconds gap = period.offset - zone.period_at(fire - Duration{1}).offset;
    if (gap > seconds{0})
      if (const auto meant = meant_in_gap(trigger, fire, wall, gap))
        return fmt::format("{} does not exist in {}: runs at {}", day(*meant), zone.name(), date::format("%R", wall));
  }
  if (keeps_wall_clock(trigger) && zone.resolve(WallTime{wall}).kind == WallKind::repeated)
    return fmt::format("{} happens twice in {}: runs once, at the first ({})", day(wall), zone.name(), period.abbrev);
  return {};
}

Explanation explain(const Trigger& trigger, Instant now, std::string words, std::string job) {
  Explanation e;
  e.job = std::move(job);
  e.description = words.empty() ? trigger_in_words(trigger) : std::move(words);
  e.zone = trigger.zone().name();
  if (const auto next = preview_fire_times(trigger, now, 1); !next.empty()) {
    e.next = next.front();
    e.next_text = date::format("%a ", date::floor<seconds>(trigger.zone().to_wall(*e.next))) +
                  format_local(*e.next, trigger.zone());
    e.next_rfc3339 = format_rfc3339(*e.next, trigger.zone());
  }
  e.note = first_note(trigger, now);
  return e;
}

std::string explanation_text(const Explanation& e) {
  std::string out = e.job.empty() ? "" : e.job + ": ";
  out += fmt::format("{} ({})\n", e.description, e.zone);
  out += fmt::format("  next: {}\n", e.next ? e.next_text : "none");
  if (!e.note.empty()) out += fmt::format("  note: {}\n", e.note);
  return out;
}

std::string explanations_json(const std::vector<Explanation>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Explanation& e = list[i];
    out += i ? ",\n " : "";
    out += "{";
    if (!e.job.empty()) out += fmt::format("\"job\":{},", json_string(e.job));
    out += fmt::format("\"description\":{},\"zone\":{},\"next\":{}", json_string(e.description), json_string(e.zone),
                       e.next ? json_string(e.next_rfc3339) : "null");
    if (!e.note.empty()) out += fmt::format(",\"note\":{}", json_string(e.note));
    out += "}";
  }
  return out + "]\n";
}

}  // namespace schedtool
