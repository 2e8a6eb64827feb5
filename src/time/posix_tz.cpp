#include "time/posix_tz.h"

#include <cctype>

#include <date/date.h>

namespace schedtool {
namespace {

struct Scanner {
  std::string_view text;
  std::size_t pos = 0;

  bool done() const { return pos >= text.size(); }
  char peek() const { return done() ? '\0' : text[pos]; }
  bool eat(char c) {
    if (done() || text[pos] != c) return false;
    ++pos;
    return true;
  }
  // One or more decimal digits whose value is at most `max_value`.
  std::optional<int> number(int max_value) {
    const std::size_t start = pos;
    long value = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      value = value * 10 + (text[pos++] - '0');
      if (value > max_value) return std::nullopt;
    }
    if (pos == start) return std::nullopt;
    return static_cast<int>(value);
  }
};

// "EST" (letters only) or "<+0545>" (quoted: letters, digits, '+', '-'); at least 3 characters.
std::optional<std::string> abbrev(Scanner& sc) {
  const bool quoted = sc.eat('<');
  const std::size_t start = sc.pos;
  while (!sc.done()) {
    const auto c = static_cast<unsigned char>(sc.peek());
    const bool ok = quoted ? (std::isalnum(c) || c == '+' || c == '-') : std::isalpha(c) != 0;
    if (!ok) break;
    ++sc.pos;
  }
  std::string name(sc.text.substr(start, sc.pos - start));
  if (quoted && !sc.eat('>')) return std::nullopt;
  if (name.size() < 3) return std::nullopt;
  return name;
}

// [+-]hh[:mm[:ss]] in seconds.
std::optional<std::int32_t> hms(Scanner& sc, int max_hours) {
  const int sign = sc.eat('-') ? -1 : (sc.eat('+'), 1);
  const auto h = sc.number(max_hours);
  if (!h) return std::nullopt;
  int m = 0, s = 0;
  if (sc.eat(':')) {
    const auto mm = sc.number(59);
    if (!mm) return std::nullopt;
    m = *mm;
    if (sc.eat(':')) {
      const auto ss = sc.number(59);
      if (!ss) return std::nullopt;
      s = *ss;
    }
  }
  return sign * (*h * 3600 + m * 60 + s);
}

std::optional<PosixDate> rule_date(Scanner& sc) {
  PosixDate d;
  if (sc.eat('J')) {
    d.kind = PosixDate::Kind::julian_no_leap;
    const auto n = sc.number(365);
    if (!n || *n < 1) return std::nullopt;
    d.day = *n;
  } else if (sc.eat('M')) {
    d.kind = PosixDate::Kind::month_week_day;
    const auto m = sc.number(12);
    if (!m || *m < 1 || !sc.eat('.')) return std::nullopt;
    const auto w = sc.number(5);
    if (!w || *w < 1 || !sc.eat('.')) return std::nullopt;
    const auto wd = sc.number(6);
    if (!wd) return std::nullopt;
    d.month = *m;
    d.week = *w;
    d.day = *wd;
  } else {
    d.kind = PosixDate::Kind::zero_based;
    const auto n = sc.number(365);
    if (!n) return std::nullopt;
    d.day = *n;
  }
  if (sc.eat('/')) {
    const auto t = hms(sc, 167);
    if (!t) return std::nullopt;
    d.time = *t;
  }
  return d;
}

bool parse_rule(Scanner& sc, PosixTz& tz) {
  const auto start = rule_date(sc);
  if (!start || !sc.eat(',')) return false;
  const auto end = rule_date(sc);
  if (!end) return false;
  tz.dst_start = *start;
  tz.dst_end = *end;
  return true;
}

std::int64_t days_since_epoch(date::sys_days d) { return d.time_since_epoch().count(); }

// The day `d` names in `y`, as days since 1970-01-01.
std::int64_t day_of(const PosixDate& d, int year) {
  using namespace date;
  const date::year y{year};
  const sys_days jan1 = y / January / 1;
  switch (d.kind) {
    case PosixDate::Kind::julian_no_leap:
      // Jn never counts February 29, so J60 is always March 1.
      return days_since_epoch(jan1) + d.day - 1 + ((y.is_leap() && d.day >= 60) ? 1 : 0);
    case PosixDate::Kind::zero_based:
      return days_since_epoch(jan1) + d.day;
    case PosixDate::Kind::month_week_day:
      break;
  }
  const auto m = date::month{static_cast<unsigned>(d.month)};
  const sys_days first = y / m / 1;
  sys_days day = first + (weekday{static_cast<unsigned>(d.day)} - weekday{first}) + weeks{d.week - 1};
  const sys_days last = sys_days{y / m / date::last};
  while (day > last) day -= weeks{1};  // week 5 means "the last one"
  return days_since_epoch(day);
}

}  // namespace

std::optional<PosixTz> parse_posix_tz(std::string_view text) {
  Scanner sc{text};
  PosixTz tz;
  auto std_name = abbrev(sc);
  const auto std_off = std_name ? hms(sc, 24) : std::nullopt;
  if (!std_off) return std::nullopt;
  tz.std_abbrev = std::move(*std_name);
  tz.std_offset = -*std_off;
  if (sc.done()) return tz;

  auto dst_name = abbrev(sc);
  if (!dst_name) return std::nullopt;
  tz.has_dst = true;
  tz.dst_abbrev = std::move(*dst_name);
  tz.dst_offset = tz.std_offset + 3600;
  if (!sc.done() && sc.peek() != ',') {
    const auto dst_off = hms(sc, 24);
    if (!dst_off) return std::nullopt;
    tz.dst_offset = -*dst_off;
  }
  if (sc.done()) {
    Scanner us{",M3.2.0,M11.1.0"};
    us.eat(',');
    parse_rule(us, tz);
    return tz;
  }
  if (!sc.eat(',') || !parse_rule(sc, tz) || !sc.done()) return std::nullopt;
  return tz;
}

DstTransitions dst_transitions_in(const PosixTz& tz, int year) {
  const std::int64_t start = day_of(tz.dst_start, year) * 86400 + tz.dst_start.time - tz.std_offset;
  const std::int64_t end = day_of(tz.dst_end, year) * 86400 + tz.dst_end.time - tz.dst_offset;
  return {start, end};
}

}  // namespace schedtool
