#include "time/duration_text.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "base/error.h"

namespace schedtool {
namespace {

struct Unit {
  std::string_view name;
  double micros;
};

// The short names, and the words people write ("5 minutes", "1 hour 30 min", as systemd reads).
constexpr Unit kUnits[] = {
    {"w", 604800e6}, {"week", 604800e6}, {"weeks", 604800e6},
    {"d", 86400e6},  {"day", 86400e6},   {"days", 86400e6},
    {"h", 3600e6},   {"hr", 3600e6},     {"hrs", 3600e6},    {"hour", 3600e6},   {"hours", 3600e6},
    {"m", 60e6},     {"min", 60e6},      {"mins", 60e6},     {"minute", 60e6},   {"minutes", 60e6},
    {"s", 1e6},      {"sec", 1e6},       {"secs", 1e6},      {"second", 1e6},    {"seconds", 1e6},
    {"ms", 1e3},     {"msec", 1e3},      {"millisecond", 1e3}, {"milliseconds", 1e3},
    {"us", 1.0},     {"usec", 1.0},      {"microsecond", 1.0}, {"microseconds", 1.0},
};

// Units without a fixed length: a clear word beats "unknown unit".
constexpr std::string_view kCalendarUnits[] = {"mo", "mon", "month", "months", "y", "yr", "year", "years"};

constexpr std::string_view kExpected = "expected a duration like 90, \"30s\", \"5m\" or \"1h30m\"";

Error duration_error(std::string_view text, std::size_t at, std::size_t len, const std::string& what) {
  return Error(fmt::format("invalid duration '{}': {}", text, what), std::string(text), at, len ? len : 1);
}

}  // namespace

Duration duration_from_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0)
    throw Error(fmt::format("invalid duration {}: must be zero or more seconds", seconds));
  if (seconds > 1e12) throw Error(fmt::format("invalid duration {}: too long", seconds));
  return Duration{static_cast<Duration::rep>(std::llround(seconds * 1e6))};
}

Duration parse_duration(std::string_view text) {
  if (text.empty()) throw Error(fmt::format("invalid duration '': {}", kExpected));
  double total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t number_start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (i == number_start) throw duration_error(text, i, 1, std::string(kExpected));
    const std::string number(text.substr(number_start, i - number_start));
    if (number.find('.') != number.rfind('.') || number == ".")
      throw duration_error(text, number_start, i - number_start, "malformed number '" + number + "'");
    // strtod, not stod: out of range is not an exception here. A huge number is inf (then "too
    // long" below), a tiny one 0.
    const double value = std::strtod(number.c_str(), nullptr);
    if (i == text.size()) {
      if (number_start != 0) throw duration_error(text, number_start, i - number_start, "a unit is missing");
      total = value * 1e6;  // a bare number is seconds
      break;
    }
    while (i < text.size() && text[i] == ' ') ++i;  // "5 minutes"
    std::size_t end = i;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
    const std::string_view name = text.substr(i, end - i);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits)
      if (name == u.name) unit = &u;
    for (const std::string_view calendar : kCalendarUnits)
      if (name == calendar)
        throw duration_error(text, i, end - i,
                             fmt::format("'{}': months and years have no fixed length (use a calendarinterval "
                                         "trigger, or days)", name));
    if (!unit)
      throw duration_error(text, i, end - i,
                           fmt::format("unknown unit '{}' (expected w, d, h, m, s, ms or us, or a word such as "
                                       "minutes)", text.substr(i, std::max<std::size_t>(end - i, 1))));
    total += value * unit->micros;
    i = end;
    while (i < text.size() && text[i] == ' ') ++i;  // "1 hour 30 minutes"
  }
  if (total > 1e18) throw duration_error(text, 0, text.size(), "too long");
  return Duration{static_cast<Duration::rep>(std::llround(total))};
}

std::string format_duration(Duration d) {
  using namespace std::chrono;
  if (d == Duration::zero()) return "0s";
  std::string out;
  auto rest = d;
  const auto take = [&](auto unit, const char* suffix) {
    const auto n = duration_cast<decltype(unit)>(rest) / unit;
    if (n > 0) out += fmt::format("{}{}", n, suffix), rest -= n * unit;
  };
  take(date::days{1}, "d");
  take(hours{1}, "h");
  take(minutes{1}, "m");
  if (rest >= seconds{1} || (out.empty() && rest > Duration::zero())) {
    // Fixed notation, trailing zeros trimmed ("2.5s", "0.000001s"; "{}" would give "1e-06s").
    std::string s = fmt::format("{:.6f}", static_cast<double>(rest.count()) / 1e6);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    out += s + "s";
  }
  return out;
}

std::string format_elapsed(Duration d) {
  return format_duration(std::chrono::round<std::chrono::milliseconds>(d));
}

}  // namespace schedtool
