"""Sections `scale` and `idle` of bench/run (see bench/README.md).

scale: `schedtool check FILE` and `schedtool jobs FILE` on generated files of 1k / 10k / 100k jobs
       (jobsgen.mixed): wall time and peak RSS of the whole process (posix_spawn + wait4), against
       APScheduler 3 on the same file (aps_anchor.py `triggers` ≈ check, `jobs` ≈ jobs).
idle:  `schedtool run FILE -q` with 100k jobs of which none is due for weeks (jobsgen.far), and
       APScheduler's BlockingScheduler with the same jobs: CPU and wake-ups per minute once start-up
       has settled (bench/scheduler/lateness.py's measure_idle), plus RSS and start-up cost.
"""
import os
import sys

import jobsgen
from common import HERE, PYTHON, Row, log, measure, median, num, peak_rss_mb, status, times

sys.path.insert(0, os.path.join(HERE, "scheduler"))
import lateness  # noqa: E402  (bench/scheduler/lateness.py: /proc sampling of an idle scheduler)

ANCHOR = os.path.join(HERE, "aps_anchor.py")
NOW = "2026-11-23T09:00:00Z"  # --now for check/jobs: reproducible next run times
CHECK_TARGET_S, CHECK_TARGET_MB = 1.0, 200.0


def repeat(argv, runs, stdout_path=os.devnull):
    """Median wall and CPU over `runs` runs, then the peak RSS of one more run under GNU time (the
    warm-up run, which also fills the page cache)."""
    rss = peak_rss_mb(argv, stdout_path=stdout_path)
    results = [measure(argv, stdout_path=stdout_path) for _ in range(runs)]
    bad = [r["exit"] for r in results if r["exit"] != 0]
    return {"wall_ms": median([r["wall_s"] for r in results]) * 1e3, "rss_mb": rss,
            "cpu_ms": median([r["cpu_s"] for r in results]) * 1e3, "runs": runs, "exit": bad[0] if bad else 0}


