// Zone: a transition table read from TZif, extended by the file's POSIX footer rule.
//
// Layout: `at` holds the file's transitions followed by the rule's transitions up to kTableEndYear,
// so period_at is one binary search for any date a scheduler normally sees. After the table the
// rule is evaluated on the fly, shifted into a reference 400-year window: the Gregorian calendar
// repeats every 400 years (146097 days, a whole number of weeks), so a rule's transitions do too.
#include "time/zone.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

#include "base/error.h"
#include "time/posix_tz.h"

namespace schedtool {
namespace {

constexpr int kTableEndYear = 2200;
constexpr std::int64_t kCycleSeconds = 146097LL * 86400;  // 400 Gregorian years
constexpr std::int64_t kCycleStart = 946684800;            // 2000-01-01T00:00:00Z
constexpr std::int64_t kMicro = 1'000'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::int64_t floor_seconds(Instant t) { return floor_div(t.time_since_epoch().count(), kMicro); }

// Seconds → Instant, saturating to Instant::min()/max() outside the representable range.
Instant to_instant(std::int64_t s) {
  constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / kMicro;
  if (s >= limit) return Instant::max();
  if (s <= -limit) return Instant::min();
  return Instant{Duration{s * kMicro}};
}

int utc_year(std::int64_t s) {
  const date::sys_days day{date::days{floor_div(s, 86400)}};
  return static_cast<int>(date::year_month_day{day}.year());
}

// Adds `extra` to an Instant without wrapping past min()/max().
Instant saturating_add(Instant t, Duration extra) {
  const auto c = t.time_since_epoch().count();
  const auto e = extra.count();
  if (e > 0 && c > std::numeric_limits<std::int64_t>::max() - e) return Instant::max();
  if (e < 0 && c < std::numeric_limits<std::int64_t>::min() - e) return Instant::min();
  return t + extra;
}

}  // namespace

struct Zone::Impl {
  std::vector<std::int64_t> at;        // UTC seconds, ascending: file transitions, then rule ones
  std::vector<std::uint16_t> type_of;  // type in effect from at[i]
  std::vector<Type> types;
  std::size_t initial_type = 0;
  std::optional<PosixTz> rule;         // applies from at.back() on (or everywhere if `at` is empty)
  std::uint16_t std_type = 0, dst_type = 0;
  bool rule_varies = false;            // the rule has DST that actually starts and ends

  std::uint16_t type_index(std::chrono::seconds offset, bool is_dst, const std::string& abbrev);
  void adopt_rule(const std::string& footer, const std::string& zone_name);
  void drop_no_op_transitions();
  void extend_table();
  OffsetPeriod make(std::int64_t begin, std::int64_t end, std::size_t type) const;
  OffsetPeriod rule_period(std::int64_t s) const;
};

std::uint16_t Zone::Impl::type_index(std::chrono::seconds offset, bool is_dst, const std::string& abbrev) {
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (types[i].offset == offset && types[i].is_dst == is_dst && types[i].abbrev == abbrev) {
      return static_cast<std::uint16_t>(i);
    }
  }
  types.push_back({offset, is_dst, abbrev});
  return static_cast<std::uint16_t>(types.size() - 1);
}

void Zone::Impl::adopt_rule(const std::string& footer, const std::string& zone_name) {
  if (footer.empty()) return;
  rule = parse_posix_tz(footer);
  if (!rule) throw Error("time zone '" + zone_name + "' has an invalid POSIX TZ rule '" + footer + "'");
  std_type = type_index(std::chrono::seconds{rule->std_offset}, false, rule->std_abbrev);
  if (!rule->has_dst) return;
  dst_type = type_index(std::chrono::seconds{rule->dst_offset}, true, rule->dst_abbrev);
  // "Permanent DST" rules ("EST5EDT,0/0,J365/25") end DST at the very instant it restarts.
  const DstTransitions y1 = dst_transitions_in(*rule, 2001), y2 = dst_transitions_in(*rule, 2002);
  rule_varies = y1.end != y2.start;
  if (!rule_varies) std_type = dst_type;
}

// zic -b fat adds a transition at 2^31-1 that changes nothing, and some historical transitions
// only change flags zic tracks; a period should end only where the offset, DST flag or name changes.
void Zone::Impl::drop_no_op_transitions() {
  const auto same = [&](std::size_t a, std::size_t b) {
    return types[a].offset == types[b].offset && types[a].is_dst == types[b].is_dst && types[a].abbrev == types[b].abbrev;
  };
  std::size_t kept = 0;
  for (std::size_t i = 0; i < at.size(); ++i) {
    const std::size_t before = kept == 0 ? initial_type : type_of[kept - 1];
    if (same(before, type_of[i])) continue;
    at[kept] = at[i];
    type_of[kept] = type_of[i];
    ++kept;
  }
  at.resize(kept);
  type_of.resize(kept);
}

// Appends the rule's transitions after the file's last one, through kTableEndYear.
void Zone::Impl::extend_table() {
  if (!rule_varies || at.empty()) return;
  for (int year = utc_year(at.back()); year <= kTableEndYear; ++year) {
    const DstTransitions t = dst_transitions_in(*rule, year);
    std::array<std::pair<std::int64_t, std::uint16_t>, 2> pair{{{t.start, dst_type}, {t.end, std_type}}};
    if (pair[1].first < pair[0].first) std::swap(pair[0], pair[1]);
    for (const auto& [when, type] : pair) {
      if (when <= at.back()) continue;
      at.push_back(when);
      type_of.push_back(type);
    }
  }
}

