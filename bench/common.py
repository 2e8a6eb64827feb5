"""Helpers shared by bench/run's sections: progress, formatting, whole-process measurement, the summary.

Every section returns summary rows (see `Row`); bench/run prints them as the last table, one figure per
line with its peer measured in the same run and the #8 target it is held to.
"""
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"  # Debian's: it sees python3-apscheduler, python3-croniter, python3-tz


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def nan(x):
    return x is None or (isinstance(x, float) and math.isnan(x))


def num(x, digits=2, unit=""):
    """A figure for a table: n/a for a missing value, thousands separators otherwise."""
    return "n/a" if nan(x) else f"{x:,.{digits}f}{unit}"


def times(a, b):
    """'12.3×': how many times a is b; n/a when either is missing or b is 0."""
    if nan(a) or nan(b):
        return "n/a"
    if b == 0:
        return "both 0" if a == 0 else "∞"
    r = a / b
    return f"{r:,.0f}×" if r >= 100 else f"{r:,.1f}×" if r >= 10 else f"{r:,.2f}×"


TIME = "/usr/bin/time"  # GNU time (Debian's `time`), for peak RSS


def measure(argv, env=None, stdout_path=os.devnull):
    """Runs argv once as a whole process: wall seconds, CPU seconds, exit status (posix_spawn + wait4).

    Wall time is spawn to reap. wait4's ru_maxrss is *not* used as the peak RSS: Linux carries the
    high-water mark of the address space a process exec'd from into its ru_maxrss, and a child that
    Python spawns (vfork or fork) exec's from the driver's ~30 MB image. See peak_rss_mb.
    """
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    t = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env if env is not None else os.environ, file_actions=actions)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "exit": os.waitstatus_to_exitcode(status),
            "maxrss_mb": ru.ru_maxrss / 1024}


def peak_rss_mb(argv, stdout_path=os.devnull):
    """Peak RSS of one run of argv, in MB (MiB): GNU time's %M. time fork()s from its own small image,
    so the figure is the command's own high-water mark (+ at most time's ~2 MB). Without /usr/bin/time,
    wait4's ru_maxrss, which is at least the driver's RSS (see measure)."""
    if not os.access(TIME, os.X_OK):
        return measure(argv, stdout_path=stdout_path)["maxrss_mb"]
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
        r = measure([TIME, "-f", "%M", "-o", f.name, *argv], stdout_path=stdout_path)
        text = f.read().split()
    return int(text[-1]) / 1024 if r["exit"] == 0 and text else float("nan")


def median(values):
    s = sorted(values)
    n = len(s)
    return float("nan") if not n else s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


@dataclass
class Row:
    """One line of the summary table."""
    figure: str
    ours: str
    peer: str        # "APScheduler 3.9.1: 1,234 ms"
    advantage: str   # how many times better schedtool is than the peer ("n/a" if no peer)
    target: str      # the #8 target, or "—"
    status: str      # "met", "**missed** (…)", or "—"


def status(met: Optional[bool], miss_note=""):
    if met is None:
        return "—"
    return "met" if met else f"**missed**{' (' + miss_note + ')' if miss_note else ''}"


def print_summary(rows):
    print("## Summary: every figure against its peer and the #8 target\n")
    print("Advantage = how many times better schedtool is than the peer measured in the same run "
          "(peer ÷ schedtool for costs, schedtool ÷ peer for rates); below 1× the peer is better.\n")
    print("| figure | schedtool | peer (same run) | advantage | #8 target | status |")
    print("|---|---:|---|---:|---|---|")
    for r in rows:
        print(f"| {r.figure} | {r.ours} | {r.peer} | {r.advantage} | {r.target} | {r.status} |")
    print()
