#!/usr/bin/python3
"""Vectors for the crontab forms of issue #24 that croniter reads: mon-sun, Wed-Sun, sat-sun,
fri-0 (day-of-week ranges ending on Sunday) and 29-L, 1-L/8 (day-of-month ranges to the last day).

    /usr/bin/python3 tests/conformance/tools/gen_issue24_croniter.py > tests/conformance/issue24_croniter.jsonl

Needs Debian's python3-croniter (1.3.5); run by hand, its output is checked in (CI only reads the
file, through check.py). croniter's get_next() is exclusive of its start and schedtool's --from is
inclusive, so every start is at :30 seconds, where none of these five-field expressions fires.
Zones without DST (UTC, Asia/Tokyo): these vectors pin the grammar, not the DST rules.
"""
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import croniter

EXPRS = [
    "0 9 * * mon-sun",
    "30 6 * * sat-sun",
    "0 12 * * Wed-Sun",
    "0 0 * * fri-0",
    "15 8 * * thu-sun",
    "0 0 29-L * *",
    "0 0 1-L/8 * *",
    "0 6 25-L * *",
    "0 0 27-L/2 * *",
]
STARTS = ["2028-01-27T10:00:30", "2028-02-24T23:59:30", "2027-02-20T00:00:30", "2026-12-28T00:00:30"]
ZONES = ["UTC", "Asia/Tokyo"]
COUNT = 12


def main():
    n = 0
    for expr in EXPRS:
        for start_text in STARTS:
            for zone in ZONES:
                start = datetime.fromisoformat(start_text).replace(tzinfo=ZoneInfo(zone))
                it = croniter.croniter(expr, start)
                expect = [it.get_next(datetime).isoformat() for _ in range(COUNT)]
                n += 1
                print(json.dumps({"id": "issue24-croniter-%03d" % n, "kind": "crontab", "spec": {"expr": expr},
                                  "tz": zone, "start": start.isoformat(), "count": COUNT, "expect": expect,
                                  "dst": False, "source": "croniter %s" % getattr(croniter, "__version__", "1.3.5")},
                                 separators=(",", ":")))


if __name__ == "__main__":
    main()
