#include "cron/field_grammar.h"

#include <algorithm>
#include <cctype>

#include "base/suggest.h"

namespace schedtool::cron_grammar {

namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Large enough to be out of every range, small enough not to overflow: "99999999999" is still
// reported as written, only its value saturates.
constexpr int kSaturated = 1'000'000;

int saturating_number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = std::min(kSaturated, n * 10 + (c - '0'));
  return n;
}

Item trimmed(std::string_view text, std::size_t offset) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && is_blank(text[begin])) ++begin;
  while (end > begin && is_blank(text[end - 1])) --end;
  return {text.substr(begin, end - begin), offset + begin};
}

// An empty item has no text to point at: point at the comma that ends it, or else the one before.
FieldError empty_item(std::string_view field, std::size_t start, std::size_t end) {
  const std::size_t comma = end < field.size() ? end : start - 1;
  return {"empty item in the list", comma, 1};
}

std::vector<Item> split_items(std::string_view field) {
  if (trimmed(field, 0).text.empty()) throw FieldError{"empty value", 0, 0};
  std::vector<Item> items;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = field.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? field.size() : comma;
    const Item item = trimmed(field.substr(start, end - start), start);
    if (item.text.empty()) throw empty_item(field, start, end);
    items.push_back(item);
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

// Walks one item left to right; tokens come out as Items positioned in the field's text.
class Cursor {
 public:
  explicit Cursor(const Item& item) : item_(item) {}
  bool at_end() const { return pos_ == item_.text.size(); }
  bool peek(char c) const { return !at_end() && item_.text[pos_] == c; }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  std::size_t where() const { return item_.offset + pos_; }
  Item rest() const { return {item_.text.substr(pos_), where()}; }
  // A run of digits, or a run of letters: one number or one name.
  Item value_token() {
    const std::size_t start = pos_;
    const bool digits = !at_end() && is_digit(item_.text[pos_]);
    while (!at_end() && (digits ? is_digit(item_.text[pos_]) : is_alpha(item_.text[pos_]))) ++pos_;
    return {item_.text.substr(start, pos_ - start), item_.offset + start};
  }
  Item digit_token() {
    const std::size_t start = pos_;
    while (!at_end() && is_digit(item_.text[pos_])) ++pos_;
    return {item_.text.substr(start, pos_ - start), item_.offset + start};
  }

 private:
  const Item& item_;
  std::size_t pos_ = 0;
};

// Blanks inside an item ("1 - 5") are not what is wrong: point at what follows them.
FieldError unexpected(const Item& rest) {
  const Item shown = trimmed(rest.text, rest.offset);
  return {"unexpected '" + std::string(shown.text) + "'", shown.offset, shown.text.size()};
}

FieldError missing_after(char sign, std::size_t sign_offset, std::string_view what) {
  return {"expected " + std::string(what) + " after '" + std::string(1, sign) + "'", sign_offset, 1};
}

// Names render as the table spells them, numbers without leading zeros: APScheduler's str(field).
std::string render(int value, bool as_name, const FieldSyntax& syntax) {
  if (!as_name) return std::to_string(value);
  if (value > syntax.scale_max()) value = syntax.min;  // crontab's 7 (the end of `mon-sun`) is named sun
  return std::string(syntax.names[static_cast<std::size_t>(value - syntax.name_base)]);
}

bool is_name(const Item& token) { return !is_digit(token.text.front()); }

struct Step {
  int value;
  Item token;
};

Step parse_step(Cursor& cursor) {
  const std::size_t slash = cursor.where() - 1;
  const Item token = cursor.digit_token();
  if (token.text.empty()) throw missing_after('/', slash, "a number");
  const int step = saturating_number(token.text);
  if (step == 0) throw FieldError{"a step of 0 is not allowed", token.offset, token.text.size()};
  return {step, token};
}

// How far a span reaches, through the wrap for a wrap-around one.
int reach(const Span& span) {
  const int length = span.scale_max - span.scale_min + 1;
  return span.wraps() ? span.last + length - span.first : span.last - span.first;
}

// APScheduler 3 rejects a numeric step wider than its range ("*/24" for hours, "5-6/2"); it drops a
// step on a named range unchecked, so we leave those alone too.
void check_step_span(const Span& span, const Item& step_token) {
  if (span.step <= reach(span)) return;
  throw FieldError{"step " + std::to_string(span.step) + " is too large: the range spans only " + std::to_string(reach(span)),
                   step_token.offset, step_token.text.size()};
}

// `a` or `a-b`; `open` for a lone `a`, which a step widens to a-max. `names` when a name was written.
struct Range {
  Span span;
  bool open = true;
  bool names = false;       // the first value was a name: render the canonical text with names
  bool last_name = false;  // the second one was
  bool numeric = false;  // some end was a number (a wrap-around of numbers gets a warning)
  std::size_t length = 0;  // of the range's text, for messages
};

// Crontab's day-of-week has 7 for Sunday as well as 0: a range that ends on 0 ends on Sunday at
// the end of the week (`fri-0` = 5-7), and one that starts on 7 starts on Sunday at its beginning
// (`7-mon` = 0-1, `7-7` = `7-0` = 0). `0-7` stays every day.
void apply_alias(Span& span, const FieldSyntax& syntax) {
  if (syntax.max <= syntax.scale_max()) return;
  if (span.first == syntax.max) {
    span.first = syntax.min;
    if (span.last == syntax.max) span.last = syntax.min;
  } else if (span.last == syntax.min && span.first != syntax.min) {
    span.last = syntax.max;
  }
}

int parse_range_end(const Item& token, const FieldSyntax& syntax) {
  if (!syntax.last_word.empty() && iequals(token.text, syntax.last_word)) return syntax.max;
  return parse_value(token, syntax);
}

Range parse_range(Cursor& cursor, const Item& item, const FieldSyntax& syntax) {
  const Item first = cursor.value_token();
  if (first.text.empty()) throw unexpected(cursor.rest());
  if (!syntax.last_word.empty() && iequals(first.text, syntax.last_word) && cursor.peek('-'))
    throw FieldError{"'" + std::string(first.text) + "' can only end a range, as in 29-" + std::string(first.text),
                     first.offset, first.text.size()};
  Range range;
  range.span.first = range.span.last = parse_value(first, syntax);
  range.names = is_name(first) && !syntax.names.empty();
  range.numeric = !is_name(first);
  range.length = first.text.size();
  if (!cursor.eat('-')) return range;
  const std::size_t dash = cursor.where() - 1;
  const Item last = cursor.value_token();
  if (last.text.empty()) throw missing_after('-', dash, syntax.names.empty() ? "a number" : "a number or name");
  range.span.last = parse_range_end(last, syntax);
  range.numeric |= !is_name(last);
  range.last_name = is_name(last) && !syntax.names.empty();
  range.open = false;
  range.length = last.offset + last.text.size() - first.offset;
  apply_alias(range.span, syntax);
  if (range.span.wraps()) {
    if (!syntax.wraps)
      throw FieldError{"range " + std::string(item.text.substr(0, range.length)) + " is reversed", first.offset,
                       range.length};
    range.span.scale_min = syntax.min;
    range.span.scale_max = syntax.scale_max();
  }
  return range;
}

// "10-23", or "23" when the piece is one value.
std::string piece(int first, int last, bool as_name, const FieldSyntax& syntax) {
  std::string out = render(first, as_name, syntax);
  if (last != first) out.append("-").append(render(last, as_name, syntax));
  return out;
}

// "range 10-5 wraps past 23: hours 10-23 and 0-5"
FieldError wrap_warning(const Span& span, std::string_view text, std::size_t offset, const FieldSyntax& syntax) {
  const std::string unit = syntax.unit.empty() ? "values" : std::string(syntax.unit);
  return {"range " + std::string(text) + " wraps past " + std::to_string(span.scale_max) + ": " + unit + " " +
              piece(span.first, span.scale_max, false, syntax) + " and " + piece(span.scale_min, span.last, false, syntax),
          offset, text.size()};
}

// APScheduler has no wrap-around: write one as ascending pieces it reads ("jan-mar,nov-dec"), or,
// with a step, as the ascending list of the values it selects ("0,2,22").
std::string ascending_text(const Span& span, bool as_name, const FieldSyntax& syntax) {
  std::string out;
  if (span.step == 1) {
    out = piece(span.scale_min, span.last, as_name, syntax);
    return out.append(",").append(piece(span.first, span.scale_max, as_name, syntax));
  }
  const std::uint64_t bits = span_bits(span);
  for (int v = span.scale_min; v <= span.scale_max; ++v)
    if (bits >> v & 1) out.append(out.empty() ? "" : ",").append(render(v, as_name, syntax));
  return out;
}

std::string range_text(const Range& range, const FieldSyntax& syntax) {
  const Span& span = range.span;
  if (span.wraps()) return ascending_text(span, range.names, syntax);
  std::string out = render(span.first, range.names, syntax);
  if (range.open || span.last == span.first) return out;
  return out.append("-").append(render(span.last, range.last_name, syntax));
}

}  // namespace

