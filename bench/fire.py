"""Sections `fire` and `next` of bench/run (see bench/README.md).

fire: fire times computed per second, per case: schedtool (bench_fire_times) vs croniter and APScheduler on
      the same expression, zone and start. One run = the first --fires fire times; runs repeat for S seconds.
next: `schedtool next` whole-process wall time (N runs) vs minimal Python scripts printing the same five
      fire times with croniter and with APScheduler (M runs each), and process-start floors.
"""
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from importlib.metadata import version
from zoneinfo import ZoneInfo

import pytz
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from croniter import croniter

from common import PYTHON, Row, status, times

TZ = "America/New_York"
START = "2026-01-01T00:00:00"  # a wall-clock reading in TZ
START_DT = datetime.fromisoformat(START)
NEXT_EXPR = "*/5 * * * *"


def aps_cron(**fields):
    return lambda tz: CronTrigger(timezone=tz, **fields)


# label, schedtool spec, croniter expression, APScheduler trigger factory (given a pytz zone).
# APScheduler gets the equivalent fields, not from_crontab: its from_crontab reads day-of-week
# numbers as 0 = Monday ("1-5" = Tue-Sat) and ANDs the day fields (no Vixie OR).
CASES = [
    ("every 5 min", "*/5 * * * *", "*/5 * * * *", aps_cron(minute="*/5")),
    ("weekdays 09:00", "0 9 * * 1-5", "0 9 * * 1-5", aps_cron(minute=0, hour=9, day_of_week="mon-fri")),
    ("daily 02:30 (DST gap)", "30 2 * * *", "30 2 * * *", aps_cron(minute=30, hour=2)),
    ("monthly", "0 0 1 * *", "0 0 1 * *", aps_cron(minute=0, hour=0, day=1)),
    ("quarter-hours 9-17 mon-fri", "*/15 9-17 * * mon-fri", "*/15 9-17 * * mon-fri",
     aps_cron(minute="*/15", hour="9-17", day_of_week="mon-fri")),
    ("13th or Friday (Vixie OR)", "0 12 13 * 5", "0 12 13 * 5",
     lambda tz: OrTrigger([CronTrigger(day=13, hour=12, minute=0, timezone=tz),
                           CronTrigger(day_of_week="fri", hour=12, minute=0, timezone=tz)])),
    ("APScheduler day='last fri', hour=6", "fields:day=last fri;hour=6", "0 6 * * L5",
     aps_cron(day="last fri", hour=6)),
]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed_runs(one_run, seconds):
    """Calls one_run() (→ fires produced) until `seconds` pass, after one warm-up; → fires/s."""
    one_run()
    fires, start = 0, time.perf_counter()
    while True:
        fires += one_run()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return fires / elapsed


def bench_croniter(expr, fires, seconds):
    # croniter's get_next is exclusive: start one second early so a matching start is included.
    start = START_DT.replace(tzinfo=ZoneInfo(TZ)) - timedelta(seconds=1)

    def one_run():
        it = croniter(expr, start)
        for _ in range(fires):
            it.get_next(datetime)
        return fires

    it = croniter(expr, start)
    return timed_runs(one_run, seconds), [it.get_next(datetime) for _ in range(5)]


def bench_apscheduler(factory, fires, seconds):
    tz = pytz.timezone(TZ)
    trigger, start = factory(tz), tz.localize(START_DT)

    def series(count):
        fire, out = trigger.get_next_fire_time(None, start), []
        while fire is not None:
            out.append(fire)
            if len(out) == count:
                break
            fire = trigger.get_next_fire_time(fire, fire)
        return out

    return timed_runs(lambda: len(series(fires)), seconds), series(5)


def bench_schedtool(build, spec, fires, seconds):
    out = sh([os.path.join(build, "bench", "bench_fire_times"), "--tz", TZ, "--from", START,
              "--fires", str(fires), "--seconds", str(seconds), spec],
             stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out)


