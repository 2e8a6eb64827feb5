#!/usr/bin/env python3
"""Differential test of `calendar = "..."` (systemd OnCalendar expressions) against
`systemd-analyze calendar` (Debian's systemd 252), issue #22.

    systemd_calendar.py --generate            # needs systemd-analyze; writes the vectors
    systemd_calendar.py --tool build/schedtool  # compares schedtool with the checked-in vectors (CI)

Each vector is one expression in one zone (TZ=… for systemd-analyze, --tz for schedtool) from one
base time: systemd's next ITERATIONS fire times, strictly after the base (schedtool's --from is
inclusive, so it starts one second later). The generator also records the zone's DST transitions
within the series' span.

A vector agrees when both series are equal. An expression listed in SYSTEMD_BUGS, where systemd
252 drops fires it should give (or gives up: "Infinite loop in calendar calculation"), is a
documented difference only when schedtool's series equals an independent model of the expression
(local wall times, each converted with zoneinfo). Otherwise it is a documented difference when every
fire in one series and not the other (up to the earlier of the two last fires) lies within 26 hours
of one of the vector's DST transitions: systemd skips a day whose time falls in a spring-forward
gap, and schedtool follows its written DST rules (README, "DST rules": no day is skipped, a time
in a gap fires at the end of the gap). Any other difference fails.
"""
import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "systemd_calendar.jsonl")
ITERATIONS = 8
NEAR_TRANSITION = dt.timedelta(hours=26)

EXPRESSIONS = [
    "Mon..Fri *-*-* 09:00:00", "Mon-Fri 9:30", "Sat,Sun 10:00", "mon,wed..fri 1:2:3", "Monday 1:00",
    "*-*-* 02:30", "*-*-* 01:30", "*-*-* 02:00:00", "*-*-* 03:00", "*:0/15", "*:30", "*:00/59",
    "*-*-* *:*:0/20", "0/20:00", "8..18/2:00", "9,17:00", "*-*-01 04:00", "*-*-1,15 2:00",
    "*-*-1..7/2 12:00", "*-*-31", "*-02-29", "*-02~03", "*-*~1", "*-*~1..6/2", "*-*~5/2",
    "Mon *-05~07/1", "Fri *-*-13 13:00", "Sun *-*~07/1 02:30", "2027/2-1-1", "27-6-15 12:00",
    "2026..2028-03-29 02:30", "minutely", "hourly", "daily", "weekly", "monthly", "yearly",
    "annually", "quarterly", "semiannually", "*-*-* 02:30 Europe/Berlin", "daily UTC",
    "Mon..Fri 09:00 America/New_York", "*-1/3-1 0:0", "Sat..Sun *-*-1..7 03:15",
]
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"]
BASES = [  # UTC; each zone's transitions fall in the following days or weeks of one of them
    "2026-01-01 00:00:00", "2026-03-06 12:00:00", "2026-03-27 12:00:00", "2026-04-03 12:00:00",
    "2026-10-02 12:00:00", "2026-10-30 12:00:00",
]
# Expressions systemd 252 gets wrong, with the model of what they mean: each day's local times.
SYSTEMD_BUGS = {
    "0/20:00": ("systemd 252 drops the 00:00 after some 20:00 fires of a repetition that overflows the day "
                "(and loops on others)", [(0, 0), (20, 0)]),
}
FIRE = re.compile(r"^\s*(?:Next elapse|Iter\. #\d+|\(in UTC\)):\s+\w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (\S+)$")


def systemd_series(expression, zone, base):
    out = subprocess.run(["systemd-analyze", "calendar", f"--base-time={base} UTC", f"--iterations={ITERATIONS}",
                          expression], env=dict(os.environ, TZ=zone), capture_output=True, text=True)
    if out.returncode != 0:  # systemd 252 gives up on some series ("Infinite loop in calendar calculation")
        return None, out.stderr.strip().splitlines()[0]
    fires = []
    for line in out.stdout.splitlines():
        m = FIRE.match(line)
        if not m:
            continue
        if line.strip().startswith("(in UTC)"):
            fires[-1] = m.group(1)  # the UTC reading of the fire just listed
        else:
            fires.append(m.group(1) if m.group(2) == "UTC" else None)
    return [dt.datetime.fromisoformat(f).replace(tzinfo=dt.timezone.utc).isoformat() for f in fires], None


def transitions(zone_name, first, last):
    """UTC instants (to the hour before each) at which the zone's offset changes in [first, last]."""
    zone, found, t = ZoneInfo(zone_name), [], first.replace(minute=0, second=0)
    while t < last:
        if t.astimezone(zone).utcoffset() != (t + dt.timedelta(hours=1)).astimezone(zone).utcoffset():
            found.append(t.isoformat())
        t += dt.timedelta(hours=1)
    return found


