#!/usr/bin/env python3
"""Differential test of `every` phrases against Python's `schedule` library (Debian's
python3-schedule 1.1.0), issue #22.

    schedule_lib.py --generate            # needs /usr/bin/python3 with python3-schedule; writes the vectors
    schedule_lib.py --tool build/schedtool  # compares schedtool with the checked-in vectors (CI)

The library's clock is replaced by a fixed time (its module-level `datetime` is swapped for a class
whose now() returns our clock); each run happens one microsecond after its scheduled time, so the library's
"next = end of the last run + period" rule gives its series to the second. Everything runs in UTC (the
library's times are naive). Each phrase's series, from a common start, must equal schedtool's,
except the documented differences listed in DOCUMENTED (their reason is printed).
"""
import argparse
import datetime as real_datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "schedule_lib.jsonl")
STARTS = ["2026-03-27T08:17:23", "2026-01-01T00:00:00", "2026-10-31T23:59:59"]
COUNT = 6

# (our phrase, the library's builder as Python text on `s` = the schedule module)
PHRASES = [
    ("10 seconds", "s.every(10).seconds"),
    ("second", "s.every().second"),
    ("minute", "s.every().minute"),
    ("10 minutes", "s.every(10).minutes"),
    ("hour", "s.every().hour"),
    ("3 hours", "s.every(3).hours"),
    ("minute at :15", "s.every().minute.at(':15')"),
    ("hour at :30", "s.every().hour.at(':30')"),
    ("day", "s.every().day"),
    ("day at 10:30", "s.every().day.at('10:30')"),
    ("day at 23:59:30", "s.every().day.at('23:59:30')"),
    ("2 days at 06:00", "s.every(2).days.at('06:00')"),
    ("week", "s.every().week"),
    ("monday", "s.every().monday"),
    ("monday at 14:00", "s.every().monday.at('14:00')"),
    ("friday at 08:17:23", "s.every().friday.at('08:17:23')"),
    ("sunday at 00:00", "s.every().sunday.at('00:00')"),
    ("2 to 4 hours", "s.every(2).to(4).hours"),
]

# Phrases whose series differs on purpose, with the reason (README, "Coming from the schedule library").
DOCUMENTED = {
    "day": "the library's every().day without at() fires one day after the start time; ours at 00:00 (a calendar day)",
    "2 days at 06:00": "the library counts 2 days from the first 06:00 after now; ours from the start day at 06:00",
    "week": "the library fires one week after the start time; ours at 00:00 on the start weekday (a calendar week)",
    "monday": "the library's every().monday without at() fires at the start's time of day on Mondays; ours at 00:00",
    "2 to 4 hours": "a random interval: the draws differ; only the range [2 h, 4 h] is compared",
}


def library_series(builder, start):
    import schedule

    clock = [real_datetime.datetime.fromisoformat(start)]

    class FixedDatetime(real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return clock[0]

    schedule.datetime.datetime = FixedDatetime
    s = schedule.Scheduler()
    job = eval(builder, {"s": s}).do(lambda: None)
    out = []
    for _ in range(COUNT):
        out.append(job.next_run.isoformat(timespec="seconds"))
        # A real run starts a moment after its time (the library compares next_run <= now); the
        # microseconds this adds never reach the whole seconds recorded.
        clock[0] = job.next_run + real_datetime.timedelta(microseconds=1)
        job.run()
    return out


def generate():
    with open(VECTORS, "w") as f:
        for phrase, builder in PHRASES:
            for start in STARTS:
                row = {"phrase": phrase, "library": builder, "start": start, "fires": library_series(builder, start)}
                f.write(json.dumps(row) + "\n")
    print(f"wrote {VECTORS}")


def ours(tool, phrase, start):
    out = subprocess.run([tool, "next", "--every", phrase, "--tz", "UTC", "--from", start, "-n", str(COUNT), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return [t["time"].replace("+00:00", "") for t in json.loads(out)]


def within_range(fires, start):
    times = [real_datetime.datetime.fromisoformat(t) for t in [start] + fires]
    return all(2 * 3600 <= (b - a).total_seconds() <= 4 * 3600 for a, b in zip(times, times[1:]))


def check(tool):
    agree, documented, failed = 0, 0, 0
    with open(VECTORS) as f:
        rows = [json.loads(line) for line in f]
    for row in rows:
        got = ours(tool, row["phrase"], row["start"])
        if row["phrase"] == "2 to 4 hours":
            ok = within_range(got, row["start"]) and within_range(row["fires"], row["start"])
            documented += ok
            failed += not ok
            continue
        if got == row["fires"]:
            agree += 1
        elif row["phrase"] in DOCUMENTED:
            documented += 1
        else:
            failed += 1
            print(f"DIFF {row['phrase']!r} from {row['start']}:\n  library  {row['fires']}\n  schedtool {got}")
    for phrase, reason in DOCUMENTED.items():
        print(f"documented difference: {phrase!r}: {reason}")
    print(f"schedule library: {agree} agree, {documented} documented difference, {failed} failed")
    print(f"{agree + documented} passed, {failed} failed")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generate", action="store_true")
    ap.add_argument("--tool")
    args = ap.parse_args()
    if args.generate:
        generate()
        return 0
    return check(args.tool)


if __name__ == "__main__":
    sys.exit(main())