ParsedItem parse_item(const Item& item, const FieldSyntax& syntax) {
  Cursor cursor(item);
  ParsedItem out;
  Range range{{syntax.min, syntax.max, 1, true}, false};
  if (cursor.eat('*')) out.canonical.assign(1, '*');  // not = "*": GCC 12 -O3 -Wrestrict false positive
  else range = parse_range(cursor, item, syntax);
  Span& span = range.span;
  const bool numeric = span.star || is_digit(item.text.front());
  const bool stepped = cursor.eat('/');
  if (stepped) {
    const Step step = parse_step(cursor);
    span.step = step.value;
    if (range.open && !span.star) span.last = syntax.max;  // `a/n` = a-max/n
    if (syntax.step_within_span && numeric) check_step_span(span, step.token);
  }
  if (!cursor.at_end()) throw unexpected(cursor.rest());
  if (!span.star) out.canonical = range_text(range, syntax);
  if (stepped && !span.wraps()) out.canonical.append("/").append(std::to_string(span.step));
  if (span.wraps() && range.numeric) out.warning = wrap_warning(span, item.text.substr(0, range.length), item.offset, syntax);
  out.span = span;
  return out;
}

std::uint64_t span_bits(const Span& span) {
  std::uint64_t bits = 0;
  if (!span.wraps()) {
    for (int v = span.first; v <= span.last; v += span.step) bits |= std::uint64_t{1} << v;
    return bits;
  }
  const int length = span.scale_max - span.scale_min + 1;
  for (int p = span.first; p <= span.last + length; p += span.step)
    bits |= std::uint64_t{1} << (p > span.scale_max ? p - length : p);
  return bits;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string unknown_name(std::string_view what, std::string_view word, std::span<const std::string_view> candidates) {
  std::string message = "unknown " + std::string(what) + " '" + std::string(word) + "'";
  if (const auto hint = closest_match(word, candidates)) message += " (did you mean '" + *hint + "'?)";
  return message;
}

int parse_value(const Item& token, const FieldSyntax& syntax) {
  if (token.text.empty()) throw FieldError{"expected a value", token.offset, 1};
  const bool digits = is_digit(token.text.front());
  const auto odd = std::find_if(token.text.begin(), token.text.end(), [&](char c) { return digits ? !is_digit(c) : !is_alpha(c); });
  if (digits && odd != token.text.end()) {
    const auto at = static_cast<std::size_t>(odd - token.text.begin());
    throw unexpected({token.text.substr(at), token.offset + at});
  }
  if (digits) {
    const int n = saturating_number(token.text);
    if (n >= syntax.min && n <= syntax.max) return n;
    FieldError error{std::string(token.text) + " is out of range " + std::to_string(syntax.min) + "-" +
                         std::to_string(syntax.max),
                     token.offset, token.text.size()};
    error.out_of_range = true;
    throw error;
  }
  for (std::size_t i = 0; i < syntax.names.size(); ++i)
    if (iequals(token.text, syntax.names[i])) return syntax.name_base + static_cast<int>(i);
  if (syntax.names.empty() && syntax.keywords.empty())
    throw FieldError{"expected a number, found '" + std::string(token.text) + "'", token.offset, token.text.size()};
  std::vector<std::string_view> candidates(syntax.names.begin(), syntax.names.end());
  candidates.insert(candidates.end(), syntax.keywords.begin(), syntax.keywords.end());
  throw FieldError{unknown_name("name", token.text, candidates), token.offset, token.text.size()};
}

ParsedField parse_field(std::string_view text, const FieldSyntax& syntax, const ItemHook& hook) {
  ParsedField parsed;
  for (const Item& item : split_items(text)) {
    std::optional<std::string> canonical = hook ? hook(item) : std::nullopt;
    if (!canonical) {
      ParsedItem common = parse_item(item, syntax);
      canonical = std::move(common.canonical);
      parsed.wrapped |= common.span.wraps();
      if (common.warning) parsed.warnings.push_back(std::move(*common.warning));
      parsed.spans.push_back(common.span);
    }
    if (!parsed.canonical.empty()) parsed.canonical += ",";
    parsed.canonical += *canonical;
  }
  return parsed;
}

std::uint64_t value_bits(std::span<const Span> spans) {
  std::uint64_t bits = 0;
  for (const Span& span : spans) bits |= span_bits(span);
  return bits;
}

}  // namespace schedtool::cron_grammar
