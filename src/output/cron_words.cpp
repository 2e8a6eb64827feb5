#include "output/cron_words.h"

#include <vector>

#include <fmt/format.h>

namespace schedtool {
namespace {

constexpr const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr const char* kMonths[] = {"", "January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December"};
constexpr const char* kOrdinals[] = {"first", "second", "third", "fourth", "fifth"};

// The set bits of [lo, hi] as values.
template <std::size_t N>
std::vector<int> members(const std::bitset<N>& bits, int lo, int hi) {
  std::vector<int> out;
  for (int i = lo; i <= hi; ++i)
    if (bits.test(static_cast<std::size_t>(i))) out.push_back(i);
  return out;
}

// Values as words: runs of three or more become "a through b"; `name` renders one value.
template <typename Name>
std::string values_in_words(const std::vector<int>& values, Name name) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t j = i;
    while (j + 1 < values.size() && values[j + 1] == values[j] + 1) ++j;
    if (j >= i + 2) {
      items.push_back(fmt::format("{} through {}", name(values[i]), name(values[j])));
    } else {
      for (std::size_t k = i; k <= j; ++k) items.push_back(name(values[k]));
    }
    i = j + 1;
  }
  return join_words(items);
}

std::string number(int v) { return std::to_string(v); }

// 2 → "2nd", 11 → "11th", 23 → "23rd".
std::string ordinal_number(int v) {
  const char* suffix = (v % 100 >= 11 && v % 100 <= 13) ? "th" : v % 10 == 1 ? "st" : v % 10 == 2 ? "nd" : v % 10 == 3 ? "rd" : "th";
  return std::to_string(v) + suffix;
}

// k when the values are lo, lo+k, lo+2k, … up to the last possible step within [lo, hi]; else 0.
int step_of(const std::vector<int>& values, int lo, int hi) {
  if (values.size() < 2 || values.front() != lo) return 0;
  const int k = values[1] - values[0];
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] - values[i - 1] != k) return 0;
  return values.back() + k > hi ? k : 0;
}

std::string clock(int h, int m, int s) {
  return s ? fmt::format("{:02}:{:02}:{:02}", h, m, s) : fmt::format("{:02}:{:02}", h, m);
}

// "every 15 minutes", "every minute", "at minute 30 past …": the time of day.
std::string time_in_words(const CronExpr& e) {
  const auto s = members(e.seconds, 0, 59), m = members(e.minutes, 0, 59), h = members(e.hours, 0, 23);
  if (s.size() == 1 && m.size() == 1 && h.size() <= 4) {
    std::vector<std::string> times;
    for (int hour : h) times.push_back(clock(hour, m[0], s[0]));
    return "at " + join_words(times);
  }
  const auto hours = [&]() -> std::string {
    if (h.size() == 24) return "";
    if (const int k = step_of(h, 0, 23)) return fmt::format(" of every {} hours", k);
    return " past hours " + values_in_words(h, number);
  };
  if (s.size() == 1 && s[0] == 0) {
    if (m.size() == 60) return "every minute" + (h.size() == 24 ? "" : ", during hours " + values_in_words(h, number));
    if (const int k = step_of(m, 0, 59); k && h.size() == 24) return fmt::format("every {} minutes", k);
    if (const int k = step_of(m, 0, 59)) return fmt::format("every {} minutes, during hours {}", k, values_in_words(h, number));
    if (h.size() == 24 && m.size() == 1) return fmt::format("every hour at minute {}", m[0]);
    return fmt::format("at minute {}{}", values_in_words(m, number), hours());
  }
  if (s.size() == 60 && m.size() == 60 && h.size() == 24) return "every second";
  if (const int k = step_of(s, 0, 59); k && m.size() == 60 && h.size() == 24) return fmt::format("every {} seconds", k);
  std::string out = "at second " + values_in_words(s, number);
  if (m.size() != 60) out += " of minute " + values_in_words(m, number);
  return out + hours();
}

std::string weekday_name(int i) { return kWeekdays[i]; }

// The day-of-month selector's parts: "day 1 and 15", "the last day", "the weekday nearest day 15".
std::vector<std::string> month_day_parts(const DaySelector& d) {
  std::vector<std::string> parts;
  if (const auto days = members(d.days, 1, 31); !days.empty()) parts.push_back("day " + values_in_words(days, number));
  if (d.last_day) parts.push_back("the last day");
  const std::vector<int> from_end = members(d.from_end, 1, 31);
  if (from_end.size() > 1 && from_end.back() == static_cast<int>(from_end.size())) {  // ~1..7: a run up to the end
    parts.push_back(fmt::format("one of the last {} days", from_end.size()));
  } else {
    for (int k : from_end)
      parts.push_back(k == 1 ? std::string("the last day") : fmt::format("the {} last day", ordinal_number(k)));
  }
  for (int day : members(d.nearest_weekday, 1, 31)) parts.push_back(fmt::format("the weekday nearest day {}", day));
  if (d.last_weekday_of_month) parts.push_back("the last weekday");
  for (std::size_t n = 0; n < d.nth.size(); ++n)
    for (int w : members(d.nth[n], 0, 6)) parts.push_back(fmt::format("the {} {}", kOrdinals[n], kWeekdays[w]));
  for (int w : members(d.last_of, 0, 6)) parts.push_back(fmt::format("the last {}", kWeekdays[w]));
  return parts;
}

// "on day 1 of each month", "Monday through Friday", "on the last Friday of each month".
std::string selector_in_words(const DaySelector& d) {
  if (d.unrestricted) return "";
  std::vector<std::string> parts = month_day_parts(d);
  std::string out = parts.empty() ? "" : "on " + join_words(parts, " or ") + " of each month";
  if (d.weekdays.any()) {
    const std::string days = weekdays_in_words(d.weekdays.to_ulong());
    out += (out.empty() ? "" : " or ") + (days.find(" through ") != std::string::npos ? days : "on " + days);
  }
  return out;
}

std::string days_in_words(const CronExpr& e) {
  const std::string dom = selector_in_words(e.day_of_month), dow = selector_in_words(e.day_of_week);
  if (dom.empty() || dow.empty()) return dom + dow;
  return dom + (e.day_or ? " or " : ", if that is ") + dow;
}

std::string years_in_words(const std::vector<YearRange>& years) {
  std::vector<std::string> items;
  for (const YearRange& y : years) {
    if (y.first == y.last) items.push_back(number(y.first));
    else if (y.step == 1) items.push_back(fmt::format("{} through {}", y.first, y.last));
    else items.push_back(fmt::format("every {} years from {} to {}", y.step, y.first, y.last));
  }
  return "in " + join_words(items);
}

}  // namespace

std::string join_words(const std::vector<std::string>& items, const char* last) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out.append(i == 0 ? "" : i + 1 == items.size() ? last : ", ").append(items[i]);
  return out;
}

std::string weekdays_in_words(unsigned long bits) {
  return values_in_words(members(std::bitset<7>(bits), 0, 6), weekday_name);
}

std::string cron_in_words(const CronExpr& e) {
  const std::string time = time_in_words(e), days = days_in_words(e);
  std::string out = days.starts_with("on ") && time.starts_with("at ") ? days + " " + time
                    : days.empty()                                     ? time
                                                                       : time + ", " + days;
  if (const auto months = members(e.months, 1, 12); months.size() != 12)
    out += ", in " + values_in_words(months, [](int m) { return std::string(kMonths[m]); });
  if (!e.every_week()) out += ", in ISO week " + values_in_words(members(e.weeks, 1, 53), number);
  if (!e.years.empty()) out += ", " + years_in_words(e.years);
  return out;
}

}  // namespace schedtool
