#include "cron/cron_expr.h"

#include <algorithm>
#include <bit>

namespace schedtool {
namespace {

using date::days;
using date::year_month_day;

constexpr int kMaxYear = 9999;
// Every calendar pattern (day of month, weekday, ISO week, leap day) repeats after 400 Gregorian
// years (146097 days = 20871 whole weeks), so an unrestricted year needs no longer search.
constexpr int kGregorianCycleYears = 400;

unsigned days_in_month(int year, unsigned month) {
  return static_cast<unsigned>((date::year{year} / date::month{month} / date::last).day());
}

// 0 = Monday … 6 = Sunday for the first day of the month.
unsigned first_weekday(int year, unsigned month) {
  const date::weekday wd{date::sys_days{date::year{year} / date::month{month} / 1}};
  return (wd.c_encoding() + 6) % 7;
}

// The lowest set bit at or above `from` in `bits`, or -1.
int next_bit(std::uint64_t bits, unsigned from) {
  if (from >= 64) return -1;
  const std::uint64_t rest = bits & (~std::uint64_t{0} << from);
  return rest ? std::countr_zero(rest) : -1;
}

template <std::size_t N>
int next_bit(const std::bitset<N>& bits, unsigned from) {
  return next_bit(bits.to_ullong(), from);
}

std::uint32_t bit(unsigned day) { return std::uint32_t{1} << day; }

// Monday-to-Friday day nearest to `day` without leaving the month (Quartz `W`).
unsigned nearest_weekday(unsigned day, unsigned weekday_of_day, unsigned last_day) {
  if (weekday_of_day == 5) return day == 1 ? day + 2 : day - 1;          // Saturday
  if (weekday_of_day == 6) return day == last_day ? day - 2 : day + 1;   // Sunday
  return day;
}

// ISO week numbers (1..53) of the ISO years a date falls into.
unsigned iso_weeks_in_year(int year) {
  const unsigned jan1 = first_weekday(year, 1);
  const bool leap = date::year{year}.is_leap();
  return (jan1 == 3 || (leap && jan1 == 2)) ? 53 : 52;
}

unsigned iso_week_of_first(int year, unsigned month) {
  const auto day = date::sys_days{date::year{year} / date::month{month} / 1};
  const unsigned wd = first_weekday(year, month);
  // The ISO week belongs to the year of its Thursday.
  const year_month_day thursday{day - days{wd} + days{3}};
  const auto jan1 = date::sys_days{thursday.year() / 1 / 1};
  return static_cast<unsigned>((day - days{wd} + days{3} - jan1).count() / 7 + 1);
}

// Days of the month whose ISO week number is in `weeks`.
std::uint32_t week_mask(const std::bitset<54>& weeks, int year, unsigned month) {
  const unsigned last = days_in_month(year, month);
  unsigned weekday = first_weekday(year, month);
  unsigned week = iso_week_of_first(year, month);
  std::uint32_t mask = 0;
  for (unsigned day = 1; day <= last; ++day, weekday = (weekday + 1) % 7) {
    if (weekday == 0 && day > 1) {
      const bool year_rolls = (month == 1 && week >= 52) || (month == 12 && week == iso_weeks_in_year(year));
      week = year_rolls ? 1 : week + 1;
    }
    if (weeks.test(week)) mask |= bit(day);
  }
  return mask;
}

}  // namespace

std::uint32_t DaySelector::mask(int year, unsigned month) const {
  const unsigned last = days_in_month(year, month);
  const std::uint32_t in_month = (bit(last) << 1) - 2;  // bits 1..last
  std::uint32_t m = static_cast<std::uint32_t>(days.to_ulong()) & in_month;
  if (weekdays.all()) return in_month;  // `*` in day-of-week: every day, whatever else is set
  if (last_day) m |= bit(last);
  if (from_end.any())
    for (unsigned k = 1; k <= last; ++k)
      if (from_end.test(k)) m |= bit(last - k + 1);
  const unsigned first_wd = first_weekday(year, month);
  const auto weekday_of = [&](unsigned day) { return (first_wd + day - 1) % 7; };
  if (nearest_weekday.any())
    for (unsigned day = 1; day <= last; ++day)
      if (nearest_weekday.test(day)) m |= bit(::schedtool::nearest_weekday(day, weekday_of(day), last));
  if (last_weekday_of_month) {
    unsigned day = last;
    while (weekday_of(day) >= 5) --day;
    m |= bit(day);
  }
  const bool any_nth = nth[0].any() || nth[1].any() || nth[2].any() || nth[3].any() || nth[4].any();
  if (weekdays.none() && last_of.none() && !any_nth) return m;
  for (unsigned wd = 0; wd < 7; ++wd) {
    const unsigned first = 1 + (wd + 7 - first_wd) % 7;  // first day of the month on weekday wd
    if (weekdays.test(wd))
      for (unsigned day = first; day <= last; day += 7) m |= bit(day);
    for (unsigned n = 0; n < nth.size(); ++n)
      if (nth[n].test(wd) && first + 7 * n <= last) m |= bit(first + 7 * n);
    if (last_of.test(wd)) m |= bit(first + 7 * ((last - first) / 7));
  }
  return m;
}

std::uint32_t CronExpr::day_mask(int year, unsigned month) const {
  const std::uint32_t dom = day_of_month.mask(year, month);
  const std::uint32_t dow = day_of_week.mask(year, month);
  std::uint32_t m = day_or ? (dom | dow) : (dom & dow);
  if (m && !every_week()) m &= week_mask(weeks, year, month);
  return m;
}

namespace {

// The smallest year >= `year` allowed by `ranges` (empty = any), or kMaxYear + 1.
int next_year(const std::vector<YearRange>& ranges, int year) {
  if (ranges.empty()) return year;
  int best = kMaxYear + 1;
  for (const YearRange& r : ranges) {
    if (year > r.last) continue;
    const int from = std::max(year, r.first);
    const int candidate = r.first + (from - r.first + r.step - 1) / r.step * r.step;
    if (candidate <= r.last) best = std::min(best, candidate);
  }
  return best;
}

int last_year(const std::vector<YearRange>& ranges) {
  int last = 0;
  for (const YearRange& r : ranges) last = std::max(last, r.last);
  return last;
}

// A calendar position that the search moves forward field by field.
struct Cursor {
  int year;
  unsigned month, day, hour, minute, second;