def process_times(argv, runs, use_hyperfine):
    """Whole-process wall times in ms: hyperfine when installed, else perf_counter around subprocess."""
    if use_hyperfine and shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            sh(["hyperfine", "-N", "--warmup", "5", "--runs", str(runs), "--export-json", f.name,
                shlex.join(argv)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return [t * 1e3 for t in json.load(open(f.name))["results"][0]["times"]], "hyperfine"
    sh(argv, stdout=subprocess.DEVNULL)  # warm-up: page cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sh(argv, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1e3)
    return times, "python perf_counter + subprocess"


CRONITER_SCRIPT = f"""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
from croniter import croniter
start = datetime.fromisoformat({START!r}).replace(tzinfo=ZoneInfo({TZ!r}))
it = croniter({NEXT_EXPR!r}, start - timedelta(seconds=1))  # get_next is exclusive
for _ in range(5): print(it.get_next(datetime).isoformat())
"""
APSCHEDULER_SCRIPT = f"""
from datetime import datetime
import pytz
from apscheduler.triggers.cron import CronTrigger
tz = pytz.timezone({TZ!r})
trigger = CronTrigger.from_crontab({NEXT_EXPR!r}, timezone=tz)
fire = trigger.get_next_fire_time(None, tz.localize(datetime.fromisoformat({START!r})))
for _ in range(5):
    print(fire.isoformat())
    fire = trigger.get_next_fire_time(fire, fire)
"""


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def fmt_rate(x):
    return "n/a" if x is None else f"{x:,.0f}"


def fmt_ratio(a, b):
    return "n/a" if not a or not b else f"{a / b:,.0f}×"


def section_fire(args):
    """Prints the fire-times table; returns summary rows."""
    print(f"## Fire times computed per second\n")
    print(f"Zone {TZ}, start {START}, {args.fires} fires per run, {args.seconds} s per case and library; "
          f"croniter {version('croniter')}, APScheduler {version('apscheduler')}.\n")
    rows, ratios_c, ratios_a, mismatches = [], [], [], []
    for label, spec, cron_expr, aps_factory in CASES:
        # The three back to back, case by case, so that a change in machine load skews one case, not a column.
        print(f"fire: {label} ...", file=sys.stderr, flush=True)
        s = bench_schedtool(args.build_dir, spec, args.fires, args.seconds)
        s_first = [datetime.fromisoformat(t) for t in s["first"]]
        c_rate, c_first = bench_croniter(cron_expr, args.fires, args.seconds)
        a_rate, a_first = bench_apscheduler(aps_factory, args.fires, args.seconds)
        for name, first in (("croniter", c_first), ("APScheduler", a_first)):
            diff = next(((a, b) for a, b in zip(first, s_first) if a != b), None)  # aware: compares instants
            if diff or len(first) != len(s_first):
                mismatches.append(f"{label}: {name} gives {diff[0].isoformat() if diff else first} "
                                  f"where schedtool gives {diff[1].isoformat() if diff else s_first}")
        ratios_c.append(s["fires_per_sec"] / c_rate)
        ratios_a.append(s["fires_per_sec"] / a_rate)
        shown = spec if not spec.startswith("fields:") else spec[len("fields:"):].replace(";", ", ")
        rows.append(f"| {label} | `{shown}` | {fmt_rate(s['fires_per_sec'])} | {s['ns_per_fire']:,.0f} | "
                    f"{fmt_rate(c_rate)} | {fmt_rate(a_rate)} | {fmt_ratio(s['fires_per_sec'], c_rate)} | "
                    f"{fmt_ratio(s['fires_per_sec'], a_rate)} |")
    print("| case | expression | schedtool fires/s | ns/fire | croniter fires/s | APScheduler fires/s "
          "| × croniter | × APScheduler |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    low_c, low_a = min(ratios_c), min(ratios_a)
    print(f"\nLowest ratio: {low_c:,.0f}× croniter, {low_a:,.0f}× APScheduler "
          f"(target ≥ 100×: {'met' if min(ratios_c + ratios_a) >= 100 else 'NOT met'}); "
          f"geometric mean {statistics.geometric_mean(ratios_c):,.0f}× / "
          f"{statistics.geometric_mean(ratios_a):,.0f}×.")
    for m in mismatches:
        print(f"\n> note: {m}")
    print()
    return [Row("fire times/s, lowest case ratio vs croniter", f"{len(CASES)} cases", "croniter 1.3.5",
                f"{low_c:,.0f}×", "≥ 100×", status(low_c >= 100)),
            Row("fire times/s, lowest case ratio vs APScheduler", f"{len(CASES)} cases", "APScheduler 3.9.1",
                f"{low_a:,.0f}×", "≥ 100×", status(low_a >= 100))]


def empty_c_program(work):
    """#25's anchor: `int main(void) { return 0; }` built as schedtool's C++ is (cc -O3 -DNDEBUG, the
    toolchain's default PIE and dynamic libc): what starting any program costs on this machine."""
    src, exe = os.path.join(work, "empty.c"), os.path.join(work, "empty")
    with open(src, "w") as f:
        f.write("int main(void) { return 0; }\n")
    subprocess.run(["cc", "-O3", "-DNDEBUG", "-o", exe, src], check=True)
    return exe


def paired_start_ratio(argv, anchor, pairs):
    """Median over `pairs` of (argv's wall ÷ anchor's wall), the two run back to back in alternating
    order (posix_spawn + waitpid, stdout to /dev/null), so a drift of the machine's speed hits both."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1)]

    def once(cmd):
        t0 = time.perf_counter_ns()
        os.waitpid(os.posix_spawn(cmd[0], cmd, os.environ, file_actions=actions), 0)
        return (time.perf_counter_ns() - t0) / 1e6

    for _ in range(5):  # warm-up: page cache
        once(argv), once([anchor])
    ours, theirs, ratios = [], [], []
    for i in range(pairs):
        if i % 2 == 0:
            a = once(argv)
            b = once([anchor])
        else:
            b = once([anchor])
            a = once(argv)
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b)
    os.close(devnull)
    return statistics.median(ratios), statistics.median(ours), statistics.median(theirs)


def section_next(args):
    """Prints the whole-process table for `schedtool next`; returns summary rows."""
    print("next: whole-process timings ...", file=sys.stderr, flush=True)
    build = args.build_dir
    schedtool_argv = [os.path.join(build, "schedtool"), "next", "--tz", TZ, "--from", START, NEXT_EXPR]
    procs = [
        (f"`schedtool next --tz {TZ} --from {START} \"{NEXT_EXPR}\"`", schedtool_argv, args.runs),
        ("python3: croniter, 5 fire times", [PYTHON, "-c", CRONITER_SCRIPT], args.anchor_runs),
        ("python3: APScheduler, 5 fire times", [PYTHON, "-c", APSCHEDULER_SCRIPT], args.anchor_runs),
        ("python3 -c pass (interpreter start)", [PYTHON, "-c", "pass"], args.anchor_runs),
        ("C++ hello world, shared libstdc++ (linked like schedtool)", [os.path.join(build, "bench", "bench_hello")],
         args.runs),
        ("C++ hello world, static", [os.path.join(build, "bench", "bench_hello_static")], args.runs),
        ("/bin/true (process-spawn floor)", ["/bin/true"], args.runs),
    ]
    print("## Whole-process wall time: five fire times of `*/5 * * * *`\n")
    print("| command | runs | mean ms | p50 ms | p95 ms | min ms | mean ÷ schedtool's |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base_mean, means = None, {}
    for label, argv, runs in procs:
        samples, method = process_times(argv, runs, not args.no_hyperfine)
        mean = statistics.fmean(samples)
        base_mean = base_mean or mean
        means[label] = mean
        if argv is schedtool_argv:
            ours_mean, ours_p95, ours_method = mean, percentile(samples, 95), method
        print(f"| {label} | {runs} | {mean:.2f} | {percentile(samples, 50):.2f} | {percentile(samples, 95):.2f} | "
              f"{min(samples):.2f} | {mean / base_mean:,.1f}× |")
    print(f"\nMeasured with {ours_method}. `schedtool next`: mean {ours_mean:.2f} ms, p95 {ours_p95:.2f} ms "
          f"(target < 5 ms: {'met' if ours_mean < 5 else 'NOT met'}).\n")
    pairs = max(30, args.runs)
    ratio, ours_p50, empty_p50 = paired_start_ratio(schedtool_argv, empty_c_program(args.work), pairs)
    print(f"Against an empty C program (`int main(void) {{ return 0; }}`, cc -O3, dynamic libc), {pairs} pairs run "
          f"back to back (posix_spawn + waitpid): schedtool p50 {ours_p50:.2f} ms, empty program p50 "
          f"{empty_p50:.2f} ms; median of the pairs' ratios {ratio:.2f}× (#25 target: ≤ 1.5×).\n")
    aps = means["python3: APScheduler, 5 fire times"]
    return [Row("`schedtool next` ÷ an empty C program, median of paired runs", f"{ratio:.2f}×",
                f"empty program: {empty_p50:.2f} ms", "—", "≤ 1.5× (#25)", status(ratio <= 1.5, f"{ratio:.2f}×")),
            Row("`schedtool next`, whole process, mean", f"{ours_mean:.2f} ms",
                f"python3 + APScheduler: {aps:.1f} ms", times(aps, ours_mean), "< 5 ms", status(ours_mean < 5,
                f"{ours_mean - 5:+.2f} ms"))]
