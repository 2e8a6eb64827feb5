#pragma once
// `schedtool explain`: any schedule in plain English, with its next fire time and the DST note of
// the first fire in the coming year that a DST rule moves. Pure: `now` is a parameter; the text
// and the JSON (and later the web page) are built from one Explanation.
//   "at 02:30, Monday through Friday (Europe/Berlin)"
//   "every 15 minutes from 06:00 to 08:00 (UTC)"
//   "every 2 to 4 hours, at random (UTC)"
//   note: "2027-03-28 02:30 does not exist in Europe/Berlin: runs at 03:00"
#include <optional>
#include <string>
#include <vector>

#include "trigger/every_phrase.h"
#include "trigger/trigger.h"

namespace schedtool {

// The words of a trigger of any kind (cron from either grammar, interval, date, calendarinterval,
// random interval, and / or), without the zone.
std::string trigger_in_words(const Trigger& trigger);

// The words of an `every` phrase: "every weekday (Monday through Friday) at 09:00".
std::string phrase_in_words(const EveryPhrase& phrase);

// Why a DST rule moved (or kept once) this fire of a wall-clock trigger; "" when none did:
//   "2027-03-28 02:30 does not exist in Europe/Berlin: runs at 03:00"
//   "2026-10-25 02:30 happens twice in Europe/Berlin: runs once, at the first (CEST)"
std::string dst_note_in_words(const Trigger& trigger, Instant fire);

struct Explanation {
  std::string job;          // "" for a bare expression
  std::string description;  // without the zone
  std::string zone;
  std::optional<Instant> next;
  std::string next_text;    // "Sat 2026-03-28 06:00:00 CET", "" when none
  std::string next_rfc3339; // "2026-03-28T06:00:00+01:00", "" when none
  std::string note;         // the first DST note within a year of `now`, "" when none
};

// `words` overrides the trigger's own words (a phrase reads better as written).
Explanation explain(const Trigger& trigger, Instant now, std::string words = {}, std::string job = {});

// "at 02:30, Monday through Friday (Europe/Berlin)\n  next: …\n  note: …\n"
std::string explanation_text(const Explanation& e);
// [{"description", "zone", "next" (RFC 3339 or null), "note" (when there is one), "job" (with --file)}]
std::string explanations_json(const std::vector<Explanation>& list);

}  // namespace schedtool