OffsetPeriod Zone::Impl::make(std::int64_t begin, std::int64_t end, std::size_t type) const {
  const Type& t = types[type];
  return {to_instant(begin), to_instant(end), t.offset, t.abbrev, t.is_dst};
}

// The rule's period containing second `s`, clipped to start no earlier than the table's end.
OffsetPeriod Zone::Impl::rule_period(std::int64_t s) const {
  const std::int64_t cycles = floor_div(s - kCycleStart, kCycleSeconds);
  const std::int64_t shift = cycles * kCycleSeconds;
  const std::int64_t local_s = s - shift;  // in [2000, 2400)
  const int year = utc_year(local_s);
  // Transitions of the neighbouring years bracket local_s even when rule times spill across
  // New Year (hours up to 167, offsets up to a day).
  std::array<std::pair<std::int64_t, std::uint16_t>, 8> cand{};
  for (int i = 0; i < 4; ++i) {
    const DstTransitions t = dst_transitions_in(*rule, year - 2 + i);
    cand[2 * i] = {t.start, dst_type};
    cand[2 * i + 1] = {t.end, std_type};
  }
  std::sort(cand.begin(), cand.end());
  std::size_t next = 0;
  while (next < cand.size() && cand[next].first <= local_s) ++next;  // first transition after s
  // next is in 1..7: the two years before `year` and the one after always contribute.
  std::int64_t begin = cand[next - 1].first + shift;
  if (!at.empty()) begin = std::max(begin, at.back());
  return make(begin, cand[next].first + shift, cand[next - 1].second);
}

Zone::Zone(std::string name, Data data) : name_(std::move(name)), impl_(std::make_unique<Impl>()) {
  Impl& z = *impl_;
  if (data.transitions.size() != data.type_of.size()) throw Error("time zone '" + name_ + "': transitions without types");
  if (!std::is_sorted(data.transitions.begin(), data.transitions.end())) {
    throw Error("time zone '" + name_ + "': transitions are not in ascending order");
  }
  z.at = std::move(data.transitions);
  z.type_of.assign(data.type_of.begin(), data.type_of.end());
  z.types = std::move(data.types);
  const bool had_types = !z.types.empty();
  z.initial_type = data.initial_type;
  z.adopt_rule(data.footer, name_);
  if (!had_types && z.rule) z.initial_type = z.std_type;
  const bool bad_index = std::any_of(z.type_of.begin(), z.type_of.end(), [&](auto i) { return i >= z.types.size(); });
  if (z.types.empty() || z.initial_type >= z.types.size() || bad_index) {
    throw Error("time zone '" + name_ + "': type index out of range");
  }
  z.drop_no_op_transitions();
  z.extend_table();
}

Zone::~Zone() = default;

OffsetPeriod Zone::period_at(Instant t) const {
  const Impl& z = *impl_;
  const std::int64_t s = floor_seconds(t);
  constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  if (z.at.empty() || s >= z.at.back()) {
    if (z.rule_varies) return z.rule_period(s);
    const std::size_t type = z.rule ? z.std_type : (z.at.empty() ? z.initial_type : z.type_of.back());
    return z.make(z.at.empty() ? lo : z.at.back(), hi, type);
  }
  const auto it = std::upper_bound(z.at.begin(), z.at.end(), s);
  const std::size_t i = static_cast<std::size_t>(it - z.at.begin());  // at[i-1] <= s < at[i]
  if (i == 0) return z.make(lo, z.at[0], z.initial_type);
  return z.make(z.at[i - 1], z.at[i], z.type_of[i - 1]);
}

// Walks the periods overlapping the wall reading ± 2 days (wider than any UTC offset) and
// collects the instants whose wall reading is `w`; none means `w` sits in a gap.
WallResolution Zone::resolve(WallTime w) const {
  const Instant u{w.time_since_epoch()};  // w read as if it were UTC
  const Instant hi = saturating_add(u, std::chrono::hours{48});
  std::optional<Instant> first, last, gap_end;
  OffsetPeriod p = period_at(saturating_add(u, -std::chrono::hours{48}));
  std::optional<OffsetPeriod> prev;
  for (;;) {
    const Instant c = saturating_add(u, -Duration{p.offset});
    if (p.begin <= c && c < p.end) {
      if (!first) first = c;
      last = c;
    }
    if (prev && !gap_end && prev->offset < p.offset) {
      // The wall clock jumps from begin+prev.offset to begin+p.offset; readings in between are skipped.
      const Instant before = saturating_add(p.begin, Duration{prev->offset});
      const Instant after = saturating_add(p.begin, Duration{p.offset});
      if (before <= u && u < after) gap_end = p.begin;
    }
    if (p.end >= hi || p.end == Instant::max()) break;
    prev = p;
    p = period_at(p.end);
  }
  if (first && *first != *last) return {WallKind::repeated, *first, *last};
  if (first) return {WallKind::unique, *first, *first};
  if (gap_end) return {WallKind::skipped, *gap_end, *gap_end};
  const Instant guess = saturating_add(u, -Duration{period_at(u).offset});  // only at the ends of time
  return {WallKind::unique, guess, guess};
}

}  // namespace schedtool
