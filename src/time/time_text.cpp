#include "time/time_text.h"

#include <array>
#include <cctype>

#include "base/error.h"

namespace schedtool {
namespace {

constexpr std::string_view kExpected = "expected a date like 2026-03-08 or 2026-03-08 02:30:00[+01:00]";
constexpr std::array<std::string_view, 12> kMonthNames = {"January", "February", "March",     "April",
                                                          "May",     "June",     "July",      "August",
                                                          "September", "October", "November", "December"};

// Reads the fixed-width fields of a date-time left to right; every failure points at its field.
class TextReader {
 public:
  explicit TextReader(std::string_view text) : text_(text) {}

  std::size_t pos() const { return pos_; }
  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool eat(char c) {
    if (done() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!eat(c)) shape_error();
  }
  // Exactly `width` digits.
  int digits(std::size_t width) {
    const std::size_t start = pos_;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(peek()))) {
        pos_ = start;  // point at the whole malformed field, not its middle
        shape_error();
      }
      value = value * 10 + (text_[pos_++] - '0');
    }
    return value;
  }
  // One or two digits (a month, day or hour written without its leading zero, as APScheduler
  // reads "2009-7-6 9:05"); `width` receives how many.
  int one_or_two_digits(std::size_t& width) {
    width = std::isdigit(static_cast<unsigned char>(peek())) && pos_ + 1 < text_.size() &&
                    std::isdigit(static_cast<unsigned char>(text_[pos_ + 1]))
                ? 2
                : 1;
    return digits(width);
  }
  // Range-checks the field just read (`width` characters ending at pos()).
  void check(int value, int lo, int hi, std::string_view field, std::size_t width) const {
    if (value < lo || value > hi) {
      fail(std::string(field) + " " + std::to_string(value) + " is out of range " + std::to_string(lo) + "-" +
               std::to_string(hi),
           pos_ - width, width);
    }
  }
  [[noreturn]] void fail(const std::string& why, std::size_t at, std::size_t len) const {
    const bool date_only = text_.size() <= 10;
    const std::string what = date_only ? "invalid date '" : "invalid date-time '";
    throw Error(what + std::string(text_) + "': " + why, std::string(text_), at, std::max<std::size_t>(len, 1));
  }
  [[noreturn]] void shape_error() const {
    const std::size_t len = done() ? 1 : text_.size() - pos_;
    fail(std::string(kExpected), std::min(pos_, text_.size()), len);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

date::year_month_day read_date(TextReader& r) {
  const int y = r.digits(4);
  r.check(y, 1, 9999, "year", 4);
  r.expect('-');
  std::size_t width = 0;
  const int m = r.one_or_two_digits(width);
  r.check(m, 1, 12, "month", width);
  r.expect('-');
  const int d = r.one_or_two_digits(width);
  const date::year_month_day_last last{date::year{y}, date::month_day_last{date::month(static_cast<unsigned>(m))}};
  const int days_in_month = static_cast<int>(static_cast<unsigned>(last.day()));
  if (d < 1 || d > days_in_month) {
    r.fail("day " + std::to_string(d) + " is out of range for " + std::string(kMonthNames[m - 1]) + " " +
               std::to_string(y),
           r.pos() - width, width);
  }
  return date::year{y} / m / d;
}

// ".f" with 1 to 6 digits, as microseconds.
Duration read_fraction(TextReader& r) {
  const std::size_t start = r.pos();
  long micros = 0;
  std::size_t n = 0;
  while (std::isdigit(static_cast<unsigned char>(r.peek()))) {
    const int digit = r.digits(1);
    if (n < 6) micros = micros * 10 + digit;  // more digits are an error below; do not overflow on them
    ++n;
  }
  if (n == 0) r.shape_error();
  if (n > 6) r.fail("at most 6 fractional digits (microseconds) are supported", start, n);
  for (; n < 6; ++n) micros *= 10;
  return Duration{micros};
}

Duration read_clock(TextReader& r) {
  std::size_t width = 0;
  const int h = r.one_or_two_digits(width);
  r.check(h, 0, 23, "hour", width);
  r.expect(':');
  const int m = r.digits(2);
  r.check(m, 0, 59, "minute", 2);
  int s = 0;
  Duration fraction{0};
  if (r.eat(':')) {
    s = r.digits(2);
    r.check(s, 0, 59, "second", 2);
    if (r.eat('.')) fraction = read_fraction(r);
  }
  return std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s} + fraction;
}

