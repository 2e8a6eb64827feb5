#!/usr/bin/env python3
"""Whole-process wall time of `schedtool next` with a schedule in words (an `every` phrase or a
systemd OnCalendar expression) against the same schedule written as a crontab string (issue #22's
figure: either costs at most 1.1× its crontab).

    bench/words.py [--build build] [--runs 300]

Runs each command interleaved (A B A B …) so a change of machine load hits both alike, and prints
a Markdown table with means, medians and the ratio of medians.
"""
import argparse
import os
import statistics
import subprocess
import time

PAIRS = [
    ("15 minutes", ["--every", "15 minutes"], ["*/15 * * * *"]),
    ("weekday at 09:30", ["--every", "weekday at 09:30"], ["30 9 * * 1-5"]),
    ("15 minutes from 06:00 to 08:00", ["--every", "15 minutes from 06:00 to 08:00"], ["0,15,30,45 6-7 * * *"]),
    ("calendar Mon..Fri *-*-* 09:30", ["--calendar", "Mon..Fri *-*-* 09:30"], ["30 9 * * 1-5"]),
    ("calendar *:0/15", ["--calendar", "*:0/15"], ["*/15 * * * *"]),
    ("calendar Mon *-05~07/1 18:00", ["--calendar", "Mon *-05~07/1 18:00"], ["0 18 * 5 1L"]),
]
COMMON = ["next", "--tz", "Europe/Berlin", "--from", "2026-03-27T00:00:00", "-n", "5"]


def once(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=300)
    args = ap.parse_args()
    tool = os.path.join(args.build, "schedtool")
    print("| schedule | words median ms | crontab median ms | words mean ms | crontab mean ms | median ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, phrase, crontab in PAIRS:
        a, b = [tool, *COMMON, *phrase], [tool, *COMMON, *crontab]
        for argv in (a, b):
            once(argv)  # warm the page cache
        pa, pb = [], []
        for _ in range(args.runs):
            pa.append(once(a))
            pb.append(once(b))
        ma, mb = statistics.median(pa), statistics.median(pb)
        print(f"| `{label}` | {ma:.3f} | {mb:.3f} | {statistics.fmean(pa):.3f} | {statistics.fmean(pb):.3f} | "
              f"{ma / mb:.3f}× |")


if __name__ == "__main__":
    main()
