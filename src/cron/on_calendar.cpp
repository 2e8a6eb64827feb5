#include "cron/on_calendar.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/suggest.h"

namespace schedtool {
namespace {

struct Token {
  std::string_view text;
  std::size_t offset;  // where the token starts in the whole expression
};

struct PartSpec {
  std::string_view label;
  int min, max;
  int width;  // digits in the normalized form
};

constexpr PartSpec kYear{"year", 1970, 2199, 4};  // systemd's range
constexpr PartSpec kMonth{"month", 1, 12, 2};
constexpr PartSpec kDay{"day", 1, 31, 2};
constexpr PartSpec kDayFromEnd{"day", 1, 28, 2};  // `~N`: N days back, within the shortest month
constexpr PartSpec kHour{"hour", 0, 23, 2};
constexpr PartSpec kMinute{"minute", 0, 59, 2};
constexpr PartSpec kSecond{"second", 0, 59, 2};

struct Item {
  int first, last, step;
};

// One part (`*` or a comma list), as values and in normalized text. No items = `*`.
struct Chain {
  std::vector<Item> items;
  std::string text = "*";

  template <std::size_t N>
  void fill(std::bitset<N>& bits, const PartSpec& part) const {
    if (items.empty())
      for (int v = part.min; v <= part.max; ++v) bits.set(static_cast<std::size_t>(v));
    for (const Item& i : items)
      for (int v = i.first; v <= i.last; v += i.step) bits.set(static_cast<std::size_t>(v));
  }
};

struct Shorthand {
  std::string_view name, expansion;
};

constexpr Shorthand kShorthands[] = {
    {"minutely", "*-*-* *:*:00"},        {"hourly", "*-*-* *:00:00"},
    {"daily", "*-*-* 00:00:00"},         {"weekly", "Mon *-*-* 00:00:00"},
    {"monthly", "*-*-01 00:00:00"},      {"yearly", "*-01-01 00:00:00"},
    {"annually", "*-01-01 00:00:00"},    {"quarterly", "*-01,04,07,10-01 00:00:00"},
    {"semiannually", "*-01,07-01 00:00:00"},
};

constexpr std::string_view kWeekdayNames[] = {"monday", "tuesday", "wednesday", "thursday",
                                              "friday", "saturday", "sunday"};
constexpr std::string_view kWeekdayAbbrev[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

// 0 = Monday … 6 = Sunday for a full name or its three-letter abbreviation; -1 otherwise.
int weekday_index(std::string_view word) {
  for (int i = 0; i < 7; ++i)
    if (iequals(word, kWeekdayNames[i]) || iequals(word, kWeekdayAbbrev[i])) return i;
  return -1;
}

const Shorthand* find_shorthand(std::string_view word) {
  for (const Shorthand& s : kShorthands)
    if (iequals(word, s.name)) return &s;
  return nullptr;
}

bool starts_with_letter(std::string_view t) { return !t.empty() && std::isalpha(static_cast<unsigned char>(t[0])); }

// "Mon", "mon..fri", "Sat,Sun": a weekday list, which only ever comes first.
bool looks_like_weekdays(std::string_view t) { return weekday_index(t.substr(0, t.find_first_of(",.-"))) >= 0; }

std::vector<Token> split_words(std::string_view text) {
  std::vector<Token> tokens;
  for (std::size_t pos = 0; pos < text.size();) {
    if (text[pos] == ' ') { ++pos; continue; }
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    tokens.push_back({text.substr(pos, end - pos), pos});
    pos = end;
  }
  return tokens;
}

// Comma-separated pieces of a token, each with its own offset.
std::vector<Token> split(Token t, char separator) {
  std::vector<Token> pieces;
  std::size_t start = 0;
  for (std::size_t pos = 0; pos <= t.text.size(); ++pos) {
    if (pos < t.text.size() && t.text[pos] != separator) continue;
    pieces.push_back({t.text.substr(start, pos - start), t.offset + start});
    start = pos + 1;
  }
  return pieces;
}

std::string weekdays_text(std::bitset<7> days) {
  std::string out;
  for (int first = 0; first < 7;) {
    if (!days.test(static_cast<std::size_t>(first))) { ++first; continue; }
    int last = first;
    while (last + 1 < 7 && days.test(static_cast<std::size_t>(last + 1))) ++last;
    out.append(out.empty() ? "" : ",").append(kWeekdayAbbrev[first]);
    if (last > first) out.append(last == first + 1 ? "," : "..").append(kWeekdayAbbrev[last]);
    first = last + 1;
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  OnCalendar parse() {
    std::vector<Token> tokens = split_words(source_);
    if (tokens.empty()) fail(0, 0, "empty calendar expression (expected e.g. \"Mon..Fri *-*-* 09:00\" or \"daily\")");
    if (source_.front() == ' ' || source_.back() == ' ') fail(0, source_.size(), "leading or trailing space");
    if (source_.front() == '@')
      fail(0, tokens[0].text.size(), "@SECONDS is one moment, not a calendar: use trigger = \"date\" with run_date");
    if (tokens.size() > 1 && starts_with_letter(tokens.back().text) && !looks_like_weekdays(tokens.back().text)) {
      out_.zone = iequals(tokens.back().text, "utc") ? "UTC" : std::string(tokens.back().text);
      out_.zone_offset = tokens.back().offset;
      tokens.pop_back();
    }
    if (const Shorthand* s = find_shorthand(tokens.front().text)) {
      if (tokens.size() > 1)
        fail(tokens[1].offset, tokens[1].text.size(),
             fmt::format("'{}' is a whole expression ({}): only a zone may follow it", s->name, s->expansion));
      OnCalendar expanded = Parser(s->expansion).parse();
      out_.expr = expanded.expr;
      out_.normalized = expanded.normalized;
    } else {
      parse_parts(tokens);
      build();
    }
    if (!out_.zone.empty()) out_.normalized += " " + out_.zone;
    return out_;
  }

 private:
  [[noreturn]] void fail(std::size_t offset, std::size_t length, std::string message) const {
    throw Error(std::move(message), std::string(source_), offset, length);
  }

  void parse_parts(const std::vector<Token>& tokens) {
    std::size_t i = 0;
    if (starts_with_letter(tokens[0].text)) weekdays(tokens[i++]);
    if (i < tokens.size() && tokens[i].text.find(':') == std::string_view::npos) {
      if (tokens[i].text.find_first_of("-~") == std::string_view::npos)
        fail(tokens[i].offset, tokens[i].text.size(),
             "expected a date ([YEAR-]MONTH-DAY) or a time (HOUR:MINUTE[:SECOND])");
      date(tokens[i++]);
    }
    if (i < tokens.size()) time(tokens[i++]);
    if (i < tokens.size())
      fail(tokens[i].offset, tokens[i].text.size(),
           fmt::format("unexpected '{}': expected [WEEKDAYS] [DATE] [TIME] [ZONE]", tokens[i].text));
  }

  // Digits at `pos` (moved past them) as a number; `what` names the part in the message.
  int digits(Token t, std::size_t& pos, std::string_view what) const {
    const std::size_t start = pos;
    long value = 0;
    while (pos < t.text.size() && std::isdigit(static_cast<unsigned char>(t.text[pos])) && pos - start < 9)
      value = value * 10 + (t.text[pos++] - '0');
    if (pos == start) {
      const bool star_step = t.text.substr(start).starts_with("*/");
      fail(t.offset + start, 1,
           star_step ? fmt::format("{}: '*/N' is not systemd syntax: write 0/N (from 0, every N), as in *:0/15", what)
                     : fmt::format("{}: expected a number, a range A..B, a repetition N/STEP or '*'", what));
    }
    return static_cast<int>(value);
  }

  int value(Token t, std::size_t& pos, const PartSpec& part) const {
    const std::size_t start = pos;
    int v = digits(t, pos, part.label);
    if (&part == &kYear && pos - start <= 2) v += v < 70 ? 2000 : 1900;
    if (v < part.min || v > part.max)
      fail(t.offset + start, pos - start, fmt::format("{} {} is out of range {}-{}", part.label, v, part.min, part.max));
    return v;
  }

  std::string pad(int v, const PartSpec& part) const { return fmt::format("{:0{}}", v, part.width); }

  Item item(Token t, const PartSpec& part, bool from_end, std::string& text) {
    std::size_t pos = 0;
    const int first = value(t, pos, part);
    int last = first, step = 1;
    const bool range = t.text.substr(pos).starts_with("..");
    if (range) {
      pos += 2;
      const std::size_t at = pos;
      last = value(t, pos, part);
      if (last < first)
        fail(t.offset, pos, fmt::format("{}: range {}..{} is reversed", part.label, t.text.substr(0, at - 2), t.text.substr(at, pos - at)));
    }
    const bool repeat = pos < t.text.size() && t.text[pos] == '/';
    if (repeat) {
      const std::size_t at = ++pos;
      step = digits(t, pos, part.label);
      if (step == 0) fail(t.offset + at, pos - at, fmt::format("{}: a repetition needs a step of 1 or more", part.label));
      if (!range && (from_end ? first - step < part.min : first + step > part.max))
        fail(t.offset, pos, fmt::format("{}: {} never repeats (the next value is past {})", part.label, t.text.substr(0, pos),
                                        from_end ? "the month's last day" : std::to_string(part.max)));
    }
    if (pos < t.text.size() && t.text[pos] == '.' && &part == &kSecond)
      fail(t.offset + pos, t.text.size() - pos, "fractional seconds are not supported: schedtool fires on whole seconds");
    if (pos < t.text.size())
      fail(t.offset + pos, t.text.size() - pos, fmt::format("{}: unexpected '{}'", part.label, t.text.substr(pos)));
    text += pad(first, part) + (range ? ".." + pad(last, part) : "") + (repeat ? fmt::format("/{}", step) : "");
    if (repeat && !range) return from_end ? Item{(first - 1) % step + 1, first, step} : Item{first, part.max, step};
    return {first, last, step};
  }

  Chain chain(Token t, const PartSpec& part, bool from_end = false) {
    Chain c;
    if (t.text == "*") return c;
    if (t.text.empty()) fail(t.offset, 1, fmt::format("{}: missing (write * for any)", part.label));
    c.text.clear();
    for (const Token& piece : split(t, ',')) {
      if (piece.text.empty()) fail(piece.offset, 1, fmt::format("{}: empty item in a list", part.label));
      c.text += c.text.empty() ? "" : ",";
      c.items.push_back(item(piece, part, from_end, c.text));
    }
    return c;
  }

  int weekday(Token t) const {
    const int wd = weekday_index(t.text);
    if (wd >= 0) return wd;
    if (t.text.empty()) fail(t.offset, 1, "empty item in the weekday list");
    std::vector<std::string_view> words(std::begin(kWeekdayNames), std::end(kWeekdayNames));
    for (const Shorthand& s : kShorthands) words.push_back(s.name);
    std::string lower(t.text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    const auto suggestion = closest_match(lower, std::span<const std::string_view>(words));
    fail(t.offset, std::max<std::size_t>(t.text.size(), 1),
         fmt::format("unknown weekday or shorthand '{}'{}", t.text,
                     suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
  }

  void weekdays(Token t) {
    for (const Token& piece : split(t, ',')) {
      const std::size_t dots = piece.text.find(".."), dash = piece.text.find('-');
      const std::size_t cut = dots != std::string_view::npos ? dots : dash;
      if (cut == std::string_view::npos) { days_.set(static_cast<std::size_t>(weekday(piece))); continue; }
      const std::size_t gap = dots != std::string_view::npos ? 2 : 1;
      const int first = weekday({piece.text.substr(0, cut), piece.offset});
      const int last = weekday({piece.text.substr(cut + gap), piece.offset + cut + gap});
      if (last < first)
        fail(piece.offset, piece.text.size(),
             fmt::format("weekday range {}..{} wraps around the week: write {}..Sun,Mon{}", kWeekdayAbbrev[first],
                         kWeekdayAbbrev[last], kWeekdayAbbrev[first], last > 0 ? ".." + std::string(kWeekdayAbbrev[last]) : ""));
      for (int d = first; d <= last; ++d) days_.set(static_cast<std::size_t>(d));
    }
  }

  void date(Token t) {
    std::vector<std::size_t> seps;
    for (std::size_t i = 0; i < t.text.size(); ++i)
      if (t.text[i] == '-' || t.text[i] == '~') seps.push_back(i);
    if (seps.empty() || seps.size() > 2)
      fail(t.offset, t.text.size(), "a date is [YEAR-]MONTH-DAY or [YEAR-]MONTH~DAY, as *-*-01 or 2027-*-*");
    for (std::size_t k = 0; k + 1 < seps.size(); ++k)
      if (t.text[seps[k]] == '~') fail(t.offset + seps[k], 1, "'~' goes between month and day (*-02~03)");
    const auto part = [&](std::size_t from, std::size_t to) { return Token{t.text.substr(from, to - from), t.offset + from}; };
    const std::size_t day_sep = seps.back();
    from_end_ = t.text[day_sep] == '~';
    if (seps.size() == 2) year_ = chain(part(0, seps[0]), kYear);
    month_ = chain(part(seps.size() == 2 ? seps[0] + 1 : 0, day_sep), kMonth);
    day_ = chain(part(day_sep + 1, t.text.size()), from_end_ ? kDayFromEnd : kDay, from_end_);
  }

  void time(Token t) {
    const std::vector<Token> pieces = split(t, ':');
    if (pieces.size() < 2 || pieces.size() > 3)
      fail(t.offset, t.text.size(), "a time is HOUR:MINUTE[:SECOND], as 09:30 or *:0/15");
    hour_ = chain(pieces[0], kHour);
    minute_ = chain(pieces[1], kMinute);
    if (pieces.size() == 3) second_ = chain(pieces[2], kSecond);
  }

  void build() {
    CronExpr& e = out_.expr;
    hour_.fill(e.hours, kHour);
    minute_.fill(e.minutes, kMinute);
    second_.fill(e.seconds, kSecond);
    month_.fill(e.months, kMonth);
    e.weeks.set().reset(0);  // no week field
    for (const Item& i : year_.items) e.years.push_back({i.first, i.last, i.step});
    DaySelector& dom = e.day_of_month;
    dom.unrestricted = day_.items.empty();
    if (from_end_) day_.fill(dom.from_end, kDayFromEnd);
    else day_.fill(dom.days, kDay);
    DaySelector& dow = e.day_of_week;
    dow.unrestricted = days_.none() || days_.all();
    dow.weekdays = dow.unrestricted ? std::bitset<7>().set() : days_;
    e.day_or = false;  // systemd ANDs weekday and date
    const std::string weekdays = dow.unrestricted ? "" : weekdays_text(days_) + " ";
    out_.normalized = fmt::format("{}{}-{}{}{} {}:{}:{}", weekdays, year_.text, month_.text, from_end_ ? "~" : "-",
                                  day_.text, hour_.text, minute_.text, second_.text);
  }

  std::string_view source_;
  OnCalendar out_;
  std::bitset<7> days_;
  Chain year_, month_, day_;
  Chain hour_{{{0, 0, 1}}, "00"}, minute_{{{0, 0, 1}}, "00"}, second_{{{0, 0, 1}}, "00"};
  bool from_end_ = false;
};

}  // namespace

OnCalendar parse_on_calendar(std::string_view text) { return Parser(text).parse(); }

}  // namespace schedtool
