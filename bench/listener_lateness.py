#!/usr/bin/env python3
"""Fire lateness with and without a slow listener (issue 14): listeners must never delay a job.

R interval jobs of 1 s staggered by 1/R s (R fires per second, each `true`, subprocess executor),
`schedtool run --for S --log-format json`, once without listeners and once with a listener on
"all" events whose command sleeps (so nearly every event is dropped by the bounded queue).
Lateness = a run_started event's time minus its scheduled_at. Prints p50 / p99 / max per case and
the listener's drop count (from the shutdown notice).

  bench/listener_lateness.py [--schedtool build/schedtool] [--rate 1000] [--seconds 5]
"""
import argparse
import json
import os
import re
import subprocess
import tempfile
from datetime import datetime


def jobs_file(rate, listener):
    lines = ['[executors.default]\ntype = "subprocess"\nmax_workers = 200\n']
    if listener:
        lines.append('[[listeners]]\nevents = "all"\ncommand = ["sleep", "0.2"]\ntimeout = "1s"\n')
    for i in range(rate):
        lines.append(f'[[jobs]]\nid = "j{i}"\ntrigger = "interval"\nseconds = 1\n'
                     f'start_date = "2030-01-01T00:00:{i / rate:09.6f}Z"\nmisfire_grace_time = "none"\n'
                     'command = ["true"]\n')
    # Interval series anchored at start_date run back to now: shift the anchor into the past instead.
    return "\n".join(lines).replace("2030-01-01", "2020-01-01")


def epoch(text):
    return datetime.fromisoformat(text).timestamp()


def measure(schedtool, rate, seconds, listener):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "jobs.toml")
        with open(path, "w") as f:
            f.write(jobs_file(rate, listener))
        p = subprocess.run([schedtool, "run", path, "--for", f"{seconds}s", "--log-format", "json",
                            "--no-control"], capture_output=True, text=True, env=dict(os.environ, TZ="UTC"))
    late, dropped = [], 0
    for line in p.stderr.splitlines():
        if not line.startswith("{"):
            continue
        e = json.loads(line)
        if e.get("event") == "run_started":
            late.append(epoch(e["time"]) - epoch(e["scheduled_at"]))
        m = re.search(r"Listeners: (\d+) event\(s\) dropped", e.get("message", ""))
        if m:
            dropped = int(m.group(1))
    return late, dropped, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schedtool", default="build/schedtool")
    ap.add_argument("--rate", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=5)
    args = ap.parse_args()
    for listener in (False, True):
        late, dropped, code = measure(args.schedtool, args.rate, args.seconds, listener)
        late.sort()
        q = lambda f: late[min(len(late) - 1, int(f * len(late)))] * 1000 if late else float("nan")  # noqa: E731
        print(f"{'slow listener' if listener else 'no listener  '}: {len(late)} runs, lateness p50 {q(0.5):.2f} ms, "
              f"p99 {q(0.99):.2f} ms, max {q(1.0):.2f} ms; dropped {dropped}; exit {code}")


if __name__ == "__main__":
    main()
