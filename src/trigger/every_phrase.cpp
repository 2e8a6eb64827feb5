#include "trigger/every_phrase.h"

#include <cctype>
#include <charconv>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/suggest.h"

namespace schedtool {
namespace {

using std::chrono::seconds;

struct UnitWord {
  std::string_view singular, plural;
  PhraseUnit unit;
};

constexpr UnitWord kUnits[] = {
    {"second", "seconds", PhraseUnit::second}, {"minute", "minutes", PhraseUnit::minute},
    {"hour", "hours", PhraseUnit::hour},       {"day", "days", PhraseUnit::day},
    {"week", "weeks", PhraseUnit::week},
};

struct DayWord {
  std::string_view word, plural;
  unsigned long bits;  // bit 0 = Monday
};

// `weekday` and `weekend` are ours; the library has only the seven days.
constexpr DayWord kDays[] = {
    {"monday", "mondays", 1},         {"tuesday", "tuesdays", 2},    {"wednesday", "wednesdays", 4},
    {"thursday", "thursdays", 8},     {"friday", "fridays", 16},     {"saturday", "saturdays", 32},
    {"sunday", "sundays", 64},        {"weekday", "weekdays", 31},   {"weekend", "weekends", 96},
};

constexpr std::string_view kKeywords[] = {"at", "to", "from"};

constexpr std::string_view kExamples = "\"10 minutes\", \"day at 10:30\", \"monday at 14:00\"";

struct Token {
  std::string text;  // lower case
  std::size_t offset = 0, length = 0;
};

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < text.size();) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) { ++i; continue; }
    Token token{{}, i, 0};
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
      token.text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++]))));
    token.length = i - token.offset;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

const UnitWord* find_unit(std::string_view word) {
  for (const UnitWord& u : kUnits)
    if (word == u.singular || word == u.plural) return &u;
  return nullptr;
}

const DayWord* find_day(std::string_view word) {
  for (const DayWord& d : kDays)
    if (word == d.word || word == d.plural) return &d;
  return nullptr;
}

std::optional<long> read_count(std::string_view word) {
  long value = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  // Digits only: no sign (from_chars would take "-3"), so "-3:00" is not a time of day.
  if (word.empty() || !std::isdigit(static_cast<unsigned char>(word[0]))) return std::nullopt;
  if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
  return value;
}

// Every word a phrase may hold, for "did you mean".
std::vector<std::string_view> vocabulary() {
  std::vector<std::string_view> words(std::begin(kKeywords), std::end(kKeywords));
  for (const UnitWord& u : kUnits) words.insert(words.end(), {u.singular, u.plural});
  for (const DayWord& d : kDays) words.insert(words.end(), {d.word, d.plural});
  return words;
}

class PhraseParser {
 public:
  // `suggest`: an unknown word is retried as its closest known word, to name a valid phrase. The
  // retry itself does not suggest, so a word that is known but misplaced cannot recurse.
  explicit PhraseParser(std::string_view text, bool suggest = true)
      : text_(text), tokens_(tokenize(text)), suggest_(suggest) {}

  EveryPhrase parse();

 private:
  const Token* peek() const { return pos_ < tokens_.size() ? &tokens_[pos_] : nullptr; }
  [[noreturn]] void fail(const Token* at, const std::string& message) const;
  [[noreturn]] void fail_unknown(const Token& at, std::string_view what) const;
  long count(const Token& token) const;
  void parse_unit(EveryPhrase& phrase, bool counted);
  void parse_tail(EveryPhrase& phrase);
  void parse_at(EveryPhrase& phrase, const Token& at_word);
  void parse_window(EveryPhrase& phrase);
  void parse_random(EveryPhrase& phrase);
  seconds time_of_day(const Token& token, bool allow_seconds) const;

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  bool suggest_ = true;
};

void PhraseParser::fail(const Token* at, const std::string& message) const {
  const std::size_t offset = at ? at->offset : text_.size();
  throw Error(message, std::string(text_), offset, at ? at->length : 1);
}

// The phrase with the unknown word replaced by its closest known word, when that parses.
void PhraseParser::fail_unknown(const Token& at, std::string_view what) const {
  const auto words = vocabulary();
  const auto fix = suggest_ ? closest_match(at.text, std::span<const std::string_view>(words)) : std::nullopt;
  if (fix && *fix != at.text) {
    std::string fixed(text_);
    fixed.replace(at.offset, at.length, *fix);
    try {
      const std::string suggestion = format_every_phrase(PhraseParser(fixed, false).parse());
      fail(&at, fmt::format("'{}' is not {} (did you mean \"{}\"?)", at.text, what, suggestion));
    } catch (const Error& e) {
      if (e.source == text_) throw;
    }
  }
  fail(&at, fmt::format("'{}' is not {} (a phrase is like {})", at.text, what, kExamples));
}

