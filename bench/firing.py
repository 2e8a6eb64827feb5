"""Sections `lateness` and `spawn` of bench/run (see bench/README.md).

lateness: fire lateness at 1000 fires per second (--lateness-rates) with the subprocess executor, against
          APScheduler 3 and the spawn floor: bench/scheduler/lateness.py's method and code, unchanged
          (R interval jobs of 1 s staggered by 1/R s, each running `stamp`, which records its own start).
spawn:    `true` runs completed per second through each executor (subprocess, threadpool): N interval
          jobs of 1 s staggered over the second (N fires/s offered), max_workers N, `schedtool run
          --for S --log-format json`; completed runs counted from the log (run_succeeded/run_failed
          events whose time falls in the window). APScheduler 3 with the same file
          (aps_anchor.py throughput, ThreadPoolExecutor(N), subprocess.run(["true"])).
"""
import json
import math
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from types import SimpleNamespace

import jobsgen
from common import HERE, PYTHON, Row, log, num, status, times

sys.path.insert(0, os.path.join(HERE, "scheduler"))
import lateness  # noqa: E402

ANCHOR = os.path.join(HERE, "aps_anchor.py")
_floor = {}


def lateness_args(args):
    return SimpleNamespace(work=args.work, seconds=args.lateness_seconds, warmup=2, workers=args.workers,
                           build_dir=args.build_dir, no_build=True)


def spawn_floor(args, fresh=False):
    """The spawn floor and capacity (lateness.spawn_floor): measured once per bench/run, or again
    with `fresh` (each lateness repetition is held to its own run's floor)."""
    if not _floor or fresh:
        largs = lateness_args(args)
        schedtool, stamp = lateness.build(largs)
        log("spawn floor and capacity ...")
        _floor.update(lateness.spawn_floor(largs, stamp), stamp=stamp, schedtool=schedtool)
    return dict(_floor)


