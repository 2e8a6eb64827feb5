// CronTrigger's DST rules (src/trigger/cron_trigger.h) pinned in four zones: America/New_York,
// Europe/London, Australia/Lord_Howe (a 30-minute shift) and America/Santiago (DST at midnight,
// southern hemisphere). Every expected fire time was worked out by hand from the rules and then
// confirmed with the reference implementation:
//   /usr/bin/python3 /work/shared/conformance/tools/rules.py next crontab '{"expr":"…"}' ZONE FROM N
// 2026 transitions (2027 ones are a week or so later in the same pattern):
//   New York   gap 2026-03-08 02:00-03:00 (EST→EDT)       overlap 2026-11-01 01:00-02:00
//   London     gap 2026-03-29 01:00-02:00 (GMT→BST)       overlap 2026-10-25 01:00-02:00
//   Lord Howe  gap 2026-10-04 02:00-02:30 (+10:30→+11)    overlap 2026-04-05 01:30-02:00
//   Santiago   gap 2026-09-06 00:00-01:00 (-04→-03)       overlap 2026-04-04 23:00-24:00
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "cron/cron_fields.h"
#include "cron/crontab.h"
#include "time/time_text.h"
#include "time/zone.h"
#include "trigger/cron_trigger.h"

namespace schedtool {
namespace {

Instant at(std::string_view rfc3339) { return std::get<Instant>(parse_time_text(rfc3339)); }

CronTrigger crontab_trigger(std::string_view expr, std::string_view zone, TriggerWindow window = {}) {
  return CronTrigger(parse_crontab(expr).expr, find_zone(zone), window, std::string(expr));
}

// The scheduler's sequence: next_fire_time(nullopt, from), then next_fire_time(previous, previous).
std::vector<Instant> fire_times(const Trigger& trigger, Instant from, std::size_t count) {
  std::vector<Instant> fires;
  std::optional<Instant> fire = trigger.next_fire_time(std::nullopt, from);
  while (fire && fires.size() < count) {
    fires.push_back(*fire);
    fire = trigger.next_fire_time(fire, *fire);
  }
  return fires;
}

std::string show(const std::vector<Instant>& fires, const Zone& zone) {
  std::string out;
  for (const Instant f : fires) out.append(out.empty() ? "" : ", ").append(format_rfc3339(f, zone));
  return out;
}

std::string join(const std::vector<const char*>& items) {
  std::string out;
  for (const char* s : items) out.append(out.empty() ? "" : ", ").append(s);
  return out;
}

struct DstCase {
  const char* what;  // what the row pins
  const char* expr;
  const char* zone;
  const char* from;  // RFC 3339, inclusive
  std::vector<const char*> expected;
};

const std::vector<DstCase> kDstCases = {
    {"NY 2026 gap: 02:30 fires at 03:00 EDT, other days at 02:30", "30 2 * * *", "America/New_York", "2026-03-07T00:00:00-05:00",
     {"2026-03-07T02:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"}},
    {"NY 2026 gap: readings 02:00-02:45 merge into one fire at 03:00 EDT", "0,15,30,45 2 * * *", "America/New_York", "2026-03-08T00:00:00-05:00",
     {"2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00", "2026-03-09T02:15:00-04:00"}},
    {"NY 2026 gap: gap readings merge with the real 03:00 reading", "0,30 2,3 * * *", "America/New_York", "2026-03-08T00:00:00-05:00",
     {"2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:00:00-04:00"}},
    {"NY 2026 gap: from equal to the gap fire is inclusive", "30 2 * * *", "America/New_York", "2026-03-08T03:00:00-04:00",
     {"2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"}},
    {"NY 2026 gap: from one second after the gap fire goes to the next day", "30 2 * * *", "America/New_York", "2026-03-08T03:00:01-04:00",
     {"2026-03-09T02:30:00-04:00"}},
    {"NY 2026 gap: the first reading of the gap (02:00) fires at 03:00 EDT", "0 2 * * *", "America/New_York", "2026-03-07T12:00:00-05:00",
     {"2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"}},
    {"NY 2026 overlap: 01:30 fires at its first occurrence only", "30 1 * * *", "America/New_York", "2026-10-31T12:00:00-04:00",
     {"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
    {"NY 2026 overlap: from between the two 01:30s skips the second", "30 1 * * *", "America/New_York", "2026-11-01T01:45:00-04:00",
     {"2026-11-02T01:30:00-05:00"}},
    {"NY 2026 overlap: from inside the repeated hour's second pass skips it", "30 1 * * *", "America/New_York", "2026-11-01T01:15:00-05:00",
     {"2026-11-02T01:30:00-05:00"}},
    {"NY 2026 overlap: hour 0-22 is wall-clock, 01:00 fires once", "0 0-22 * * *", "America/New_York", "2026-11-01T00:00:00-04:00",
     {"2026-11-01T00:00:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00"}},
    {"NY 2026 overlap: hour * is cadence, 01:00 fires twice", "0 * * * *", "America/New_York", "2026-11-01T00:00:00-04:00",
     {"2026-11-01T00:00:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"}},
    {"NY 2026 cadence */15 through the gap: no fires in it", "*/15 * * * *", "America/New_York", "2026-03-08T01:00:00-05:00",
     {"2026-03-08T01:00:00-05:00", "2026-03-08T01:15:00-05:00", "2026-03-08T01:30:00-05:00", "2026-03-08T01:45:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:15:00-04:00"}},
    {"NY 2026 cadence */15 through the overlap: eight in the repeated hour", "*/15 * * * *", "America/New_York", "2026-11-01T00:45:00-04:00",
     {"2026-11-01T00:45:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T01:15:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:45:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T01:15:00-05:00", "2026-11-01T01:30:00-05:00", "2026-11-01T01:45:00-05:00", "2026-11-01T02:00:00-05:00", "2026-11-01T02:15:00-05:00"}},
    {"NY 2026 cadence 36 *: 01:36 EST then 03:36 EDT", "36 * * * *", "America/New_York", "2026-03-08T00:00:00-05:00",
     {"2026-03-08T00:36:00-05:00", "2026-03-08T01:36:00-05:00", "2026-03-08T03:36:00-04:00", "2026-03-08T04:36:00-04:00"}},
    {"NY 2026 cadence 36 *: 01:36 EDT and 01:36 EST", "36 * * * *", "America/New_York", "2026-11-01T00:00:00-04:00",
     {"2026-11-01T00:36:00-04:00", "2026-11-01T01:36:00-04:00", "2026-11-01T01:36:00-05:00", "2026-11-01T02:36:00-05:00"}},
    {"NY 2027 gap: 02:30 fires at 03:00 EDT", "30 2 * * *", "America/New_York", "2027-03-13T12:00:00-05:00",
     {"2027-03-14T03:00:00-04:00", "2027-03-15T02:30:00-04:00"}},
    {"NY 2027 overlap: 01:30 fires at EDT only", "30 1 * * *", "America/New_York", "2027-11-06T12:00:00-04:00",
     {"2027-11-07T01:30:00-04:00", "2027-11-08T01:30:00-05:00"}},
    {"London 2026 gap: 01:30 fires at 02:00 BST", "30 1 * * *", "Europe/London", "2026-03-28T12:00:00+00:00",
     {"2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"}},
    {"London 2026 gap: 01:00 and the real 02:00 merge into one fire", "0 1-2 * * *", "Europe/London", "2026-03-29T00:00:00+00:00",
     {"2026-03-29T02:00:00+01:00", "2026-03-30T01:00:00+01:00", "2026-03-30T02:00:00+01:00"}},
    {"London 2026 cadence */30 through the gap", "*/30 * * * *", "Europe/London", "2026-03-29T00:00:00+00:00",
     {"2026-03-29T00:00:00+00:00", "2026-03-29T00:30:00+00:00", "2026-03-29T02:00:00+01:00", "2026-03-29T02:30:00+01:00"}},
    {"London 2026 overlap: 01:30 fires at BST only", "30 1 * * *", "Europe/London", "2026-10-24T12:00:00+01:00",
     {"2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00"}},
    {"London 2026 overlap: hour 1-2 fires 01:00 BST then 02:00 GMT", "0 1-2 * * *", "Europe/London", "2026-10-25T00:00:00+01:00",
     {"2026-10-25T01:00:00+01:00", "2026-10-25T02:00:00+00:00", "2026-10-26T01:00:00+00:00"}},
    {"London 2026 cadence */30 through the overlap: both passes", "*/30 * * * *", "Europe/London", "2026-10-25T00:30:00+01:00",
     {"2026-10-25T00:30:00+01:00", "2026-10-25T01:00:00+01:00", "2026-10-25T01:30:00+01:00", "2026-10-25T01:00:00+00:00", "2026-10-25T01:30:00+00:00", "2026-10-25T02:00:00+00:00"}},
    {"London 2027 gap: 01:30 fires at 02:00 BST", "30 1 * * *", "Europe/London", "2027-03-27T12:00:00+00:00",
     {"2027-03-28T02:00:00+01:00", "2027-03-29T01:30:00+01:00"}},
    {"London 2027 overlap: 01:30 fires at BST only", "30 1 * * *", "Europe/London", "2027-10-30T12:00:00+01:00",
     {"2027-10-31T01:30:00+01:00", "2027-11-01T01:30:00+00:00"}},
    {"Lord Howe 2026 gap (30 min): 02:15 fires at 02:30 +11:00", "15 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00+10:30",
     {"2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"}},
    {"Lord Howe 2026 gap: hour 1-3 fires 01:00, 02:30, 03:00", "0 1-3 * * *", "Australia/Lord_Howe", "2026-10-04T00:00:00+10:30",
     {"2026-10-04T01:00:00+10:30", "2026-10-04T02:30:00+11:00", "2026-10-04T03:00:00+11:00", "2026-10-05T01:00:00+11:00"}},
    {"Lord Howe 2026 gap: 02:30 is the gap's end, a plain fire", "30 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00+10:30",
     {"2026-10-04T02:30:00+11:00", "2026-10-05T02:30:00+11:00"}},
    {"Lord Howe 2026 cadence */15 through the 30-minute gap", "*/15 * * * *", "Australia/Lord_Howe", "2026-10-04T01:30:00+10:30",
     {"2026-10-04T01:30:00+10:30", "2026-10-04T01:45:00+10:30", "2026-10-04T02:30:00+11:00", "2026-10-04T02:45:00+11:00"}},
    {"Lord Howe 2026 overlap: 01:45 fires at +11:00 only", "45 1 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00+11:00",
     {"2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"}},
    {"Lord Howe 2026 cadence */15 through the 30-minute overlap", "*/15 * * * *", "Australia/Lord_Howe", "2026-04-05T01:15:00+11:00",
     {"2026-04-05T01:15:00+11:00", "2026-04-05T01:30:00+11:00", "2026-04-05T01:45:00+11:00", "2026-04-05T01:30:00+10:30", "2026-04-05T01:45:00+10:30", "2026-04-05T02:00:00+10:30"}},
    {"Lord Howe 2027 gap: 02:15 fires at 02:30 +11:00", "15 2 * * *", "Australia/Lord_Howe", "2027-10-02T12:00:00+10:30",
     {"2027-10-03T02:30:00+11:00", "2027-10-04T02:15:00+11:00"}},
    {"Lord Howe 2027 overlap: 01:45 fires at +11:00 only", "45 1 * * *", "Australia/Lord_Howe", "2027-04-03T12:00:00+11:00",
     {"2027-04-04T01:45:00+11:00", "2027-04-05T01:45:00+10:30"}},
    {"Santiago 2026 midnight gap: 00:30 fires at 01:00 -03", "30 0 * * *", "America/Santiago", "2026-09-05T12:00:00-04:00",
     {"2026-09-06T01:00:00-03:00", "2026-09-07T00:30:00-03:00"}},
    {"Santiago 2026 midnight gap: daily midnight fires at 01:00 that day", "0 0 * * *", "America/Santiago", "2026-09-05T00:00:00-04:00",
     {"2026-09-05T00:00:00-04:00", "2026-09-06T01:00:00-03:00", "2026-09-07T00:00:00-03:00"}},
    {"Santiago 2026 cadence 0 * skips the missing midnight hour", "0 * * * *", "America/Santiago", "2026-09-05T22:00:00-04:00",
     {"2026-09-05T22:00:00-04:00", "2026-09-05T23:00:00-04:00", "2026-09-06T01:00:00-03:00", "2026-09-06T02:00:00-03:00"}},
    {"Santiago 2026 overlap: 23:30 fires at -03 only", "30 23 * * *", "America/Santiago", "2026-04-04T12:00:00-03:00",
     {"2026-04-04T23:30:00-03:00", "2026-04-05T23:30:00-04:00"}},
    {"Santiago 2026 cadence */30 through the overlap before midnight", "*/30 * * * *", "America/Santiago", "2026-04-04T22:30:00-03:00",
     {"2026-04-04T22:30:00-03:00", "2026-04-04T23:00:00-03:00", "2026-04-04T23:30:00-03:00", "2026-04-04T23:00:00-04:00", "2026-04-04T23:30:00-04:00", "2026-04-05T00:00:00-04:00"}},
    {"Santiago 2026 overlap: midnight after the repeated hour is unique", "0 0 * * *", "America/Santiago", "2026-04-04T00:00:00-03:00",
     {"2026-04-04T00:00:00-03:00", "2026-04-05T00:00:00-04:00", "2026-04-06T00:00:00-04:00"}},
    {"Santiago 2027 midnight gap: 00:30 fires at 01:00 -03", "30 0 * * *", "America/Santiago", "2027-09-04T12:00:00-04:00",
     {"2027-09-05T01:00:00-03:00", "2027-09-06T00:30:00-03:00"}},
    {"Santiago 2027 overlap: 23:30 fires at -03 only", "30 23 * * *", "America/Santiago", "2027-04-03T12:00:00-03:00",
     {"2027-04-03T23:30:00-03:00", "2027-04-04T23:30:00-04:00"}},
};

TEST_CASE("DST rules: cron fire times around every 2026 transition (and some of 2027)") {
  for (const DstCase& row : kDstCases) {
    CAPTURE(row.expr);
    CAPTURE(row.zone);
    CAPTURE(row.from);
    SUBCASE(row.what) {
      const CronTrigger trigger = crontab_trigger(row.expr, row.zone);
      const auto fires = fire_times(trigger, at(row.from), row.expected.size());
      CHECK(show(fires, trigger.zone()) == join(row.expected));
    }
  }
}

TEST_CASE("DST rules: a fire's offset is the zone's own offset at that instant") {
  // format_rfc3339 prints the zone's offset; the instants themselves must be the expected ones.
  const CronTrigger ny = crontab_trigger("30 2 * * *", "America/New_York");
  CHECK(ny.fire_at_or_after(at("2026-03-08T00:00:00-05:00")) == at("2026-03-08T07:00:00Z"));
  const CronTrigger lord_howe = crontab_trigger("15 2 * * *", "Australia/Lord_Howe");
  CHECK(lord_howe.fire_at_or_after(at("2026-10-04T00:00:00+10:30")) == at("2026-10-03T15:30:00Z"));
  const CronTrigger santiago = crontab_trigger("30 0 * * *", "America/Santiago");
  CHECK(santiago.fire_at_or_after(at("2026-09-06T00:00:00Z")) == at("2026-09-06T04:00:00Z"));
}

TEST_CASE("DST rules: cadence or wall-clock is decided by the hour set") {
  CHECK(crontab_trigger("*/15 * * * *", "UTC").is_cadence());
  CHECK(crontab_trigger("0 */1 * * *", "UTC").is_cadence());
  CHECK(crontab_trigger("0 0-23 * * *", "UTC").is_cadence());
  CHECK_FALSE(crontab_trigger("0 0-22 * * *", "UTC").is_cadence());
  CHECK_FALSE(crontab_trigger("30 2 * * *", "UTC").is_cadence());
  CHECK_FALSE(crontab_trigger("0 */2 * * *", "UTC").is_cadence());
  // An APScheduler hour left unset above the given minute defaults to '*': cadence.
  CronFieldValues minute_only;
  minute_only[6] = "30";
  REQUIRE(kCronFieldNames[6] == "minute");
  const CronTrigger aps(compile_cron_fields(minute_only), find_zone("America/New_York"), {}, "minute='30'");
  CHECK(aps.is_cadence());
  CHECK(show(fire_times(aps, at("2026-11-01T00:00:00-04:00"), 4), aps.zone()) ==
        "2026-11-01T00:30:00-04:00, 2026-11-01T01:30:00-04:00, 2026-11-01T01:30:00-05:00, 2026-11-01T02:30:00-05:00");
}

struct ScanCase {
  const char* expr;
  const char* zone;
  const char* nominal;                // the local time of day on ordinary days
  std::vector<const char*> shifted;   // the fires (RFC 3339) at another time of day
};

// Exactly one fire per local calendar day from 2026-01-01 to 2027-12-31 (730 days), strictly
// increasing, at the nominal time except where a gap moved it to the gap's end.
TEST_CASE("DST rules: a daily trigger skips no calendar day over two years") {
  const ScanCase rows[] = {
      {"30 2 * * *", "America/New_York", "02:30:00", {"2026-03-08T03:00:00-04:00", "2027-03-14T03:00:00-04:00"}},
      {"0 0 * * *", "America/New_York", "00:00:00", {}},
      {"30 2 * * *", "Europe/London", "02:30:00", {}},
      {"0 0 * * *", "Europe/London", "00:00:00", {}},
      {"30 2 * * *", "Australia/Lord_Howe", "02:30:00", {}},
      {"0 0 * * *", "Australia/Lord_Howe", "00:00:00", {}},
      {"30 2 * * *", "America/Santiago", "02:30:00", {}},
      {"0 0 * * *", "America/Santiago", "00:00:00", {"2026-09-06T01:00:00-03:00", "2027-09-05T01:00:00-03:00"}},
  };
  for (const ScanCase& row : rows) {
    CAPTURE(row.expr);
    CAPTURE(row.zone);
    const CronTrigger trigger = crontab_trigger(row.expr, row.zone);
    const Zone& zone = trigger.zone();
    const Instant from = resolve_naive(zone, WallTime{date::local_days{date::year{2026} / 1 / 1}});
    const auto end_day = date::local_days{date::year{2028} / 1 / 1};

    std::vector<std::string> shifted;
    int days = 0;
    bool in_order = true, consecutive = true;
    auto expected_day = date::local_days{date::year{2026} / 1 / 1};
    std::optional<Instant> prev;
    for (auto fire = trigger.next_fire_time(std::nullopt, from); fire; fire = trigger.next_fire_time(fire, *fire)) {
      const WallTime reading = zone.to_wall(*fire);
      const auto day = date::floor<date::days>(reading);
      if (day >= end_day) break;
      if (prev && *fire <= *prev) {  // stop here rather than loop on a repeated fire
        in_order = false;
        break;
      }
      if (day != expected_day) consecutive = false;
      if (date::format("%T", date::floor<std::chrono::seconds>(reading - day)) != row.nominal)
        shifted.push_back(format_rfc3339(*fire, zone));
      expected_day = day + date::days{1};
      prev = fire;
      ++days;
    }
    CHECK(days == 730);
    CHECK(in_order);
    CHECK(consecutive);
    std::string got;
    for (const auto& s : shifted) got.append(got.empty() ? "" : ", ").append(s);
    CHECK(got == join(row.shifted));
  }
}

// Rule 2: a cadence trigger keeps its real-time rhythm through every transition, so consecutive
// fires of `*/15` are always exactly 15 minutes apart (the 30-minute Lord Howe shift included).
TEST_CASE("DST rules: cadence */15 keeps a 15-minute rhythm for two years") {
  for (const char* name : {"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago"}) {
    CAPTURE(name);
    const CronTrigger trigger = crontab_trigger("*/15 * * * *", name);
    const Instant from = at("2026-01-01T00:00:00Z");
    const Instant until = at("2028-01-01T00:00:00Z");
    long count = 0, off_rhythm = 0;
    std::optional<Instant> prev;
    for (auto fire = trigger.next_fire_time(std::nullopt, from); fire && *fire < until;
         fire = trigger.next_fire_time(fire, *fire)) {
      if (prev && *fire <= *prev) {  // stop here rather than loop on a repeated fire
        ++off_rhythm;
        break;
      }
      if (prev && *fire - *prev != std::chrono::minutes{15}) ++off_rhythm;
      prev = fire;
      ++count;
    }
    CHECK(off_rhythm == 0);
    CHECK(count == 730L * 24 * 4);  // 2026 and 2027, 96 per UTC day
  }
}

TEST_CASE("dst_note explains a gap fire and a repeated fire") {
  const CronTrigger wall_clock = crontab_trigger("30 2 * * *", "America/New_York");
  const CronTrigger repeated = crontab_trigger("30 1 * * *", "America/New_York");
  const CronTrigger cadence = crontab_trigger("*/30 * * * *", "America/New_York");
  const CronTrigger lord_howe = crontab_trigger("15 2 * * *", "Australia/Lord_Howe");

  SUBCASE("a fire moved to the end of a gap names the missing reading") {
    const std::string note = wall_clock.dst_note(at("2026-03-08T03:00:00-04:00"));
    CHECK(note.find("02:30") == 0);
    CHECK(note.find("does not exist (DST gap): fires at the end of the gap") != std::string::npos);
    CHECK(lord_howe.dst_note(at("2026-10-04T02:30:00+11:00")).find("02:15") == 0);
  }
  SUBCASE("a repeated reading fired once says first occurrence only") {
    const std::string note = repeated.dst_note(at("2026-11-01T01:30:00-04:00"));
    CHECK(note.find("01:30") == 0);
    CHECK(note.find("occurs twice (DST overlap): fires at the first occurrence only") != std::string::npos);
  }
  SUBCASE("a cadence trigger's two passes are told apart") {
    CHECK(cadence.dst_note(at("2026-11-01T01:30:00-04:00")).find("occurs twice (DST overlap): first occurrence") !=
          std::string::npos);
    CHECK(cadence.dst_note(at("2026-11-01T01:30:00-05:00")).find("occurs twice (DST overlap): second occurrence") !=
          std::string::npos);
  }
  SUBCASE("no note where no rule was involved") {
    CHECK(wall_clock.dst_note(at("2026-03-09T02:30:00-04:00")) == "");
    CHECK(repeated.dst_note(at("2026-11-02T01:30:00-05:00")) == "");
    // A cadence fire right after the gap is a real reading, not a moved one.
    CHECK(cadence.dst_note(at("2026-03-08T03:00:00-04:00")) == "");
  }
}

// The header documents the exact text: "02:30 does not exist (DST gap): fires at the end of the gap"
// and "01:30 occurs twice (DST overlap): fires at the first occurrence only".
TEST_CASE("dst_note wording matches the header exactly") {
  const CronTrigger wall_clock = crontab_trigger("30 2 * * *", "America/New_York");
  const CronTrigger repeated = crontab_trigger("30 1 * * *", "America/New_York");
  CHECK(wall_clock.dst_note(at("2026-03-08T03:00:00-04:00")) ==
        "02:30 does not exist (DST gap): fires at the end of the gap");
  CHECK(repeated.dst_note(at("2026-11-01T01:30:00-04:00")) ==
        "01:30 occurs twice (DST overlap): fires at the first occurrence only");
}

TEST_CASE("cron start_date and end_date are inclusive") {
  const Instant now = at("2026-03-01T00:00:00-05:00");
  struct WindowCase {
    const char* what;
    const char* start;  // nullptr: none
    const char* end;
    const char* now;
    const char* expected;
  };
  const WindowCase rows[] = {
      {"start equal to the gap fire keeps it; end equal to a fire keeps it", "2026-03-08T03:00:00-04:00",
       "2026-03-10T02:30:00-04:00", nullptr,
       "2026-03-08T03:00:00-04:00, 2026-03-09T02:30:00-04:00, 2026-03-10T02:30:00-04:00"},
      {"start one second after a fire drops it", "2026-03-08T03:00:01-04:00", "2026-03-10T02:30:00-04:00", nullptr,
       "2026-03-09T02:30:00-04:00, 2026-03-10T02:30:00-04:00"},
      {"end one microsecond before a fire drops it", "2026-03-08T03:00:00-04:00", "2026-03-10T02:29:59.999999-04:00",
       nullptr, "2026-03-08T03:00:00-04:00, 2026-03-09T02:30:00-04:00"},
      {"now after start_date wins", "2026-03-08T03:00:00-04:00", nullptr, "2026-03-09T12:00:00-04:00",
       "2026-03-10T02:30:00-04:00, 2026-03-11T02:30:00-04:00, 2026-03-12T02:30:00-04:00"},
      {"end before the first fire: nothing", nullptr, "2026-03-01T02:29:59-05:00", nullptr, ""},
  };
  for (const WindowCase& row : rows) {
    SUBCASE(row.what) {
      TriggerWindow window;
      if (row.start) window.start_date = at(row.start);
      if (row.end) window.end_date = at(row.end);
      const CronTrigger trigger = crontab_trigger("30 2 * * *", "America/New_York", window);
      CHECK(show(fire_times(trigger, row.now ? at(row.now) : now, 3), trigger.zone()) == std::string(row.expected));
    }
  }
}

}  // namespace
}  // namespace schedtool