  void start_of_year(int y) { *this = {y, 1, 1, 0, 0, 0}; }
  void start_of_month(unsigned m) { month = m, day = 1, hour = minute = second = 0; }
  void start_of_day(unsigned d) { day = d, hour = minute = second = 0; }
  void next_month() { month < 12 ? start_of_month(month + 1) : start_of_year(year + 1); }
};

}  // namespace

bool CronExpr::matches(WallSeconds w) const {
  const auto day = date::floor<days>(w);
  const year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> tod{w - day};
  const int y = static_cast<int>(ymd.year());
  const unsigned mo = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());
  return next_year(years, y) == y && months.test(mo) && (day_mask(y, mo) & bit(d)) &&
         hours.test(static_cast<std::size_t>(tod.hours().count())) &&
         minutes.test(static_cast<std::size_t>(tod.minutes().count())) &&
         seconds.test(static_cast<std::size_t>(tod.seconds().count()));
}

std::optional<WallSeconds> CronExpr::next_match(WallTime from) const {
  const WallSeconds start = date::ceil<std::chrono::seconds>(from);
  const auto start_day = date::floor<days>(start);
  const year_month_day ymd{start_day};
  const date::hh_mm_ss<std::chrono::seconds> tod{start - start_day};
  Cursor c{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
           static_cast<unsigned>(tod.hours().count()), static_cast<unsigned>(tod.minutes().count()),
           static_cast<unsigned>(tod.seconds().count())};
  const int limit = std::min(kMaxYear, years.empty() ? c.year + kGregorianCycleYears : last_year(years));

  int mask_year = 0;
  unsigned mask_month = 0;
  std::uint32_t mask = 0;
  while (c.year <= limit) {
    if (const int y = next_year(years, c.year); y != c.year) {
      if (y > limit) break;
      c.start_of_year(y);
    }
    const int mo = next_bit(months, c.month);
    if (mo < 0) { c.start_of_year(c.year + 1); continue; }
    if (static_cast<unsigned>(mo) != c.month) c.start_of_month(static_cast<unsigned>(mo));

    if (c.year != mask_year || c.month != mask_month)  // once per month visited, not per pass
      mask_year = c.year, mask_month = c.month, mask = day_mask(c.year, c.month);
    const int d = next_bit(mask, c.day);
    if (d < 0) { c.next_month(); continue; }
    if (static_cast<unsigned>(d) != c.day) c.start_of_day(static_cast<unsigned>(d));

    const int h = next_bit(hours, c.hour);
    if (h < 0) { c.start_of_day(c.day + 1); continue; }
    if (static_cast<unsigned>(h) != c.hour) c.hour = static_cast<unsigned>(h), c.minute = c.second = 0;

    const int mi = next_bit(minutes, c.minute);
    if (mi < 0) { c.hour += 1, c.minute = c.second = 0; continue; }
    if (static_cast<unsigned>(mi) != c.minute) c.minute = static_cast<unsigned>(mi), c.second = 0;

    const int s = next_bit(seconds, c.second);
    if (s < 0) { c.minute += 1, c.second = 0; continue; }

    const auto day = date::local_days{date::year{c.year} / date::month{c.month} / date::day{c.day}};
    return WallSeconds{day} + std::chrono::hours{c.hour} + std::chrono::minutes{mi} + std::chrono::seconds{s};
  }
  return std::nullopt;
}

}  // namespace schedtool
