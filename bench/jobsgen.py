"""Generated jobs files for bench/run's scale, idle and spawn sections (TOML, as `schedtool` reads them).

The same file is what the APScheduler anchor (aps_anchor.py) reads, with tomllib, so both sides get the
same jobs. Every form used here means the same thing to both: crontab strings name their weekdays
(APScheduler's from_crontab reads weekday *numbers* differently) and never restrict both day fields
(no Vixie OR, which from_crontab does not have).

  mixed(path, n)  n jobs: 35% crontab strings, 25% APScheduler cron fields, 25% interval, 15% date,
                  in five zones (a third of the jobs in the scheduler's UTC, the rest in their own),
                  string and argv commands, two executors, some per-job options.
  far(path, n)    n jobs of which none is due for weeks: cron once a year (Jan 1, 00:00), date in
                  2099, interval of 52 weeks; same zone mix. For the idle section.
  grid(path, ...) n interval jobs of `seconds = 1` whose start dates are spread evenly over one
                  second (as bench/scheduler/lateness.py does): n fires per second, evenly spaced.
"""
import json
from datetime import datetime, timezone

ZONES = [None, "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]

CRONTABS = ["*/5 * * * *", "0 9 * * mon-fri", "30 2 * * *", "0 0 1 * *", "*/15 9-17 * * mon-fri",
            "0 */6 * * *", "15 4 * * sun"]
CRON_FIELDS = [
    lambda i: {"minute": i % 60, "hour": "9-17"},
    lambda i: {"day": "last fri", "hour": 6},
    lambda i: {"day_of_week": "mon-fri", "hour": i % 24, "minute": 30},
    lambda i: {"month": "1,4,7,10", "day": 1, "hour": 0},
    lambda i: {"second": i % 60, "minute": "*/10"},
]
INTERVALS = [
    lambda i: {"seconds": 30 + i % 30},
    lambda i: {"minutes": 5 + i % 55, "start_date": "2026-01-01 00:00:00"},
    lambda i: {"hours": 1 + i % 23},
    lambda i: {"days": 1, "start_date": "2026-06-01 03:00:00", "end_date": "2035-01-01 00:00:00"},
    lambda i: {"weeks": 2, "hours": 1.5},
]


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(v)  # a TOML basic string is a JSON string for the characters used here


def header(executors=None, defaults=None):
    out = ['[scheduler]\ntimezone = "UTC"\n']
    if defaults:
        out.append("[job_defaults]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in defaults.items()))
    for name, (kind, workers) in (executors or {}).items():
        out.append(f'[executors.{name}]\ntype = "{kind}"\nmax_workers = {workers}\n')
    return out


def job(job_id, trigger, command, **keys):
    lines = [f'[[jobs]]\nid = "{job_id}"\ntrigger = "{trigger}"\n']
    for k, v in keys.items():
        if v is not None:
            lines.append(f"{k} = {toml_value(v)}\n")
    lines.append(f"command = {toml_value(command)}\n")
    return "".join(lines)


def write(path, parts):
    with open(path, "w") as f:
        f.write("\n".join(parts))


def mixed(path, n):
    parts = header({"default": ("threadpool", 10), "batch": ("subprocess", 4)},
                   {"coalesce": True, "max_instances": 1, "misfire_grace_time": "30s"})
    for i in range(n):
        zone = ZONES[(i // 3) % len(ZONES)]
        command = ["echo", f"job {i}"] if i % 2 else f"echo job {i} >> /tmp/schedtool-bench-never.log"
        opts = {"timezone": zone, "executor": "batch" if i % 7 == 0 else None,
                "max_instances": 3 if i % 11 == 0 else None, "coalesce": False if i % 13 == 0 else None}
        kind = i % 20
        if kind < 7:
            parts.append(job(f"job{i:06d}", "cron", command, crontab=CRONTABS[i % len(CRONTABS)], **opts))
        elif kind < 12:
            parts.append(job(f"job{i:06d}", "cron", command, **CRON_FIELDS[i % len(CRON_FIELDS)](i), **opts))
        elif kind < 17:
            parts.append(job(f"job{i:06d}", "interval", command, **INTERVALS[i % len(INTERVALS)](i), **opts))
        else:
            day, minute = 1 + i % 28, i % 1440
            parts.append(job(f"job{i:06d}", "date", command,
                             run_date=f"2031-{1 + i % 12:02d}-{day:02d} {minute // 60:02d}:{minute % 60:02d}:00",
                             **opts))
    write(path, parts)


def far(path, n):
    parts = header()
    for i in range(n):
        zone = ZONES[(i // 3) % len(ZONES)]
        kind = i % 4
        if kind == 0:
            parts.append(job(f"far{i:06d}", "cron", ["/bin/true"], crontab="0 0 1 1 *", timezone=zone))
        elif kind == 1:
            parts.append(job(f"far{i:06d}", "cron", ["/bin/true"], month=1, day=1, hour=0, timezone=zone))
        elif kind == 2:
            parts.append(job(f"far{i:06d}", "date", ["/bin/true"],
                             run_date=f"2099-01-01 {i % 24:02d}:{i // 24 % 60:02d}:00", timezone=zone))
        else:
            parts.append(job(f"far{i:06d}", "interval", ["/bin/true"], weeks=52, timezone=zone))
    write(path, parts)


def iso(epoch):
    """RFC 3339 UTC with microseconds."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def grid(path, n, t0, command, executor, workers):
    """n interval jobs of 1 s, job i starting at t0 + i/n; returns the job ids."""
    parts = header({"default": (executor, workers)},
                   {"coalesce": False, "max_instances": 1, "misfire_grace_time": "none"})
    ids = [f"g{i:05d}" for i in range(n)]
    for i, job_id in enumerate(ids):
        parts.append(job(job_id, "interval", command, seconds=1, start_date=iso(t0 + i / n)))
    write(path, parts)
    return ids