def section_lateness(args):
    """Each rate runs --lateness-repeats times (5), each run against the spawn floor measured just
    before it, so that one lucky run cannot stand for the figure: the summary gives the median and
    the worst p99, and the worst ratio to the same run's floor (#25: ≤ 3× in every run)."""
    largs = lateness_args(args)
    rates = [int(r) for r in args.lateness_rates.split(",")]
    repeats = max(1, args.lateness_repeats)
    runs = []  # per repetition: floor, and schedtool's result by rate
    for rep in range(repeats):
        floor = spawn_floor(args, fresh=rep > 0)
        results = {}
        for rate in rates:
            log(f"lateness {rep + 1}/{repeats}: schedtool subprocess, {rate}/s, {largs.seconds} s ...")
            results[rate] = lateness.run_schedtool_lateness(largs, floor["schedtool"], floor["stamp"], rate,
                                                            "subprocess")
        runs.append((floor, results))
    peers = {}
    for rate in rates:
        log(f"lateness: APScheduler, {rate}/s, {largs.seconds} s ...")
        peers[rate] = lateness.run_aps_lateness(largs, runs[0][0]["stamp"], rate)
    print("## Fire lateness\n")
    print("bench/scheduler/lateness.py's method: lateness = the child's `CLOCK_REALTIME` first thing in `main()` "
          f"− its scheduled time. R interval jobs of 1 s, start dates staggered by 1/R s, {largs.seconds} s per "
          f"run, the first {largs.warmup} s and the last 2 s dropped; coalesce off, misfire grace none, "
          f"max_instances 1, max_workers {largs.workers}. schedtool: subprocess executor, `-q`, {repeats} runs in a "
          "row, each after its own spawn floor (no scheduler: `os.posix_spawn(stamp)` right after reading the "
          "clock, 2 ms apart). APScheduler 3.9.1 (once): BlockingScheduler, ThreadPoolExecutor, "
          "`subprocess.run([stamp, …])`.\n")
    print("| fires/s | run | scheduler | expected | ran | missed | p50 ms | p99 ms | max ms | floor p99 ms | p99 ÷ floor |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for rate in rates:
        for i, (floor, results) in enumerate(runs):
            r = results[rate]
            print(f"| {rate} | {i + 1} | schedtool / subprocess | {r['expected']} | {r['seen']} | {r['missed']} | "
                  f"{num(r['p50'], 3)} | {num(r['p99'], 3)} | {num(r['max'], 3)} | {floor['p99']:.3f} | "
                  f"{r['p99'] / floor['p99']:.1f}× |")
        peer = peers[rate]
        print(f"| {rate} | — | APScheduler / ThreadPoolExecutor | {peer['expected']} | {peer['seen']} | "
              f"{peer['missed']} | {num(peer['p50'], 3)} | {num(peer['p99'], 3)} | {num(peer['max'], 3)} | | |")
        p99s = sorted(results[rate]["p99"] for _, results in runs)
        ratios = [results[rate]["p99"] / floor["p99"] for floor, results in runs]
        missed = sum(results[rate]["missed"] for _, results in runs)
        median_p99 = p99s[len(p99s) // 2]
        worst_ratio = max(ratios)
        ok = worst_ratio <= 3 and missed == 0
        miss = f"worst run {worst_ratio:.1f}× its floor" + (f"; {missed} runs missing" if missed else "")
        rows.append(Row(f"fire lateness p99 at {rate}/s, subprocess executor, median of {repeats} runs",
                        f"{median_p99:.2f} ms", f"APScheduler: {peer['p99']:.2f} ms", times(peer["p99"], median_p99),
                        "—", "—"))
        rows.append(Row(f"fire lateness p99 at {rate}/s, worst of {repeats} runs ÷ that run's spawn floor p99",
                        f"{max(p99s):.2f} ms, {worst_ratio:.1f}×", "—", "—", "≤ 3× in every run",
                        status(ok, miss)))
    for rate in rates:
        log(f"lateness: schedtool subprocess, {rate}/s, traced (SCHEDTOOL_TRACE_STAGES) ...")
        n, p50, slow, slow_p50, slow_min = stage_breakdown(largs, runs[0][0]["schedtool"], runs[0][0]["stamp"], rate)
        print(f"\nWhere the time goes at {rate}/s (one more run, with SCHEDTOOL_TRACE_STAGES: runtime/stage_trace.h): "
              f"{n} runs; the slowest 1 % were {slow_min:.3f} ms late or more (median {slow_p50:.3f} ms).\n")
        print("| stage | p50 ms, all runs | mean ms, slowest 1 % |")
        print("|---|---:|---:|")
        for name, a, b in zip(STAGES, p50, slow):
            print(f"| {name} | {a:.3f} | {b:.3f} |")
    floor = runs[0][0]
    print(f"\nSpawn capacity ({os.cpu_count()} processes spawning `stamp` back to back for 2 s, first run): "
          f"{floor['capacity']:,.0f} children/s — a rate above it must fall behind.\n")
    print("Target (#25): p99 ≤ 3× the same run's spawn floor p99, in every one of the runs.\n")
    rows.append(Row("spawn floor p99 (anchor, no scheduler), first run", f"{floor['p99']:.2f} ms", "—", "—", "—", "—"))
    return rows


STAGES = ("timer → loop awake", "loop awake → dispatched", "Spawner queue", "clone until exec",
          "exec → child's main()")


def stage_breakdown(largs, schedtool, stamp, rate):
    """One more run with SCHEDTOOL_TRACE_STAGES (not counted in the figures above): each run's
    lateness cut into the stages of runtime/stage_trace.h, joined with the child's own first
    instruction by job and scheduled time. Returns (runs, p50 per stage, mean per stage over the
    slowest 1 %, their lateness p50 and min), in ms."""
    trace = os.path.join(largs.work, f"stages-{rate}.trace")
    res = lateness.run_schedtool_lateness(largs, schedtool, stamp, rate, "subprocess", trace=trace)
    first = {(job, round(sched * 1e6)): start * 1e6 for job, sched, start in lateness.read_stamps(res["stamps"])}
    lo, hi = (res["t0"] + largs.warmup) * 1e6, (res["t0"] + largs.seconds - 2) * 1e6
    rows = []
    if not os.path.exists(trace):  # a schedtool from before SCHEDTOOL_TRACE_STAGES
        return 0, [], [], float("nan"), float("nan")
    with open(trace) as f:
        for line in f:
            job, *times_us = line.split()
            sched, woke, dispatched, called, execd, _watched = (int(x) for x in times_us)
            start = first.get((job, sched))
            if start is None or not lo <= sched < hi:
                continue
            cuts = [woke - sched, dispatched - woke, called - dispatched, execd - called, start - execd]
            rows.append(((start - sched) / 1e3, [c / 1e3 for c in cuts]))
    if not rows:
        return 0, [], [], float("nan"), float("nan")
    rows.sort(key=lambda r: r[0])
    slow = rows[min(len(rows) - 1, int(len(rows) * 0.99)):]
    p50 = [statistics.median(r[1][i] for r in rows) for i in range(len(STAGES))]
    slow_mean = [statistics.fmean(r[1][i] for r in slow) for i in range(len(STAGES))]
    return len(rows), p50, slow_mean, statistics.median(r[0] for r in slow), slow[0][0]


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime of the process itself (children excluded)
    except OSError:
        return None


def run_window(cmd, errpath, outpath, lo, hi, timeout):
    """Runs cmd; samples its own CPU ticks at lo and hi (epoch); returns (exit, ticks in the window)."""
    with open(errpath, "w") as err, open(outpath, "w") as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        ticks = []
        for at in (lo, hi):
            time.sleep(max(0.0, at - time.time()))
            ticks.append(cpu_ticks(p.pid))
        try:
            code = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            code = f"killed after {timeout} s"
            p.wait()
    used = ticks[1] - ticks[0] if None not in ticks else None
    return code, used


def count_schedtool(errpath, lo, hi):
    counts = {"completed_in_window": 0, "completed": 0, "skipped": 0, "missed": 0, "failed": 0}
    with open(errpath) as f:
        for line in f:
            if not line.startswith("{"):
                continue
            e = json.loads(line)
            kind = e.get("event")
            if kind in ("run_succeeded", "run_failed"):
                counts["completed"] += 1
                counts["failed"] += kind == "run_failed"
                counts["completed_in_window"] += lo <= datetime.fromisoformat(e["time"]).timestamp() < hi
            elif kind == "run_skipped":
                counts["skipped"] += 1
            elif kind == "run_missed":
                counts["missed"] += 1
    return counts


def section_spawn(args):
    """Each executor's figure is held to the spawn capacity measured right before and right after
    its own run (their mean): the machine's speed drifts from minute to minute, and a capacity taken
    once at the start made the same build read 63 % or 83 % (#25: ≥ 90 %)."""
    n, seconds = args.spawn_jobs, args.spawn_seconds
    schedtool = os.path.join(args.build_dir, "schedtool")
    tick = os.sysconf("SC_CLK_TCK")
    results = []
    for name in ("schedtool / subprocess", "schedtool / threadpool", f"APScheduler / ThreadPoolExecutor({n})"):
        ours = name.startswith("schedtool")
        capacity_before = lateness.spawn_capacity() if ours else None
        launch = time.time()
        t0 = math.floor(launch) + 1
        lo, hi = t0 + 2, t0 + seconds - 1  # skip start-up; stop before --for ends (launch + seconds)
        executor = "threadpool" if "threadpool" in name else "subprocess"
        path = os.path.join(args.work, f"spawn-{executor}-{len(results)}.toml")
        jobsgen.grid(path, n, t0, ["true"], executor if ours else "threadpool", n)
        errpath, outpath = path + ".stderr", path + ".stdout"
        log(f"spawn: {name}, {n} jobs of 1 s, {seconds} s ...")
        if ours:
            cmd = [schedtool, "run", path, "--for", f"{seconds}s", "--log-format", "json"]
            code, ticks = run_window(cmd, errpath, outpath, lo, hi, seconds + 60)
            counts = count_schedtool(errpath, lo, hi)
        else:
            cmd = [PYTHON, ANCHOR, "throughput", path, repr(launch + seconds), repr(lo), repr(hi)]
            code, ticks = run_window(cmd, errpath, outpath, lo, hi, seconds + 60)
            with open(outpath) as f:
                lines = [line for line in f if line.startswith("{")]
            counts = json.loads(lines[-1]) if lines else {"completed_in_window": 0, "completed": 0,
                                                          "skipped": 0, "missed": 0}
        capacity = (capacity_before + lateness.spawn_capacity()) / 2 if ours else None
        rate = counts["completed_in_window"] / (hi - lo)
        cpu_us = ticks / tick * 1e6 / counts["completed_in_window"] if ticks and counts["completed_in_window"] else None
        results.append((name, rate, counts, code, cpu_us, capacity))
    print("## Spawn throughput: `true` runs completed per second\n")
    print(f"{n} interval jobs of 1 s running `true` (argv, PATH search), start dates spread over the second: "
          f"{n} runs/s offered. max_workers {n}; coalesce off, misfire grace none, max_instances 1. "
          f"`schedtool run FILE --for {seconds}s --log-format json`; completed runs are the run_succeeded / "
          f"run_failed events whose time falls in [t0 + 2 s, t0 + {seconds - 1} s), t0 = the first whole second "
          "after launch. APScheduler 3.9.1: BlockingScheduler, ThreadPoolExecutor with as many threads, "
          "`subprocess.run([\"true\"])`, completions counted by an EVENT_JOB_EXECUTED listener over the same "
          "window. Scheduler CPU = the scheduler process's own utime + stime over the window (its children "
          "excluded) ÷ completed runs. Ratio: schedtool ÷ APScheduler. Capacity: "
          f"{os.cpu_count()} processes spawning `true` back to back for 2 s (each waits for its child), "
          "right before and right after each schedtool run; the mean of the two.\n")
    print("| scheduler / executor | runs/s completed | of offered | same-run capacity | of capacity | "
          "skipped (max_instances) | missed | scheduler CPU µs/run | × APScheduler |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    peer_rate = results[-1][1]
    notes = []
    for name, rate, counts, code, cpu_us, capacity in results:
        share = f"{rate / capacity * 100:.0f}%" if capacity else ""
        print(f"| {name} | {rate:,.0f} | {rate / n * 100:.0f}% | {num(capacity, 0) if capacity else ''} | {share} | "
              f"{counts['skipped']} | {counts['missed']} | {num(cpu_us, 0)} | "
              f"{times(rate, peer_rate) if name.startswith('schedtool') else ''} |")
        if code not in (0,):
            notes.append(f"{name} exited {code}")
        if counts.get("failed"):
            notes.append(f"{name}: {counts['failed']} runs failed")
    print()
    for note in notes:
        print(f"> note: {note}\n")
    rows = []
    for name, rate, counts, code, cpu_us, capacity in results[:2]:
        rows.append(Row(f"`true` runs/s through {name.split(' / ')[1]} ({n}/s offered)",
                        f"{rate:,.0f}/s = {rate / capacity * 100:.0f}% of {capacity:,.0f}/s",
                        f"APScheduler: {peer_rate:,.0f}/s", times(rate, peer_rate), "≥ 90% of capacity (#25)",
                        status(rate >= 0.9 * capacity, f"{rate / capacity * 100:.0f}%")))
    return rows