def line_zone(expression, zone):
    last = expression.split()[-1]
    return last if last[0].isalpha() and ("/" in last or last == "UTC") else zone


def generate():
    with open(VECTORS, "w") as f:
        for expression in EXPRESSIONS:
            for zone in ZONES:
                for base in BASES:
                    fires, error = systemd_series(expression, zone, base)
                    vector = {"expression": expression, "zone": zone, "base": base}
                    if error:
                        f.write(json.dumps({**vector, "systemd_error": error}) + "\n")
                        continue
                    start = dt.datetime.fromisoformat(base).replace(tzinfo=dt.timezone.utc)
                    end = dt.datetime.fromisoformat(fires[-1]) if fires else start
                    near = transitions(line_zone(expression, zone), start - NEAR_TRANSITION, end + NEAR_TRANSITION)
                    f.write(json.dumps({**vector, "fires": fires, "transitions": near}) + "\n")
    print(f"wrote {VECTORS}")


def ours(tool, v):
    start = dt.datetime.fromisoformat(v["base"]).replace(tzinfo=dt.timezone.utc) + dt.timedelta(seconds=1)
    out = subprocess.run([tool, "next", "--calendar", v["expression"], "--tz", v["zone"], "--from", start.isoformat(),
                          "-n", str(ITERATIONS), "--json"], capture_output=True, text=True, check=True)
    return [dt.datetime.fromisoformat(f["time"]).astimezone(dt.timezone.utc).isoformat() for f in json.loads(out.stdout)]


def explained_by_dst(v, mine):
    theirs = v["fires"]
    if not mine or not theirs:
        return False
    horizon = min(mine[-1], theirs[-1], key=dt.datetime.fromisoformat)
    cut = dt.datetime.fromisoformat(horizon)
    different = [dt.datetime.fromisoformat(t) for t in set(mine) ^ set(theirs) if dt.datetime.fromisoformat(t) <= cut]
    near = [dt.datetime.fromisoformat(t) for t in v["transitions"]]
    return all(any(abs(t - n) <= NEAR_TRANSITION for n in near) for t in different)


def daily_model(times, zone_name, base, count):
    """The first `count` instants after `base` whose local reading in the zone is one of `times`
    (none of which falls in a DST gap or overlap of the zones tested)."""
    zone = ZoneInfo(zone_name)
    start = dt.datetime.fromisoformat(base).replace(tzinfo=dt.timezone.utc)
    day, fires = start.astimezone(zone).date() - dt.timedelta(days=1), []
    while len(fires) < count:
        for hour, minute in times:
            t = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(dt.timezone.utc)
            if t > start:
                fires.append(t.isoformat())
        day += dt.timedelta(days=1)
    return fires[:count]


def check(tool, show):
    agree, documented, failed, bugs = 0, [], [], []
    with open(VECTORS) as f:
        vectors = [json.loads(line) for line in f]
    for v in vectors:
        mine = ours(tool, v)
        if mine == v.get("fires"):
            agree += 1
        elif v["expression"] in SYSTEMD_BUGS:
            _, times = SYSTEMD_BUGS[v["expression"]]
            (bugs if mine == daily_model(times, v["zone"], v["base"], ITERATIONS) else failed).append((v, mine))
        elif "systemd_error" in v:
            failed.append((v, mine))
        elif mine == v["fires"]:
            agree += 1
        elif explained_by_dst(v, mine):
            documented.append((v, mine))
        else:
            failed.append((v, mine))
    for label, items in (("documented difference (DST)", documented[:show]), ("FAILED", failed[:show]),
                         ("documented difference (systemd 252 bug; ours = the model)", bugs[:show])):
        for v, mine in items:
            print(f"{label}: {v['expression']!r} TZ={v['zone']} after {v['base']} UTC\n"
                  f"  systemd:   {v.get('fires', v.get('systemd_error'))}\n  schedtool: {mine}")
    print(f"{len(vectors)} vectors: {agree} agree, {len(documented) + len(bugs)} documented difference "
          f"({len(documented)} DST, {len(bugs)} systemd bug), {len(failed)} failed")
    for expression, (reason, _) in SYSTEMD_BUGS.items():
        print(f"systemd bug, {expression!r}: {reason}")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generate", action="store_true")
    ap.add_argument("--tool")
    ap.add_argument("--show", type=int, default=5, help="print at most this many of each kind")
    args = ap.parse_args()
    if args.generate:
        generate()
        return 0
    if not args.tool:
        ap.error("give --generate or --tool PATH")
    return check(args.tool, args.show)


if __name__ == "__main__":
    sys.exit(main())
