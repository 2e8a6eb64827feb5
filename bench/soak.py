#!/usr/bin/python3
"""Soak: schedtool run at R runs per second for a long time; file descriptors, threads and RSS must
stay flat (issue #9). Not a test — timed, long, and read by a person.

  bench/soak.py [--schedtool PATH] [--seconds 600] [--rate 100] [--every 60]

R interval jobs of 1 s, start dates spread over the second (R runs/s), half on the subprocess
executor, half on the threadpool; each job runs `sh -c 'echo out; echo err >&2'` (so output pipes
are exercised too), with the SQLite job store on (history, one transaction per run). Samples
/proc/PID: open fds (ls fd), threads (status Threads), VmRSS, VmHWM, and the runs completed so far
(from the JSON log). Prints a Markdown table of the samples and the start/end deltas.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def jobs_file(path, rate, state):
    t0 = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=2)
    with open(path, "w") as f:
        f.write(f'[jobstores.default]\ntype = "sqlite"\npath = "{state}"\nhistory_limit = 20\n\n')
        f.write(f'[executors.default]\ntype = "threadpool"\nmax_workers = {rate}\n\n')
        f.write(f'[executors.spawn]\ntype = "subprocess"\nmax_workers = {rate}\n\n')
        for i in range(rate):
            start = (t0 + timedelta(microseconds=i * 1_000_000 // rate)).isoformat()
            f.write(f'[[jobs]]\nid = "soak{i}"\ntrigger = "interval"\nseconds = 1\nstart_date = "{start}"\n'
                    f'executor = "{"spawn" if i % 2 else "default"}"\ncoalesce = false\n'
                    f'misfire_grace_time = "none"\ncommand = ["sh", "-c", "echo out; echo err >&2"]\n\n')


def sample(pid):
    with open(f"/proc/{pid}/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    return {
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "threads": int(status["Threads"]),
        "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
        "hwm_mb": int(status["VmHWM"].split()[0]) / 1024,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schedtool", default=os.path.join(ROOT, "build-bench", "schedtool"))
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--rate", type=int, default=100)
    ap.add_argument("--every", type=float, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "soak.toml")
        jobs_file(path, args.rate, os.path.join(tmp, "state.db"))
        p = subprocess.Popen([args.schedtool, "run", path, "--log-format", "json", "-q", "--no-control",
                              "--for", f"{args.seconds + 15}s"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        done = {"runs": 0, "failed": 0, "output": 0}

        def count_log():
            for line in p.stderr:
                event = json.loads(line).get("event")
                done["failed"] += event == "run_failed"

        def count_out():
            for _ in p.stdout:
                done["output"] += 1

        for target in (count_log, count_out):
            threading.Thread(target=target, daemon=True).start()
        time.sleep(3)  # past the start dates
        t0 = time.monotonic()
        rows = []
        while True:
            elapsed = time.monotonic() - t0
            rows.append({"t": elapsed, **sample(p.pid), "lines": done["output"]})
            print(f"soak: {rows[-1]}", file=sys.stderr)
            if elapsed >= args.seconds:
                break
            time.sleep(min(args.every, args.seconds - elapsed))
        code = p.wait(60)
    first, last = rows[0], rows[-1]
    print(f"# Soak: {args.rate} runs/s for {args.seconds:.0f} s (exit {code}, {done['failed']} failed runs)\n")
    print("| t (s) | fds | threads | RSS MB | peak RSS MB | output lines so far |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['t']:.0f} | {r['fds']} | {r['threads']} | {r['rss_mb']:.1f} | {r['hwm_mb']:.1f} | {r['lines']:,} |")
    lines_per_s = (last["lines"] - first["lines"]) / max(1, last["t"] - first["t"])
    print(f"\nStart → end: fds {first['fds']} → {last['fds']}, threads {first['threads']} → {last['threads']}, "
          f"RSS {first['rss_mb']:.1f} → {last['rss_mb']:.1f} MB; {lines_per_s:.0f} output lines/s "
          f"(2 per run: {lines_per_s / 2:.0f} runs/s).")


if __name__ == "__main__":
    main()
