#include "cron/crontab_days.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

namespace schedtool::crontab_days {

namespace {

using cron_grammar::FieldError;
using cron_grammar::FieldSyntax;
using cron_grammar::Item;
using cron_grammar::iequals;

constexpr std::size_t kSaturday = 5;   // DaySelector weekday bits: 0 = Monday … 6 = Sunday
constexpr int kMaxBeforeLast = 30;     // L-30 is the 1st of a 31-day month (Quartz's limit)
constexpr std::string_view kUpperWeekdays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

bool is_l(char c) { return c == 'L' || c == 'l'; }
bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// crontab's 0-7 (0 and 7 = Sunday) → DaySelector's 0 = Monday.
std::size_t weekday_bit(int crontab_day) { return static_cast<std::size_t>((crontab_day + 6) % 7); }

std::bitset<7> weekday_set(std::uint64_t crontab_bits) {
  std::bitset<7> set;
  for (int day = 0; day <= 7; ++day)
    if (crontab_bits >> day & 1) set.set(weekday_bit(day));
  return set;
}

// The digits of `text` from `at` on, or a positioned error saying what was expected there.
int number_after(const Item& item, std::size_t at, std::string_view expected) {
  const std::string_view digits_text = item.text.substr(at);
  const std::size_t digits = std::min(digits_text.find_first_not_of("0123456789"), digits_text.size());
  if (digits == 0)
    throw FieldError{"expected " + std::string(expected) + " after '" + std::string(item.text.substr(at - 1, 1)) + "'",
                     item.offset + at - 1, 1};
  if (digits < digits_text.size())
    throw FieldError{"unexpected '" + std::string(digits_text.substr(digits)) + "'", item.offset + at + digits,
                     digits_text.size() - digits};
  return digits > 3 ? 1000 : std::stoi(std::string(digits_text));
}

// `L-3`: three days before the month's last day; `L-0` is `L`.
void parse_before_last(const Item& item, DaySelector& days) {
  const int offset = number_after(item, 2, "a number 0-30");
  if (offset > kMaxBeforeLast)
    throw FieldError{"offset " + std::string(item.text.substr(2)) + " is out of range 0-30", item.offset + 2,
                     item.text.size() - 2};
  if (offset == 0) days.last_day = true;
  else days.from_end.set(static_cast<std::size_t>(offset) + 1);
}

// Quartz day-of-month items: `L`, `L-3`, `LW`, `15W`.
std::optional<std::string> quartz_day_of_month(const Item& item, const FieldSyntax& syntax, DaySelector& days) {
  const std::string_view text = item.text;
  if (iequals(text, "L")) days.last_day = true;
  else if (iequals(text, "LW")) days.last_weekday_of_month = true;
  else if (text.size() > 1 && is_l(text[0]) && text[1] == '-') parse_before_last(item, days);
  else if (text.size() > 1 && (text.back() == 'W' || text.back() == 'w') && all_digits(text.substr(0, text.size() - 1))) {
    const Item day{text.substr(0, text.size() - 1), item.offset};
    days.nearest_weekday.set(static_cast<std::size_t>(cron_grammar::parse_value(day, syntax)));
  } else {
    return std::nullopt;
  }
  return std::string(text);
}

// The weekdays before `#`: one (`fri`, `5`) or a range (`mon-fri`, `sat-sun`, `fri-mon`).
std::bitset<7> weekdays_before(const Item& part, const FieldSyntax& syntax, std::vector<FieldError>& warnings) {
  cron_grammar::ParsedItem parsed = cron_grammar::parse_item(part, syntax);
  if (parsed.warning) warnings.push_back(std::move(*parsed.warning));
  return weekday_set(cron_grammar::span_bits(parsed.span));
}

// `fri#3`, `5#3`, `mon-fri#1`: the nth such weekday of the month, n in 1..5; `fri#L`: the last.
void parse_nth_weekday(const Item& item, std::size_t hash, const FieldSyntax& syntax, DaySelector& days,
                       std::vector<FieldError>& warnings) {
  if (hash == 0) throw FieldError{"expected a weekday before '#'", item.offset, 1};
  const std::bitset<7> weekdays = weekdays_before({item.text.substr(0, hash), item.offset}, syntax, warnings);
  const std::string_view nth = item.text.substr(hash + 1);
  if (iequals(nth, "L")) {
    days.last_of |= weekdays;
    return;
  }
  const int n = number_after(item, hash + 1, "a number 1-5 or L");
  if (n < 1 || n > 5)
    throw FieldError{"occurrence " + std::string(nth) + " is out of range 1-5", item.offset + hash + 1, nth.size()};
  days.nth[static_cast<std::size_t>(n - 1)] |= weekdays;
}

// `5L`, `friL`: the month's last Friday. Only one weekday: a range's last ones are `SAT-SUN#L`.
void parse_last_weekday(const Item& item, const FieldSyntax& syntax, DaySelector& days) {
  const Item weekday{item.text.substr(0, item.text.size() - 1), item.offset};
  if (weekday.text.find_first_of("-/*,") != std::string_view::npos)
    throw FieldError{"'" + std::string(item.text) + "': expected one weekday before 'L' (for the last of each " +
                         "weekday in a range, write " + std::string(weekday.text) + "#L)",
                     item.offset, item.text.size()};
  days.last_of.set(weekday_bit(cron_grammar::parse_value(weekday, syntax)));
}

// croniter's `L5` (last Friday) reads like Quartz's `L` followed by junk: name the forms we take.
[[noreturn]] void refuse_croniter_last(const Item& item) {
  const std::string_view digits = item.text.substr(1);
  const bool weekday = digits.size() == 1 && digits[0] <= '7';
  const std::string instead = weekday ? std::string(digits) + "L or " + std::string(kUpperWeekdays[digits[0] - '0']) + "#L"
                                      : "5L or FRI#L";
  throw FieldError{"'" + std::string(item.text) + "' (croniter's last-weekday form) is not supported: write " + instead,
                   item.offset, item.text.size()};
}

// Quartz and croner day-of-week items: `L` alone (= 7 = Saturday in Quartz's numbering), `5L`/`friL`
// (the month's last Friday), `fri#3`, `mon-fri#1`, `fri#L`.
std::optional<std::string> quartz_day_of_week(const Item& item, const FieldSyntax& syntax, DaySelector& days,
                                              std::vector<FieldError>& warnings) {
  const std::string_view text = item.text;
  if (iequals(text, "L")) days.weekdays.set(kSaturday);
  else if (const std::size_t hash = text.find('#'); hash != std::string_view::npos)
    parse_nth_weekday(item, hash, syntax, days, warnings);
  else if (text.size() > 1 && is_l(text[0]) && all_digits(text.substr(1)))
    refuse_croniter_last(item);
  else if (text.size() > 1 && is_l(text.back()))
    parse_last_weekday(item, syntax, days);
  else
    return std::nullopt;
  return std::string(text);
}

// A field's text ("*/2", "?") is unrestricted for the Vixie day rule by how it is written, not by
// what it selects: `*/2` selects odd days only, yet `0 0 */2 * 1` still means odd days AND Mondays.
bool unrestricted(std::string_view text) { return text.starts_with('*') || text == "?"; }

}  // namespace

DaySelector day_of_month(std::string_view text, const FieldSyntax& syntax, cron_grammar::ParsedField& parsed) {
  DaySelector days;
  days.unrestricted = unrestricted(text);
  if (text == "?") {
    days.days.set().reset(0);
    return days;
  }
  parsed = cron_grammar::parse_field(text, syntax,
                                     [&](const Item& item) { return quartz_day_of_month(item, syntax, days); });
  days.days = std::bitset<32>(cron_grammar::value_bits(parsed.spans));
  return days;
}

DaySelector day_of_week(std::string_view text, const FieldSyntax& syntax, cron_grammar::ParsedField& parsed) {
  DaySelector days;
  days.unrestricted = unrestricted(text);
  if (text == "?") {
    days.weekdays.set();
    return days;
  }
  std::vector<FieldError> hook_warnings;  // from ranges inside `#` items
  parsed = cron_grammar::parse_field(
      text, syntax, [&](const Item& item) { return quartz_day_of_week(item, syntax, days, hook_warnings); });
  days.weekdays |= weekday_set(cron_grammar::value_bits(parsed.spans));
  parsed.warnings.insert(parsed.warnings.end(), hook_warnings.begin(), hook_warnings.end());
  return days;
}

}  // namespace schedtool::crontab_days