long PhraseParser::count(const Token& token) const {
  const auto value = read_count(token.text);
  if (!value) fail(&token, fmt::format("'{}' is not a whole number", token.text));
  if (*value < 1 || *value > 1'000'000'000) fail(&token, fmt::format("the count must be 1 to 1000000000, not {}", *value));
  return *value;
}

EveryPhrase PhraseParser::parse() {
  EveryPhrase phrase;
  const Token* first = peek();
  if (!first) fail(nullptr, fmt::format("the phrase is empty (write one like {})", kExamples));
  if (const DayWord* day = find_day(first->text)) {
    ++pos_;
    phrase.kind = PhraseKind::weekdays;
    phrase.weekdays = day->bits;
    phrase.day_word = day->word;
    parse_tail(phrase);
    return phrase;
  }
  const bool counted = std::isdigit(static_cast<unsigned char>(first->text[0])) || first->text[0] == '-';
  if (counted) {
    phrase.count = count(*first);
    ++pos_;
    if (peek() && peek()->text == "to") {
      parse_random(phrase);
      return phrase;
    }
  }
  parse_unit(phrase, counted);
  parse_tail(phrase);
  return phrase;
}

void PhraseParser::parse_unit(EveryPhrase& phrase, bool counted) {
  const Token* word = peek();
  if (!word) fail(nullptr, fmt::format("a unit of time must follow {} (seconds, minutes, hours, days, weeks)", phrase.count));
  if (const DayWord* day = find_day(word->text); day && counted)
    fail(&tokens_[pos_ - 1], fmt::format("a weekday takes no count: write \"{}\" (every week), or \"{} weeks\" "
                                         "with a start_date on a {}", day->word, phrase.count, day->word));
  const UnitWord* unit = find_unit(word->text);
  if (!unit) fail_unknown(*word, "a unit of time");
  ++pos_;
  phrase.unit = unit->unit;
  phrase.kind = unit->unit == PhraseUnit::day || unit->unit == PhraseUnit::week ? PhraseKind::calendar
                                                                                : PhraseKind::interval;
}

void PhraseParser::parse_tail(EveryPhrase& phrase) {
  if (const Token* word = peek()) {
    if (word->text == "at") {
      ++pos_;
      parse_at(phrase, *word);
    } else if (word->text == "from" && phrase.kind == PhraseKind::interval) {
      ++pos_;
      parse_window(phrase);
    } else {
      fail_unknown(*word, "'at' or the end of the phrase");
    }
  }
  if (const Token* extra = peek()) fail(extra, fmt::format("unexpected '{}' after the phrase", extra->text));
}

void PhraseParser::parse_at(EveryPhrase& phrase, const Token& at_word) {
  const Token* value = peek();
  if (!value) fail(nullptr, "'at' needs a time: 'at 10:30' (days, weekdays), 'at :15' (minutes, hours)");
  ++pos_;
  const std::string unit = std::string(unit_word(phrase.unit, phrase.count));
  const bool offset_form = value->text.starts_with(':');
  if (phrase.kind == PhraseKind::interval) {
    const std::string count = phrase.count == 1 ? "" : fmt::format("{} ", phrase.count);
    if (phrase.unit == PhraseUnit::second)
      fail(&at_word, fmt::format("seconds take no 'at' (write \"{}{}\"; for a time of day, \"day at 10:30\")", count, unit));
    const std::string_view part = phrase.unit == PhraseUnit::minute ? "SS" : "MM";
    if (!offset_form)
      fail(value, fmt::format("'at {}' is a time of day, which {} do not have: write \"{}{} at :{}\" for the {} "
                              "of each run, or \"day at {}\"", value->text, unit_word(phrase.unit, 2), count, unit,
                              part, part == "SS" ? "second" : "minute", value->text));
    const auto n = read_count(value->text.substr(1));
    if (value->text.size() != 3 || !n || *n > 59)
      fail(value, fmt::format("'{}' is not :{} (00-59)", value->text, part));
    phrase.at = seconds{phrase.unit == PhraseUnit::minute ? *n : *n * 60};
    return;
  }
  if (offset_form)
    fail(value, fmt::format("{} need a time of day: 'at HH:MM' or 'at HH:MM:SS', not '{}'", unit_word(phrase.unit, 2),
                            value->text));
  phrase.at = time_of_day(*value, true);
}

// "6:00", "06:00", "23:59:30".
seconds PhraseParser::time_of_day(const Token& token, bool allow_seconds) const {
  std::vector<std::string_view> parts;
  std::string_view rest = token.text;
  for (std::size_t colon; (colon = rest.find(':')) != std::string_view::npos; rest.remove_prefix(colon + 1))
    parts.push_back(rest.substr(0, colon));
  parts.push_back(rest);
  const auto part = [](std::string_view p, std::size_t min_len, long max) -> std::optional<long> {
    const auto n = read_count(p);
    return n && p.size() >= min_len && p.size() <= 2 && *n <= max ? n : std::nullopt;
  };
  const bool shape = parts.size() == 2 || (allow_seconds && parts.size() == 3);
  const auto h = shape ? part(parts[0], 1, 23) : std::nullopt;
  const auto m = shape ? part(parts[1], 2, 59) : std::nullopt;
  const auto s = shape && parts.size() == 3 ? part(parts[2], 2, 59) : std::optional<long>(0);
  if (!h || !m || !s)
    fail(&token, fmt::format("'{}' is not a time of day (HH:MM{}, 00:00-23:59)", token.text, allow_seconds ? "[:SS]" : ""));
  return seconds{*h * 3600 + *m * 60 + *s};
}

// N minutes|hours from HH:MM to HH:MM
void PhraseParser::parse_window(EveryPhrase& phrase) {
  if (phrase.unit == PhraseUnit::second)
    fail(&tokens_[pos_ - 1], "a daily window takes minutes or hours: \"15 minutes from 06:00 to 08:00\"");
  const Token* from = peek();
  if (!from) fail(nullptr, "'from' needs a window: \"from 06:00 to 08:00\"");
  ++pos_;
  phrase.window_from = time_of_day(*from, false);
  const Token* to_word = peek();
  if (!to_word || to_word->text != "to") fail(to_word, "the window needs its end: \"from 06:00 to 08:00\"");
  ++pos_;
  const Token* to = peek();
  if (!to) fail(nullptr, "the window needs its end: \"from 06:00 to 08:00\"");
  ++pos_;
  phrase.window_to = time_of_day(*to, false);
  phrase.kind = PhraseKind::window;
  if (phrase.window_to < phrase.window_from)
    fail(to, fmt::format("the window ends before it starts ({} to {}): a window stays within one day",
                         format_time_of_day(phrase.window_from), format_time_of_day(phrase.window_to)));
}

// A to B units
void PhraseParser::parse_random(EveryPhrase& phrase) {
  const Token& first = tokens_[pos_ - 1];
  ++pos_;  // "to"
  const Token* upper = peek();
  if (!upper) fail(nullptr, fmt::format("'to' needs the upper bound: \"{} to {} minutes\"", phrase.count, phrase.count * 2));
  phrase.count_to = count(*upper);
  ++pos_;
  if (phrase.count_to <= phrase.count)
    fail(upper, fmt::format("the upper bound must be more than {}: \"{} to {} ...\"", phrase.count, phrase.count,
                            phrase.count * 2));
  parse_unit(phrase, true);
  phrase.kind = PhraseKind::random;
  if (phrase.unit == PhraseUnit::week)
    fail(&tokens_[pos_ - 1], fmt::format("a random interval takes seconds, minutes, hours or days: \"{} to {} days\"",
                                         phrase.count * 7, phrase.count_to * 7));
  if (const Token* extra = peek()) fail(extra, fmt::format("a random interval takes no '{}'", extra->text));
  (void)first;
}

}  // namespace

