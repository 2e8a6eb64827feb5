#include "cron/crontab.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "base/error.h"
#include "cron/field_grammar.h"

namespace schedtool {

namespace {

using cron_grammar::FieldError;
using cron_grammar::FieldSyntax;
using cron_grammar::Item;
using cron_grammar::iequals;

constexpr std::string_view kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
// crontab numbering: 0 = Sunday (and 7, see kDayOfWeek's range).
constexpr std::string_view kWeekdayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

enum Slot : std::size_t { kSecond, kMinute, kHour, kDayOfMonth, kMonth, kDayOfWeek, kYear, kSlotCount };

struct SlotInfo {
  std::string_view label;  // as error messages name the field
  FieldSyntax syntax;
};

const std::array<SlotInfo, kSlotCount> kSlots = {{
    {"second", {.min = 0, .max = 59}},
    {"minute", {.min = 0, .max = 59}},
    {"hour", {.min = 0, .max = 23}},
    {"day-of-month", {.min = 1, .max = 31}},
    {"month", {.min = 1, .max = 12, .names = kMonthNames, .name_base = 1}},
    {"day-of-week", {.min = 0, .max = 7, .names = kWeekdayNames, .name_base = 0}},
    {"year", {.min = 1970, .max = 2099}},  // Quartz's range
}};

struct Macro {
  std::string_view name;
  std::string_view fields;  // the six-field form it stands for, which is also its normalized form
};

constexpr Macro kMacros[] = {
    {"@yearly", "0 0 0 1 1 *"}, {"@annually", "0 0 0 1 1 *"}, {"@monthly", "0 0 0 1 * *"},
    {"@weekly", "0 0 0 * * 0"}, {"@daily", "0 0 0 * * *"},    {"@midnight", "0 0 0 * * *"},
    {"@hourly", "0 0 * * * *"},
};

// Macros other crons know that have no meaning here; saying why beats "unknown macro".
struct UnsupportedMacro {
  std::string_view name, why;
};

constexpr UnsupportedMacro kUnsupportedMacros[] = {
    {"@reboot", "@reboot is not a schedule: to run a job when the scheduler starts, give it run_on_start = true"},
    {"@every", "@every is not supported: use an interval trigger (trigger = \"interval\", minutes = 5)"},
};

constexpr std::size_t kSaturday = 5;  // DaySelector weekday bits: 0 = Monday … 6 = Sunday

// crontab's 0-7 (0 and 7 = Sunday) → DaySelector's 0 = Monday.
std::size_t weekday_bit(int crontab_day) { return static_cast<std::size_t>((crontab_day + 6) % 7); }

std::vector<Item> split_words(std::string_view text) {
  std::vector<Item> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    while (pos < text.size() && !std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    words.push_back({text.substr(start, pos - start), start});
  }
  return words;
}

// A field's text ("*/2", "?") is unrestricted for the Vixie day rule by how it is written, not by
// what it selects: `*/2` selects odd days only, yet `0 0 */2 * 1` still means odd days AND Mondays.
bool unrestricted(std::string_view text) { return text.starts_with('*') || text == "?"; }

std::uint64_t plain_field_bits(Slot slot, std::string_view text) {
  if (text == "?") throw FieldError{"'?' is only allowed in day-of-month and day-of-week", 0, 1};
  return cron_grammar::value_bits(cron_grammar::parse_field(text, kSlots[slot].syntax).spans);
}

// Quartz day-of-month items: `L` (last day), `LW` (last weekday), `15W` (weekday nearest the 15th).
std::optional<std::string> quartz_day_of_month(const Item& item, DaySelector& days) {
  const std::string_view text = item.text;
  if (iequals(text, "L")) days.last_day = true;
  else if (iequals(text, "LW")) days.last_weekday_of_month = true;
  else if (text.size() > 1 && (text[0] == 'L' || text[0] == 'l') && text[1] == '-')
    throw FieldError{"'" + std::string(text) + "' (days before the last day) is not supported", item.offset,
                     text.size()};
  else if (text.size() > 1 && (text.back() == 'W' || text.back() == 'w') &&
           text.find_first_not_of("0123456789") == text.size() - 1) {
    const Item day{text.substr(0, text.size() - 1), item.offset};
    days.nearest_weekday.set(static_cast<std::size_t>(cron_grammar::parse_value(day, kSlots[kDayOfMonth].syntax)));
  } else {
    return std::nullopt;
  }
  return std::string(text);
}

std::size_t parse_weekday(const Item& token) {
  return weekday_bit(cron_grammar::parse_value(token, kSlots[kDayOfWeek].syntax));
}

// `fri#3`, `5#3`: the nth such weekday of the month, n in 1..5.
void parse_nth_weekday(const Item& item, std::size_t hash, DaySelector& days) {
  const Item weekday{item.text.substr(0, hash), item.offset};
  const Item nth{item.text.substr(hash + 1), item.offset + hash + 1};
  if (weekday.text.empty()) throw FieldError{"expected a weekday before '#'", item.offset + hash, 1};
  const std::size_t bit = parse_weekday(weekday);
  const std::size_t digits = std::min(nth.text.find_first_not_of("0123456789"), nth.text.size());
  if (digits == 0) throw FieldError{"expected a number 1-5 after '#'", item.offset + hash, 1};
  if (digits < nth.text.size())
    throw FieldError{"unexpected '" + std::string(nth.text.substr(digits)) + "'", nth.offset + digits,
                     nth.text.size() - digits};
  if (nth.text.size() != 1 || nth.text[0] < '1' || nth.text[0] > '5')
    throw FieldError{"occurrence " + std::string(nth.text) + " is out of range 1-5", nth.offset, nth.text.size()};
  days.nth[static_cast<std::size_t>(nth.text[0] - '1')].set(bit);
}

// Quartz day-of-week items: `L` alone (= 7 = Saturday in Quartz's numbering), `5L`/`friL` (the
// month's last Friday), `fri#3`.
std::optional<std::string> quartz_day_of_week(const Item& item, DaySelector& days) {
  const std::string_view text = item.text;
  if (iequals(text, "L")) days.weekdays.set(kSaturday);
  else if (const std::size_t hash = text.find('#'); hash != std::string_view::npos)
    parse_nth_weekday(item, hash, days);
  else if (text.size() > 1 && (text.back() == 'L' || text.back() == 'l'))
    days.last_of.set(parse_weekday({text.substr(0, text.size() - 1), item.offset}));
  else
    return std::nullopt;
  return std::string(text);
}

DaySelector day_of_month(std::string_view text) {
  DaySelector days;
  days.unrestricted = unrestricted(text);
  if (text == "?") {
    days.days.set().reset(0);
    return days;
  }
  const auto parsed = cron_grammar::parse_field(text, kSlots[kDayOfMonth].syntax,
                                                [&](const Item& item) { return quartz_day_of_month(item, days); });
  days.days = std::bitset<32>(cron_grammar::value_bits(parsed.spans));
  return days;
}

DaySelector day_of_week(std::string_view text) {
  DaySelector days;
  days.unrestricted = unrestricted(text);
  if (text == "?") {
    days.weekdays.set();
    return days;
  }
  const auto parsed = cron_grammar::parse_field(text, kSlots[kDayOfWeek].syntax,
                                                [&](const Item& item) { return quartz_day_of_week(item, days); });
  const std::uint64_t bits = cron_grammar::value_bits(parsed.spans);
  for (int day = 0; day <= 7; ++day)
    if (bits >> day & 1) days.weekdays.set(weekday_bit(day));
  return days;
}

std::vector<YearRange> years(std::string_view text) {
  std::vector<YearRange> ranges;
  for (const auto& span : cron_grammar::parse_field(text, kSlots[kYear].syntax).spans) {
    if (span.star && span.step == 1) return {};  // any year
    ranges.push_back({span.first, span.last, span.step});
  }
  return ranges;
}

// Compiles one field, turning a grammar error into one positioned in the whole expression.
template <class Compile>
auto compile_field(Slot slot, const Item& field, std::string_view source, Compile compile) {
  try {
    return compile(field.text);
  } catch (const FieldError& e) {
    const std::string label(kSlots[slot].label);
    throw Error(label + (e.out_of_range ? " " : ": ") + e.message, std::string(source), field.offset + e.offset,
                e.length);
  }
}

// The seven fields in Slot order; a five-field expression has no second (it is 0) and no year.
using Fields = std::array<std::optional<Item>, kSlotCount>;

CronExpr compile(const Fields& fields, std::string_view source) {
  CronExpr expr;
  const auto bits = [&](Slot slot) {
    if (!fields[slot]) return std::uint64_t{1};  // the implied second 0
    return compile_field(slot, *fields[slot], source, [&](std::string_view t) { return plain_field_bits(slot, t); });
  };
  expr.seconds = bits(kSecond);
  expr.minutes = bits(kMinute);
  expr.hours = bits(kHour);
  expr.day_of_month = compile_field(kDayOfMonth, *fields[kDayOfMonth], source, day_of_month);
  expr.months = bits(kMonth);
  expr.day_of_week = compile_field(kDayOfWeek, *fields[kDayOfWeek], source, day_of_week);
  if (fields[kYear]) expr.years = compile_field(kYear, *fields[kYear], source, years);
  expr.weeks.set().reset(0);  // crontab has no week field
  expr.day_or = !expr.day_of_month.unrestricted && !expr.day_of_week.unrestricted;
  return expr;
}

Fields assign_slots(const std::vector<Item>& words, std::string_view source) {
  if (words.size() < 5 || words.size() > 7)
    throw Error("expected 5, 6 or 7 fields, found " + std::to_string(words.size()), std::string(source), 0,
                source.size());
  Fields fields;
  const std::size_t first_slot = words.size() == 5 ? kMinute : kSecond;
  for (std::size_t i = 0; i < words.size(); ++i) fields[first_slot + i] = words[i];
  return fields;
}

std::string join(const std::vector<Item>& words) {
  std::string out;
  for (const Item& word : words) out.append(out.empty() ? "" : " ").append(word.text);
  return out;
}

const Macro& find_macro(const Item& name, std::string_view source) {
  for (const Macro& macro : kMacros)
    if (iequals(name.text, macro.name)) return macro;
  for (const UnsupportedMacro& macro : kUnsupportedMacros)
    if (iequals(name.text, macro.name)) throw Error(std::string(macro.why), std::string(source), name.offset, name.text.size());
  std::vector<std::string_view> names;
  for (const Macro& macro : kMacros) names.push_back(macro.name);
  throw Error(cron_grammar::unknown_name("macro", name.text, names), std::string(source), name.offset,
              name.text.size());
}

Crontab parse_macro(const std::vector<Item>& words, std::string_view source) {
  const Macro& macro = find_macro(words.front(), source);
  if (words.size() > 1) {
    const std::size_t start = words[1].offset;
    const std::size_t length = words.back().offset + words.back().text.size() - start;
    throw Error("unexpected '" + std::string(source.substr(start, length)) + "' after " +
                    std::string(words.front().text),
                std::string(source), start, length);
  }
  return {compile(assign_slots(split_words(macro.fields), macro.fields), macro.fields), std::string(macro.fields)};
}

// Whether a word could be a field: digits and * , / - ? #, and letters only as month or weekday
// names and Quartz's L and W. "/usr/bin/backup.sh", "echo" and "ls" could not.
bool field_like(std::string_view word) {
  for (std::size_t i = 0; i < word.size();) {
    if (!std::isalpha(static_cast<unsigned char>(word[i]))) {
      if (std::string_view("0123456789*,/-?#").find(word[i]) == std::string_view::npos) return false;
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < word.size() && std::isalpha(static_cast<unsigned char>(word[end]))) ++end;
    const std::string_view letters = word.substr(i, end - i);
    const auto named = [&](std::string_view name) { return iequals(letters, name); };
    if (!named("L") && !named("W") && !named("LW") && std::none_of(std::begin(kMonthNames), std::end(kMonthNames), named) &&
        std::none_of(std::begin(kWeekdayNames), std::end(kWeekdayNames), named))
      return false;
    i = end;
  }
  return true;
}

// A pasted crontab line ("30 2 * * * /usr/local/bin/backup.sh"): a valid five-field schedule, then
// a word that cannot be a field. Said plainly, with the caret on the command.
std::optional<Error> crontab_line_error(const std::vector<Item>& words, std::string_view source) {
  if (words.size() < 6 || field_like(words[5].text)) return std::nullopt;
  const std::vector<Item> schedule(words.begin(), words.begin() + 5);
  try {
    compile(assign_slots(schedule, source), source);
  } catch (const Error&) {
    return std::nullopt;
  }
  const std::size_t start = words[5].offset;
  return Error("this looks like a crontab line with a command; give only the schedule ('" + join(schedule) + "')",
               std::string(source), start, source.size() - start);
}

// Six or seven fields start with seconds, which a reader used to five fields does not expect.
Error with_field_order(std::size_t count, Error error) {
  error.message += count == 6 ? " (6 fields: second minute hour day-of-month month day-of-week)"
                              : " (7 fields: second minute hour day-of-month month day-of-week year)";
  return error;
}

}  // namespace

Crontab parse_crontab(std::string_view text) {
  const std::vector<Item> words = split_words(text);
  if (!words.empty() && words.front().text.starts_with('@')) return parse_macro(words, text);
  try {
    const Fields fields = assign_slots(words, text);
    return {compile(fields, text), (words.size() == 5 ? "0 " : "") + join(words)};
  } catch (const Error& e) {
    if (words.size() <= 5) throw;
    if (auto line = crontab_line_error(words, text)) throw *line;
    if (words.size() > 7) throw;
    throw with_field_order(words.size(), e);
  }
}

}  // namespace schedtool