// 'Z', '+HH:MM', '-HH:MM', '+HHMM', or '+HH:MM:SS' (what format_rfc3339 writes for a local mean
// time offset); nullopt when the text ends without one.
std::optional<std::chrono::seconds> read_offset(TextReader& r) {
  if (r.done()) return std::nullopt;
  if (r.eat('Z') || r.eat('z')) return std::chrono::seconds{0};
  const int sign = r.eat('-') ? -1 : (r.expect('+'), 1);
  const int h = r.digits(2);
  r.check(h, 0, 23, "offset hour", 2);
  const bool colon = r.eat(':');
  const int m = r.digits(2);
  r.check(m, 0, 59, "offset minute", 2);
  int s = 0;
  if (colon && r.eat(':')) {
    s = r.digits(2);
    r.check(s, 0, 59, "offset second", 2);
  }
  return std::chrono::seconds{sign * (h * 3600 + m * 60 + s)};
}

// `value` in decimal, zero-padded to `width` digits; no allocation (it runs for every log line).
void append_padded(std::string& out, long value, int width) {
  if (value < 0) {
    out += '-';
    value = -value;
  }
  char digits[24];
  int n = 0;
  do digits[n++] = static_cast<char>('0' + value % 10);
  while ((value /= 10) != 0);
  for (int pad = width - n; pad > 0; --pad) out += '0';
  while (n > 0) out += digits[--n];
}

enum class Fraction { none, trimmed, micros };

// "2026-03-08<sep>03:00:00", then no fraction, ".5"-style trimmed microseconds, or all six digits.
std::string wall_text(WallTime w, char sep, Fraction fraction) {
  const auto day = date::floor<date::days>(w);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Duration> hms{w - day};
  std::string out;
  append_padded(out, static_cast<int>(ymd.year()), 4);
  out += '-';
  append_padded(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  append_padded(out, static_cast<unsigned>(ymd.day()), 2);
  out += sep;
  append_padded(out, hms.hours().count(), 2);
  out += ':';
  append_padded(out, hms.minutes().count(), 2);
  out += ':';
  append_padded(out, hms.seconds().count(), 2);
  if (fraction == Fraction::micros || (fraction == Fraction::trimmed && hms.subseconds().count() != 0)) {
    std::string micros;
    append_padded(micros, hms.subseconds().count(), 6);
    out += '.';
    out += fraction == Fraction::micros ? micros : micros.substr(0, micros.find_last_not_of('0') + 1);
  }
  return out;
}

// "+05:30", "-04:00", "+00:00"; "+00:53:28" when the offset has seconds (local mean time).
std::string offset_text(std::chrono::seconds offset) {
  const long total = offset.count();
  const long a = total < 0 ? -total : total;
  std::string out(1, total < 0 ? '-' : '+');
  append_padded(out, a / 3600, 2);
  out += ':';
  append_padded(out, a / 60 % 60, 2);
  if (a % 60 != 0) {
    out += ':';
    append_padded(out, a % 60, 2);
  }
  return out;
}

}  // namespace

ParsedTime parse_time_text(std::string_view text) {
  TextReader r(text);
  const date::local_days day{read_date(r)};
  if (r.done()) return WallTime{day};
  if (!r.eat(' ') && !r.eat('T') && !r.eat('t')) r.shape_error();
  const WallTime wall = day + read_clock(r);
  const auto offset = read_offset(r);
  if (!r.done()) r.shape_error();
  if (!offset) return wall;
  return Instant{wall.time_since_epoch() - *offset};
}

Instant resolve_naive(const Zone& zone, WallTime w) { return zone.resolve(w).first; }

Instant parse_time_in(std::string_view text, const Zone& zone) {
  const ParsedTime parsed = parse_time_text(text);
  if (const auto* instant = std::get_if<Instant>(&parsed)) return *instant;
  return resolve_naive(zone, std::get<WallTime>(parsed));
}

std::string format_rfc3339(Instant t, const Zone& zone) {
  const OffsetPeriod p = zone.period_at(t);
  return wall_text(WallTime{(t + p.offset).time_since_epoch()}, 'T', Fraction::trimmed) + offset_text(p.offset);
}

std::string format_rfc3339_micros(Instant t, const Zone& zone) {
  const OffsetPeriod p = zone.period_at(t);
  return wall_text(WallTime{(t + p.offset).time_since_epoch()}, 'T', Fraction::micros) + offset_text(p.offset);
}

std::string format_wall(WallTime w, char sep, bool micros) {
  return wall_text(w, sep, micros ? Fraction::micros : Fraction::none);
}

std::string_view weekday_abbrev(WallTime w) {
  static constexpr std::string_view kNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return kNames[date::weekday{date::floor<date::days>(w)}.c_encoding()];
}

std::string format_local(Instant t, const Zone& zone) {
  // APScheduler prints with strftime("%Y-%m-%d %H:%M:%S %Z"), which has no fraction.
  const OffsetPeriod p = zone.period_at(t);
  return wall_text(WallTime{(t + p.offset).time_since_epoch()}, ' ', Fraction::none) + " " + std::string(p.abbrev);
}

}  // namespace schedtool