long EveryPhrase::unit_seconds(PhraseUnit unit) {
  constexpr long kSeconds[] = {1, 60, 3600, 86400, 604800};
  return kSeconds[static_cast<int>(unit)];
}

EveryPhrase parse_every_phrase(std::string_view text) { return PhraseParser(text).parse(); }

std::string_view unit_word(PhraseUnit unit, long count) {
  const UnitWord& word = kUnits[static_cast<int>(unit)];
  return count == 1 ? word.singular : word.plural;
}

std::string format_time_of_day(std::chrono::seconds t) {
  const long s = static_cast<long>(t.count());
  return s % 60 ? fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                : fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
}

std::string format_every_phrase(const EveryPhrase& p) {
  const std::string count = p.count == 1 ? "" : fmt::format("{} ", p.count);
  switch (p.kind) {
    case PhraseKind::interval:
      if (!p.at) return count + std::string(unit_word(p.unit, p.count));
      return fmt::format("{}{} at :{:02}", count, unit_word(p.unit, p.count),
                         p.unit == PhraseUnit::minute ? p.at->count() : p.at->count() / 60);
    case PhraseKind::calendar:
    case PhraseKind::weekdays: {
      std::string out = p.kind == PhraseKind::weekdays ? p.day_word : count + std::string(unit_word(p.unit, p.count));
      return p.at ? out + " at " + format_time_of_day(*p.at) : out;
    }
    case PhraseKind::random:
      return fmt::format("{} to {} {}", p.count, p.count_to, unit_word(p.unit, 2));
    case PhraseKind::window:
      return fmt::format("{}{} from {} to {}", count, unit_word(p.unit, p.count), format_time_of_day(p.window_from),
                         format_time_of_day(p.window_to));
  }
  return {};
}

}  // namespace schedtool
