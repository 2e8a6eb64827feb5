#include "cron/crontab.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "base/error.h"
#include "cron/crontab_days.h"
#include "cron/field_grammar.h"

namespace schedtool {

namespace {

using cron_grammar::FieldError;
using cron_grammar::FieldSyntax;
using cron_grammar::Item;
using cron_grammar::iequals;
using cron_grammar::ParsedField;

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
    {"second", {.min = 0, .max = 59, .unit = "seconds"}},
    {"minute", {.min = 0, .max = 59, .unit = "minutes"}},
    {"hour", {.min = 0, .max = 23, .unit = "hours"}},
    {"day-of-month", {.min = 1, .max = 31, .last_word = "L", .unit = "days"}},
    {"month", {.min = 1, .max = 12, .names = kMonthNames, .name_base = 1, .unit = "months"}},
    // 7 is Sunday as well as 0: the week's scale is 0-6, and 7 another name for 0.
    {"day-of-week", {.min = 0, .max = 7, .names = kWeekdayNames, .name_base = 0, .cycle_max = 6, .unit = "weekdays"}},
    {"year", {.min = 1970, .max = 2099, .wraps = false}},  // Quartz's range
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

// croner 8 reads `?` in any field as "the current value" (at creation time); Quartz has it only in
// the day fields, as "no specific value", and so do we.
constexpr std::string_view kQuestionMark =
    "'?' means \"no specific value\" and, as in Quartz, only in day-of-month or day-of-week (croner's \"current "
    "value\" is not supported): write * or the value you mean";

std::uint64_t plain_field_bits(Slot slot, std::string_view text, ParsedField& parsed) {
  if (text == "?") throw FieldError{std::string(kQuestionMark), 0, 1};
  parsed = cron_grammar::parse_field(text, kSlots[slot].syntax);
  return cron_grammar::value_bits(parsed.spans);
}

std::vector<YearRange> years(std::string_view text, ParsedField& parsed) {
  std::vector<YearRange> ranges;
  parsed = cron_grammar::parse_field(text, kSlots[kYear].syntax);
  for (const auto& span : parsed.spans) {
    if (span.star && span.step == 1) return {};  // any year
    ranges.push_back({span.first, span.last, span.step});
  }
  return ranges;
}

// The seven fields in Slot order; a five-field expression has no second (it is 0) and no year.
using Fields = std::array<std::optional<Item>, kSlotCount>;

// Compiles the fields of one expression, positioning errors and warnings in its whole text.
class Compiler {
 public:
  explicit Compiler(std::string_view source) : source_(source) {}

  Crontab compile(const Fields& fields, std::string normalized);

 private:
  // One field: a grammar error becomes an Error positioned in the whole expression; the field's
  // warnings are kept, and its ascending text when it wrapped around.
  template <class CompileText>
  auto field(Slot slot, const Item& field, CompileText compile_text) {
    ParsedField parsed;
    try {
      auto value = compile_text(field.text, parsed);
      for (const FieldError& w : parsed.warnings) warnings_.push_back(positioned(slot, field, w));
      if (parsed.wrapped) ascending_[slot] = parsed.canonical;
      return value;
    } catch (const FieldError& e) {
      throw positioned(slot, field, e);
    }
  }

  Error positioned(Slot slot, const Item& field, const FieldError& e) const {
    const std::string label(kSlots[slot].label);
    return Error(label + (e.out_of_range ? " " : ": ") + e.message, std::string(source_), field.offset + e.offset,
                 e.length);
  }

  std::string ascending(const Fields& fields, const std::string& normalized) const;

  std::string_view source_;
  std::vector<Error> warnings_;
  std::array<std::string, kSlotCount> ascending_;  // empty: the field as written
};

Crontab Compiler::compile(const Fields& fields, std::string normalized) {
  CronExpr expr;
  const auto bits = [&](Slot slot) {
    if (!fields[slot]) return std::uint64_t{1};  // the implied second 0
    return field(slot, *fields[slot], [&](std::string_view t, ParsedField& p) { return plain_field_bits(slot, t, p); });
  };
  const auto days = [&](Slot slot, auto compile_days) {
    return field(slot, *fields[slot], [&](std::string_view t, ParsedField& p) {
      return compile_days(t, kSlots[slot].syntax, p);
    });
  };
  expr.seconds = bits(kSecond);
  expr.minutes = bits(kMinute);
  expr.hours = bits(kHour);
  expr.day_of_month = days(kDayOfMonth, crontab_days::day_of_month);
  expr.months = bits(kMonth);
  expr.day_of_week = days(kDayOfWeek, crontab_days::day_of_week);
  if (fields[kYear]) expr.years = field(kYear, *fields[kYear], years);
  expr.weeks.set().reset(0);  // crontab has no week field
  expr.day_or = !expr.day_of_month.unrestricted && !expr.day_of_week.unrestricted;
  std::string shown = ascending(fields, normalized);
  return {std::move(expr), std::move(normalized), std::move(shown), std::move(warnings_)};
}

std::string Compiler::ascending(const Fields& fields, const std::string& normalized) const {
  if (std::all_of(ascending_.begin(), ascending_.end(), [](const std::string& s) { return s.empty(); }))
    return normalized;
  std::string out = fields[kSecond] ? "" : "0";
  for (std::size_t slot = 0; slot < kSlotCount; ++slot) {
    if (!fields[slot]) continue;
    out.append(out.empty() ? "" : " ").append(ascending_[slot].empty() ? fields[slot]->text : ascending_[slot]);
  }
  return out;
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
  return Compiler(macro.fields).compile(assign_slots(split_words(macro.fields), macro.fields), std::string(macro.fields));
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
    Compiler(source).compile(assign_slots(schedule, source), join(schedule));
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
    return Compiler(text).compile(fields, (words.size() == 5 ? "0 " : "") + join(words));
  } catch (const Error& e) {
    if (words.size() <= 5) throw;
    if (auto line = crontab_line_error(words, text)) throw *line;
    if (words.size() > 7) throw;
    throw with_field_order(words.size(), e);
  }
}

}  // namespace schedtool
