#include "cron/cron_fields.h"

#include <vector>

#include "cron/field_grammar.h"

namespace schedtool {

namespace {

using cron_grammar::FieldError;
using cron_grammar::FieldSyntax;
using cron_grammar::iequals;
using cron_grammar::Item;
using cron_grammar::ParsedField;

enum Field : std::size_t { kYear, kMonth, kDay, kWeek, kDayOfWeek, kHour, kMinute, kSecond };

constexpr std::string_view kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
// APScheduler 3 numbering: 0 = Monday.
constexpr std::string_view kWeekdayNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
// `day` positions; index 5 ("last") means the month's last such weekday.
constexpr std::string_view kPositions[] = {"1st", "2nd", "3rd", "4th", "5th", "last"};
constexpr std::size_t kLastPosition = 5;
constexpr std::string_view kDayKeywords[] = {"last"};

using Store = void (*)(const ParsedField&, CronExpr&);

struct FieldInfo {
  FieldSyntax syntax;             // APScheduler's MIN_VALUES / MAX_VALUES
  std::string_view default_text;  // APScheduler's DEFAULT_VALUES, for fields below the last one given
  Store store;
};

std::uint64_t bits(const ParsedField& parsed) { return cron_grammar::value_bits(parsed.spans); }

void store_years(const ParsedField& parsed, CronExpr& expr) {
  expr.years.clear();
  for (const auto& span : parsed.spans) {
    if (span.star && span.step == 1) {  // any year
      expr.years.clear();
      return;
    }
    expr.years.push_back({span.first, span.last, span.step});
  }
}

// `day`'s hook items (last, 3rd fri) were stored by the hook already; these are its plain days.
void store_days(const ParsedField& parsed, CronExpr& expr) {
  expr.day_of_month.days = std::bitset<32>(bits(parsed));
  expr.day_of_month.unrestricted = parsed.canonical == "*";
}

void store_weekdays(const ParsedField& parsed, CronExpr& expr) {
  expr.day_of_week.weekdays = std::bitset<7>(bits(parsed));  // both count 0 = Monday
  expr.day_of_week.unrestricted = parsed.canonical == "*";
}

constexpr FieldSyntax numeric(int min, int max, std::string_view unit) {
  return {.min = min, .max = max, .step_within_span = true, .unit = unit};
}

// Reversed ranges wrap around (`nov-mar`, `fri-mon`, hour `22-2`) except in `year`, whose scale
// never comes round again; `day` ranges may end on `last` (`29-last`).
const std::array<FieldInfo, 8> kFields = {{
    {{.min = 1970, .max = 9999, .step_within_span = true, .wraps = false}, "*", store_years},
    {{.min = 1, .max = 12, .names = kMonthNames, .name_base = 1, .step_within_span = true, .unit = "months"}, "1",
     [](const ParsedField& p, CronExpr& e) { e.months = std::bitset<13>(bits(p)); }},
    {{.min = 1, .max = 31, .keywords = kDayKeywords, .step_within_span = true, .last_word = "last", .unit = "days"},
     "1", store_days},
    {numeric(1, 53, "weeks"), "*", [](const ParsedField& p, CronExpr& e) { e.weeks = std::bitset<54>(bits(p)); }},
    {{.min = 0, .max = 6, .names = kWeekdayNames, .step_within_span = true, .unit = "weekdays"}, "*", store_weekdays},
    {numeric(0, 23, "hours"), "0", [](const ParsedField& p, CronExpr& e) { e.hours = std::bitset<24>(bits(p)); }},
    {numeric(0, 59, "minutes"), "0", [](const ParsedField& p, CronExpr& e) { e.minutes = std::bitset<60>(bits(p)); }},
    {numeric(0, 59, "seconds"), "0", [](const ParsedField& p, CronExpr& e) { e.seconds = std::bitset<60>(bits(p)); }},
}};

template <class Range>
std::size_t index_of(const Range& words, std::string_view word) {
  std::size_t i = 0;
  while (i < std::size(words) && !iequals(words[i], word)) ++i;
  return i;
}

// `day` items beyond numbers: `last`, and `<1st..5th|last> <weekday>` (one or more spaces, as
// APScheduler's regex allows).
std::optional<std::string> day_item(const Item& item, DaySelector& days) {
  const std::string_view text = item.text;
  if (iequals(text, "last")) {
    days.last_day = true;
    return "last";
  }
  const std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view position = text.substr(0, space);
  const std::size_t weekday_at = text.find_first_not_of(' ', space);
  const std::string_view weekday = text.substr(weekday_at);
  const std::size_t nth = index_of(kPositions, position);
  if (nth == std::size(kPositions))
    throw FieldError{"unknown position '" + std::string(position) + "' (expected 1st, 2nd, 3rd, 4th, 5th or last)",
                     item.offset, position.size()};
  const std::size_t day = index_of(kWeekdayNames, weekday);
  if (day == std::size(kWeekdayNames))
    throw FieldError{cron_grammar::unknown_name("weekday", weekday, kWeekdayNames), item.offset + weekday_at,
                     weekday.size()};
  (nth == kLastPosition ? days.last_of : days.nth[nth]).set(day);
  return std::string(kPositions[nth]) + " " + std::string(kWeekdayNames[day]);
}

ParsedField parse(std::size_t field, std::string_view text, DaySelector& days) {
  const FieldSyntax& syntax = kFields[field].syntax;
  if (field != kDay) return cron_grammar::parse_field(text, syntax);
  return cron_grammar::parse_field(text, syntax, [&](const Item& item) { return day_item(item, days); });
}

CronFieldError field_error(std::size_t field, const std::string& text, const FieldError& e) {
  CronFieldError error;
  error.message = "cron field '" + std::string(kCronFieldNames[field]) + "': " + e.message;
  error.source = text;
  error.offset = e.offset;
  error.length = e.length;
  error.field = field;
  return error;
}

// APScheduler's rule: fields more significant than the least significant one given default to `*`,
// less significant ones to their minimum (week and day_of_week to `*`). Nothing given: all `*`.
std::array<std::string, 8> effective_texts(const CronFieldValues& values) {
  std::size_t last_given = 0;
  bool any_given = false;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i]) {
      last_given = i;
      any_given = true;
    }
  std::array<std::string, 8> texts;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i]) texts[i] = *values[i];
    else texts[i] = any_given && i > last_given ? kFields[i].default_text : "*";
  }
  return texts;
}

}  // namespace

CronExpr compile_cron_fields(const CronFieldValues& values, std::vector<CronFieldError>* warnings) {
  const std::array<std::string, 8> texts = effective_texts(values);
  CronExpr expr;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    try {
      const ParsedField parsed = parse(i, texts[i], expr.day_of_month);
      kFields[i].store(parsed, expr);
      if (warnings)
        for (const FieldError& w : parsed.warnings) warnings->push_back(field_error(i, texts[i], w));
    } catch (const FieldError& e) {
      throw field_error(i, texts[i], e);
    }
  }
  expr.day_or = false;  // APScheduler combines every field with AND
  return expr;
}

std::string describe_cron_fields(const CronFieldValues& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    DaySelector scratch;
    std::string shown;
    try {
      shown = parse(i, *values[i], scratch).canonical;
    } catch (const FieldError&) {
      shown = *values[i];  // not valid (compile_cron_fields says why): show it as written
    }
    if (!out.empty()) out += ", ";
    out += std::string(kCronFieldNames[i]) + "='" + shown + "'";
  }
  return out;
}

}  // namespace schedtool