def section_scale(args):
    schedtool = os.path.join(args.build_dir, "schedtool")
    sizes = [int(s) for s in args.scale_sizes.split(",")]
    table, summary, notes = [], [], []
    for n in sizes:
        path = os.path.join(args.work, f"mixed-{n}.toml")
        jobsgen.mixed(path, n)
        size_mb = os.path.getsize(path) / 1e6
        ours_runs = max(1, args.scale_runs if n < 100_000 else args.scale_runs // 2)
        peer_runs = 1 if n >= 10_000 or args.quick else 3
        for command, peer_mode, peer_what in (("check", "triggers", "read + build triggers"),
                                              ("jobs", "jobs", "paused BackgroundScheduler, add_job, print_jobs")):
            log(f"scale: {command}, {n} jobs ...")
            ours = repeat([schedtool, command, path, "--now", NOW], ours_runs)
            log(f"scale: APScheduler {peer_mode}, {n} jobs ...")
            peer = repeat([PYTHON, ANCHOR, peer_mode, path], peer_runs)
            for who, r in (("schedtool " + command, ours), ("APScheduler " + peer_mode, peer)):
                if r["exit"]:
                    notes.append(f"{who} on {n} jobs exited {r['exit']}")
            table.append(f"| {n:,} ({size_mb:.1f} MB) | `schedtool {command}` | {num(ours['wall_ms'], 1)} | "
                         f"{num(ours['cpu_ms'], 1)} | {num(ours['rss_mb'], 1)} | {ours['runs']} | "
                         f"{peer_what} | {num(peer['wall_ms'], 0)} | {num(peer['rss_mb'], 1)} | {peer['runs']} | "
                         f"{times(peer['wall_ms'], ours['wall_ms'])} | {times(peer['rss_mb'], ours['rss_mb'])} |")
            if n == max(sizes):
                label = f"`schedtool {command}` of {n:,} jobs"
                wall_ok = ours["wall_ms"] <= CHECK_TARGET_S * 1e3 if command == "check" else None
                rss_ok = ours["rss_mb"] <= CHECK_TARGET_MB if command == "check" else None
                summary.append(Row(f"{label}: wall", f"{ours['wall_ms']:,.0f} ms",
                                   f"APScheduler {peer_mode}: {peer['wall_ms']:,.0f} ms",
                                   times(peer["wall_ms"], ours["wall_ms"]),
                                   "≤ 1 s" if command == "check" else "—",
                                   status(wall_ok, f"{ours['wall_ms'] / 1e3 - CHECK_TARGET_S:+.2f} s")))
                summary.append(Row(f"{label}: peak RSS", f"{ours['rss_mb']:,.0f} MB",
                                   f"APScheduler {peer_mode}: {peer['rss_mb']:,.0f} MB",
                                   times(peer["rss_mb"], ours["rss_mb"]),
                                   "≤ 200 MB" if command == "check" else "—",
                                   status(rss_ok, f"{ours['rss_mb'] - CHECK_TARGET_MB:+.0f} MB, "
                                                  f"{ours['rss_mb'] / CHECK_TARGET_MB:.2f}× the target")))
        if not args.keep:
            os.remove(path)
    print("## `check` and `jobs` on generated jobs files\n")
    print("Mixed jobs (jobsgen.mixed: 35% crontab strings, 25% cron fields, 25% interval, 15% date; five "
          f"zones; two executors), `--now {NOW}`, output to /dev/null. Whole process, spawn to reap; "
          "median wall (ms) and CPU (user + system, ms) over the runs; "
          "peak RSS of one more run under GNU `/usr/bin/time -f %M` (wait4's ru_maxrss would include the "
          "driver's own RSS, which the child exec'd from). APScheduler 3.9.1 (`/usr/bin/python3 bench/aps_anchor.py`) "
          "reads the same file with tomllib; ≈ check: builds every trigger (CronTrigger / from_crontab, "
          "IntervalTrigger, DateTrigger with pytz zones); ≈ jobs: also starts a BackgroundScheduler "
          "*paused* with a MemoryJobStore and `add_job`s every job (next run time computed, store kept "
          "ordered), then `print_jobs()`. Ratios: APScheduler ÷ schedtool.\n")
    print("| jobs (file) | command | wall ms | CPU ms | peak RSS MB | runs | APScheduler does | APScheduler wall ms "
          "| APScheduler peak RSS MB | runs | × wall | × RSS |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    print("\n".join(table))
    print(f"\nTargets (#8): check of 100k jobs ≤ 1 s and ≤ 200 MB peak RSS.\n")
    for note in notes:
        print(f"> note: {note}\n")
    return summary


IDLE_ROWS = [("CPU while idle, % of one CPU", "cpu_pct", lambda x: f"{x:.4f}"),
             ("CPU while idle, ms (schedstat)", "cpu_ns", lambda x: f"{x / 1e6:.3f}"),
             ("CPU while idle, clock ticks (utime+stime)", "cpu_ticks", str),
             ("wake-ups per minute (context switches, all threads)", "wakeups_per_min", lambda x: f"{x:.1f}"),
             ("RSS, MB", "rss_mb", lambda x: f"{x:.1f}"),
             ("peak RSS, MB", "hwm_mb", lambda x: f"{x:.1f}"),
             ("threads", "threads", str),
             ("start-up CPU, s", "startup_cpu_s", lambda x: f"{x:.2f}"),
             ("start-up wall (until CPU settled), s", "startup_wall_s", lambda x: f"{x:.2f}")]


def section_idle(args):
    schedtool = os.path.join(args.build_dir, "schedtool")
    n = args.idle_jobs
    path = os.path.join(args.work, f"far-{n}.toml")
    jobsgen.far(path, n)
    log(f"idle: schedtool run, {n} jobs, {args.idle_seconds} s ...")
    ours = lateness.measure_idle([schedtool, "run", path, "-q"], args.idle_seconds,
                                 stdout_path=os.path.join(args.work, "idle-schedtool.out"), settle_timeout=300)
    log(f"idle: APScheduler BlockingScheduler, {n} jobs, {args.idle_seconds} s ...")
    peer = lateness.measure_idle([PYTHON, ANCHOR, "idle", path], args.idle_seconds,
                                 stdout_path=os.path.join(args.work, "idle-aps.out"), settle_timeout=300)
    print(f"## Idle with {n:,} jobs loaded\n")
    print(f"jobsgen.far: {n:,} jobs, none due for weeks (cron `0 0 1 1 *` and its field form, date in 2099, "
          "interval of 52 weeks; five zones). `schedtool run FILE -q` (default executor: threadpool of 10) vs "
          "APScheduler 3.9.1 `BlockingScheduler` with the same jobs (`bench/aps_anchor.py idle`, "
          "ThreadPoolExecutor(10), MemoryJobStore). Sampled over "
          f"{args.idle_seconds} s once each process's CPU time had stopped moving for 1 s "
          "(bench/scheduler/lateness.py's measure_idle). Ratio: APScheduler ÷ schedtool.\n")
    print("| | schedtool | APScheduler | × |")
    print("|---|---:|---:|---:|")
    for label, key, fmt in IDLE_ROWS:
        print(f"| {label} | {fmt(ours[key])} | {fmt(peer[key])} | {times(float(peer[key]), float(ours[key]))} |")
    print("\nTargets (#8): ≤ 1 wake-up per second (60 per minute) and ~0% CPU while idle.\n")
    for label, r in (("schedtool", ours), ("APScheduler", peer)):
        if r["exit"] not in (0, -15):
            print(f"> note: {label} exited {r['exit']} on SIGTERM\n")
    if not args.keep:
        os.remove(path)
    wake_ok = ours["wakeups_per_min"] <= 60
    cpu_ok = ours["cpu_pct"] < 0.05
    return [Row(f"idle, {n:,} jobs: wake-ups per minute", f"{ours['wakeups_per_min']:.1f}",
                f"APScheduler: {peer['wakeups_per_min']:.1f}", times(peer["wakeups_per_min"], ours["wakeups_per_min"]),
                "≤ 60 (1/s)", status(wake_ok, f"{ours['wakeups_per_min'] / 60:.1f}× the target")),
            Row(f"idle, {n:,} jobs: CPU", f"{ours['cpu_pct']:.4f}%", f"APScheduler: {peer['cpu_pct']:.4f}%",
                times(peer["cpu_ns"], ours["cpu_ns"]), "~0% (< 0.05%)", status(cpu_ok, f"{ours['cpu_pct']:.3f}%")),
            Row(f"idle, {n:,} jobs: RSS", f"{ours['rss_mb']:,.0f} MB", f"APScheduler: {peer['rss_mb']:,.0f} MB",
                times(peer["rss_mb"], ours["rss_mb"]), "—", "—"),
            Row(f"`schedtool run` of {n:,} jobs: start-up wall", f"{ours['startup_wall_s']:.2f} s",
                f"APScheduler: {peer['startup_wall_s']:.2f} s", times(peer["startup_wall_s"], ours["startup_wall_s"]),
                "—", "—")]
