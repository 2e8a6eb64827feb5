"""bench/run's `ctl` section: run-time job changes against a scheduler holding 10,000 jobs.

Round trips of `schedtool ctl add` and `ctl modify` (whole client processes, as a user runs them)
with the SQLite job store, against `ctl status` in the same run as the anchor (the same client,
socket and loop, no change); then 20 concurrent clients × 100 adds, counted after a restart:
none may be lost or doubled. Target (../shared/targets.md): add/modify p99 ≤ 10 ms.
"""
import json
import os
import subprocess
import threading
import time

import jobsgen
from common import Row, log, median, status


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def start(schedtool, path):
    proc = subprocess.Popen([schedtool, "run", path, "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, TZ="UTC"))
    for _ in range(600):
        if os.path.exists(path + ".sock") and subprocess.run([schedtool, "ctl", "--file", path, "status"],
                                                              capture_output=True).returncode == 0:
            return proc
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the scheduler did not start")


def timed(argv):
    t = time.perf_counter()
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{argv}: {p.stdout}{p.stderr}")
    return (time.perf_counter() - t) * 1000


def section_ctl(args):
    schedtool = os.path.join(args.build_dir, "schedtool")
    n, calls = 10_000, 50 if args.quick else 200
    path = os.path.join(args.work, "ctl.toml")
    jobsgen.far(path, n)
    with open(path, "a") as f:
        f.write('\n[jobstores.default]\ntype = "sqlite"\npath = "ctl.db"\n')
    log(f"ctl: {n:,} jobs, {calls} round trips per command ...")
    proc = start(schedtool, path)
    ctl = [schedtool, "ctl", "--file", path]
    try:
        status_ms = [timed(ctl + ["status"]) for _ in range(calls)]
        add_ms = [timed(ctl + ["add", "--toml", f'id = "rt-{i}"\nevery = "1 hour"\ncommand = "true"\n'])
                  for i in range(calls)]
        modify_ms = [timed(ctl + ["modify", f"rt-{i}", f"timeout={i + 1}s"]) for i in range(calls)]
        # A file job: the first modify reads the 10,000-job file once (config/file_definitions.h).
        file_ms = [timed(ctl + ["modify", f"far{i:06d}", f"timeout={i + 1}s"]) for i in range(calls)]
        failures = []

        def client(c):
            for i in range(100):
                p = subprocess.run(ctl + ["add", "--toml", f'id = "cc-{c}-{i}"\nevery = "1 hour"\ncommand = "true"\n'],
                                   capture_output=True, text=True)
                if p.returncode != 0:
                    failures.append(p.stderr)

        threads = [threading.Thread(target=client, args=(c,)) for c in range(20)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        concurrent_s = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(60)
    proc = start(schedtool, path)
    try:
        jobs = json.loads(subprocess.run(ctl + ["--json", "jobs"], capture_output=True, text=True).stdout)["jobs"]
    finally:
        proc.terminate()
        proc.wait(60)
    ids = [j["id"] for j in jobs if j["id"].startswith("cc-")]
    lost, doubled = 2000 - len(set(ids)), len(ids) - len(set(ids))
    print("## ctl: run-time job changes with 10,000 jobs (SQLite store)\n")
    print("| command | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|")
    for name, values in (("ctl status (anchor)", status_ms), ("ctl add", add_ms), ("ctl modify", modify_ms),
                         ("ctl modify of a file job", file_ms)):
        print(f"| {name} | {median(values):.2f} | {percentile(values, 99):.2f} | {max(values):.2f} |")
    print(f"\n20 concurrent clients × 100 `ctl add`: {concurrent_s:.1f} s, {len(failures)} failed, "
          f"after a restart {len(set(ids))} of 2,000 present, {lost} lost, {doubled} doubled.\n")
    rows = []
    for name, values in (("`ctl add`", add_ms), ("`ctl modify`", modify_ms), ("`ctl modify` of a file job", file_ms)):
        p99 = percentile(values, 99)
        rows.append(Row(f"{name} round trip p99, 10,000 jobs", f"{p99:.2f} ms",
                        f"`ctl status`: {percentile(status_ms, 99):.2f} ms", f"{percentile(status_ms, 99) / p99:.2f}×",
                        "≤ 10 ms", status(p99 <= 10)))
    rows.append(Row("20 clients × 100 `ctl add`: lost / doubled", f"{lost} / {doubled}", "—", "—", "0 / 0",
                    status(lost == 0 and doubled == 0 and not failures)))
    return rows
