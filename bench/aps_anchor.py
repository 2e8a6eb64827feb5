#!/usr/bin/python3
"""APScheduler 3 as the peer of `schedtool check/jobs/run` on the same generated jobs file.

  /usr/bin/python3 bench/aps_anchor.py triggers FILE      # ≈ check: read the file, build every trigger
  /usr/bin/python3 bench/aps_anchor.py jobs FILE          # ≈ jobs: + add_job to a started, paused scheduler
  /usr/bin/python3 bench/aps_anchor.py idle FILE          # ≈ run: BlockingScheduler with the jobs, forever
  /usr/bin/python3 bench/aps_anchor.py throughput FILE STOP_AT LO HI   # ≈ run --for: count completed runs

FILE is a schedtool jobs file (TOML, read with tomllib, Python 3.11's standard library). Each [[jobs]]
table becomes the trigger APScheduler would be given for it: CronTrigger(**fields) or
CronTrigger.from_crontab (jobsgen.py only writes crontab strings that mean the same to both),
IntervalTrigger, DateTrigger, each with its pytz zone. The job function runs the command with
subprocess.run. `jobs` starts a BackgroundScheduler with a MemoryJobStore *paused* (nothing runs), adds
every job — APScheduler then computes each next run time and inserts it into the store, ordered — and
prints print_jobs() to stdout. `throughput` prints one JSON object when it stops:
{"completed_in_window", "completed", "skipped", "missed"}; LO..HI is the window (epoch seconds) in
which completions are counted.
"""
import json
import subprocess
import sys
import threading
import time
import tomllib

import pytz
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

CRON_FIELDS = ("year", "month", "day", "week", "day_of_week", "hour", "minute", "second")
INTERVAL_UNITS = ("weeks", "days", "hours", "minutes", "seconds")
ZONES = {}


def zone(name):
    if name not in ZONES:
        ZONES[name] = pytz.timezone(name)
    return ZONES[name]


def run_command(argv):
    subprocess.run(argv)


def make_trigger(spec, tz):
    kind = spec["trigger"]
    window = {k: spec[k] for k in ("start_date", "end_date") if k in spec}
    if kind == "cron" and "crontab" in spec:
        return CronTrigger.from_crontab(spec["crontab"], timezone=tz)
    if kind == "cron":
        return CronTrigger(timezone=tz, **{k: spec[k] for k in CRON_FIELDS if k in spec}, **window)
    if kind == "interval":
        return IntervalTrigger(timezone=tz, **{k: spec[k] for k in INTERVAL_UNITS if k in spec}, **window)
    if kind == "date":
        return DateTrigger(run_date=spec.get("run_date"), timezone=tz)
    raise SystemExit(f"aps_anchor: trigger {kind!r} is not mapped")


def load(path):
    """(scheduler zone, executors {name: max_workers}, job defaults, [(id, trigger, argv, options)])."""
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    default_tz = zone(doc.get("scheduler", {}).get("timezone", "UTC"))
    executors = {name: t.get("max_workers", 10) for name, t in doc.get("executors", {}).items()}
    executors.setdefault("default", 10)
    defaults = dict(doc.get("job_defaults", {}))
    if defaults.get("misfire_grace_time") == "none":
        defaults["misfire_grace_time"] = None
    elif isinstance(defaults.get("misfire_grace_time"), str):
        defaults["misfire_grace_time"] = int(defaults["misfire_grace_time"].rstrip("s"))
    jobs = []
    for spec in doc.get("jobs", []):
        tz = zone(spec["timezone"]) if "timezone" in spec else default_tz
        command = spec["command"]
        argv = command if isinstance(command, list) else ["/bin/sh", "-c", command]
        options = {k: spec[k] for k in ("coalesce", "max_instances") if k in spec}
        if "executor" in spec:
            options["executor"] = spec["executor"]
        jobs.append((spec["id"], make_trigger(spec, tz), argv, options))
    return default_tz, executors, defaults, jobs


def scheduler(cls, path):
    tz, executors, defaults, jobs = load(path)
    sched = cls(jobstores={"default": MemoryJobStore()}, timezone=tz, job_defaults=defaults,
                executors={name: ThreadPoolExecutor(n) for name, n in executors.items()})
    return sched, jobs


def add_all(sched, jobs):
    for job_id, trigger, argv, options in jobs:
        sched.add_job(run_command, trigger, args=[argv], id=job_id, **options)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "triggers":
        print(f"{len(load(path)[3])} triggers")
    elif mode == "jobs":
        sched, jobs = scheduler(BackgroundScheduler, path)
        sched.start(paused=True)
        add_all(sched, jobs)
        sched.print_jobs()
        sched.shutdown(wait=False)
    elif mode == "idle":
        sched, jobs = scheduler(BlockingScheduler, path)
        add_all(sched, jobs)
        sched.start()
    elif mode == "throughput":
        stop_at, lo, hi = (float(x) for x in sys.argv[3:6])
        sched, jobs = scheduler(BlockingScheduler, path)
        counts = {"completed_in_window": 0, "completed": 0, "skipped": 0, "missed": 0}
        lock = threading.Lock()

        def listen(event):
            now = time.time()
            with lock:
                if event.code in (EVENT_JOB_EXECUTED, EVENT_JOB_ERROR):
                    counts["completed"] += 1
                    counts["completed_in_window"] += lo <= now < hi
                elif event.code == EVENT_JOB_MAX_INSTANCES:
                    counts["skipped"] += 1
                else:
                    counts["missed"] += 1

        sched.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED)
        add_all(sched, jobs)
        threading.Timer(max(0.0, stop_at - time.time()), sched.shutdown).start()
        sched.start()  # returns after shutdown(), which waits for running jobs
        print(json.dumps(counts), flush=True)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
