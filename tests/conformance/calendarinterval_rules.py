#!/usr/bin/env python3
"""schedtool's calendarinterval rules, as an independent reference (standard library only).

calendarinterval.jsonl holds what APScheduler 3.11.2 computes. Issue #5 orders two changes:
  * fire k is computed from start_date: start + k*(years, months) (a missing day is skipped, or
    clamped with month_end = "clamp"), plus k*(7*weeks + days) days — no drift from the previous fire;
  * a time of day in a DST gap fires at the end of the gap (APScheduler skips the day); a repeated
    time fires at its first occurrence.
`python3 calendarinterval_rules.py` rewrites the expectations of the cases these change into
calendarinterval_schedtool.jsonl (the other cases are copied as they are), marking each in `note`.
"""
import calendar
import json
import os
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
CHANGED = ("drifts", "non-existent time skipped")


def fire_date(spec, k):
    start = date.fromisoformat(spec["start_date"])
    months = start.month - 1 + k * (12 * spec.get("years", 0) + spec.get("months", 0))
    year, month = start.year + months // 12, months % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last and spec.get("month_end", "skip") == "skip":
        return None
    day = date(year, month, min(start.day, last))
    return day + timedelta(days=k * (7 * spec.get("weeks", 0) + spec.get("days", 0)))


def resolve(naive, tz):
    """Gap → the first instant after it; repeated → the first occurrence."""
    first = naive.replace(tzinfo=tz, fold=0)
    if first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) == naive:
        return first.astimezone(timezone.utc)
    # In a gap: fold=0 reads it with the offset before the transition, which lands after it.
    # Search back, by the second, for the first instant with the new offset.
    hi = first.astimezone(timezone.utc)
    lo = hi - timedelta(hours=26)
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).utcoffset() == hi.astimezone(tz).utcoffset():
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0)


def expect(case):
    spec, tz = case["spec"], ZoneInfo(case["tz"])
    start = datetime.fromisoformat(case["start"])
    end = date.fromisoformat(spec["end_date"]) if "end_date" in spec else None
    at = time(spec.get("hour", 0), spec.get("minute", 0), spec.get("second", 0))
    fires, k = [], 0
    while len(fires) < case["count"] and k < 100000:
        day = fire_date(spec, k)
        k += 1
        if day is None:
            continue
        if end and day > end:
            break
        t = resolve(datetime.combine(day, at), tz)
        if t >= start:
            fires.append(t.astimezone(tz).isoformat())
    return fires


def main():
    out = []
    with open(os.path.join(HERE, "calendarinterval.jsonl")) as f:
        for line in f:
            case = json.loads(line)
            if any(c in case.get("note", "") for c in CHANGED):
                case["expect"] = expect(case)
                case["note"] += "; schedtool: computed from start_date, a time in a DST gap fires at its end (issue #5)"
            out.append(json.dumps(case, separators=(",", ":")))
    with open(os.path.join(HERE, "calendarinterval_schedtool.jsonl"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
