#pragma once
// A cron expression in a zone, with schedtool's DST rules. APScheduler gets these wrong (it skips a
// day after spring-forward, fires a missing 02:30 at 03:30); ours, in order:
//
//  1. No calendar day is ever skipped.
//  2. Cadence trigger — the hour set is all of 0-23 (`*`, `*/1`, `0-23`, or an APScheduler hour
//     defaulted to `*`): it keeps its real-time rhythm. It fires at every instant whose local
//     reading matches: a reading in a gap never happens, a repeated reading fires twice.
//     `*/15 * * * *` fires every 15 real minutes through both transitions; `36 * * * *` on New
//     York's 2026-03-08 fires at 01:36 EST and then 03:36 EDT.
//  3. Wall-clock trigger — every other: each matching reading fires exactly once. One in a gap
//     fires at the first instant after the gap (2026-03-08 02:30 New York → 03:00 EDT; several
//     readings in one gap collapse into that one fire); a repeated one fires at its first
//     occurrence only (2026-11-01 01:30 → 01:30 EDT).
//  4. Fire times strictly increase; no instant fires twice.
#include <optional>
#include <string>

#include "cron/cron_expr.h"
#include "trigger/trigger.h"

namespace schedtool {

class CronTrigger final : public Trigger {
 public:
  // `description` is the body of str(trigger), e.g. "hour='9', minute='30'" or "minute='*/5'".
  CronTrigger(CronExpr expr, ZonePtr zone, TriggerWindow window, std::string description);

  std::optional<Instant> next_fire_time(std::optional<Instant> previous, Instant now) const override;
  std::optional<Instant> first_at_or_after(Instant t) const override { return next_fire_time(std::nullopt, t); }
  std::string describe() const override;
  const Zone& zone() const override { return *zone_; }

  // The first fire time at or after `from` by the rules above, ignoring start/end dates.
  std::optional<Instant> fire_at_or_after(Instant from) const;
  // Why a DST rule shaped this fire time, for `schedtool next`; "" when no rule was involved:
  //   "02:30 does not exist (DST gap): fires at the end of the gap"
  //   "01:30 occurs twice (DST overlap): fires at the first occurrence only"
  std::string dst_note(Instant fire) const;
  bool is_cadence() const { return expr_.every_hour(); }
  const CronExpr& expr() const { return expr_; }

 private:
  CronExpr expr_;
  ZonePtr zone_;
  TriggerWindow window_;
  std::string description_;
};

}  // namespace schedtool
