"""`schedtool jobs`: APScheduler's print_jobs() layout, and the same as JSON."""
import json
import os
import unittest

from support import SOURCE, FileTestCase, run

NOW = "2026-11-23T14:07:00+08:00"

FILE = """
[scheduler]
timezone = "Asia/Shanghai"

[executors.batch]
type = "subprocess"

[[jobs]]
id = "report"
name = "Daily report"
trigger = "cron"
day_of_week = "mon-fri"
hour = 9
minute = 30
command = ["/usr/local/bin/report", "--daily"]
executor = "batch"

[[jobs]]
id = "rotate"
trigger = "cron"
crontab = "*/5 * * * *"
command = "find /var/cache/app -mtime +7 -delete"

[[jobs]]
id = "paused-one"
name = "paused one"
trigger = "interval"
minutes = 1
paused = true
command = "true"

[[jobs]]
id = "long"
trigger = "interval"
days = 1
hours = 2
minutes = 3
seconds = 1.5
command = "true"

[[jobs]]
id = "eoy"
trigger = "date"
run_date = "2026-12-31 23:59:59"
command = "true"
"""

GOLDEN = """Jobstore default:
    rotate (trigger: cron[minute='*/5'], next run at: 2026-11-23 14:10:00 CST)
    Daily report (trigger: cron[day_of_week='mon-fri', hour='9', minute='30'], next run at: 2026-11-24 09:30:00 CST)
    long (trigger: interval[1 day, 2:03:01.500000], next run at: 2026-11-24 16:10:01 CST)
    eoy (trigger: date[2026-12-31 23:59:59 CST], next run at: 2026-12-31 23:59:59 CST)
    paused one (trigger: interval[0:01:00], paused)
"""


class PrintJobs(FileTestCase):
    def test_golden_print_jobs(self):
        code, out, err = run("jobs", self.write(FILE), "--now", NOW)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, GOLDEN)

    def test_json(self):
        code, out, _ = run("jobs", self.write(FILE), "--now", NOW, "--json")
        self.assertEqual(code, 0)
        jobs = json.loads(out)
        self.assertEqual([j["id"] for j in jobs], ["rotate", "report", "long", "eoy", "paused-one"])
        self.assertEqual(jobs[1], {"id": "report", "name": "Daily report",
                                   "trigger": "cron[day_of_week='mon-fri', hour='9', minute='30']",
                                   "executor": "batch", "next_run_time": "2026-11-24T09:30:00+08:00",
                                   "paused": False})
        self.assertIsNone(jobs[4]["next_run_time"])
        self.assertTrue(jobs[4]["paused"])

    def test_crontab_weekday_numbers_are_shown_as_names(self):
        # cron[day_of_week='1-5'] would read as Tuesday-Saturday in APScheduler's numbering.
        text = "".join(f'[[jobs]]\nid = "{i}"\ntrigger = "cron"\ncrontab = "{expr}"\ncommand = "true"\n'
                       for i, expr in enumerate(["0 9 * * 1-5", "0 0 * * */2", "0 0 * * 0,6", "0 0 * * fri#3"]))
        code, out, _ = run("jobs", self.write(text), "--now", "2026-01-01T00:00:00Z", "--json")
        self.assertEqual(code, 0)
        self.assertEqual(sorted(j["trigger"] for j in json.loads(out)), [
            "cron[day_of_week='fri#3', hour='0', minute='0']",
            "cron[day_of_week='mon-fri', hour='9', minute='0']",
            "cron[day_of_week='sat,sun', hour='0', minute='0']",
            "cron[day_of_week='tue,thu,sat,sun', hour='0', minute='0']",
        ])

    def test_wrap_around_ranges_are_shown_as_ascending_lists(self):
        # APScheduler 3 refuses a reversed range: show the pieces it reads (#24).
        crontabs = ["0 0 1 Nov-Mar *", "0 22-2/2 * * *", "0 0 * * fri-mon", "0 0 * * mon-sun", "0 0 * * sun-sat",
                    "0 0 29-L * *", "0 0 ? * MON-FRI#1"]
        text = "".join(f'[[jobs]]\nid = "{i}"\ntrigger = "cron"\ncrontab = "{expr}"\ncommand = "true"\n'
                       for i, expr in enumerate(crontabs))
        text += '[[jobs]]\nid = "f"\ntrigger = "cron"\nmonth = "nov-mar"\nday = "29-last"\ncommand = "true"\n'
        code, out, _ = run("jobs", self.write(text), "--now", "2026-01-01T00:00:00Z", "--json")
        self.assertEqual(code, 0)
        self.assertEqual([j["trigger"] for j in sorted(json.loads(out), key=lambda j: j["id"])], [
            "cron[month='jan-mar,nov-dec', day='1', hour='0', minute='0']",
            "cron[hour='0,2,22', minute='0']",
            "cron[day_of_week='mon,fri-sun', hour='0', minute='0']",
            "cron[day_of_week='mon-sun', hour='0', minute='0']",
            "cron[day_of_week='mon-sun', hour='0', minute='0']",
            "cron[day='29-L', hour='0', minute='0']",
            "cron[day_of_week='MON-FRI#1', hour='0', minute='0']",
            "cron[month='jan-mar,nov-dec', day='29-31']",
        ])

    def test_a_date_job_without_run_date_runs_now(self):
        text = '[[jobs]]\nid = "now"\ntrigger = "date"\ncommand = "true"\n'
        code, out, _ = run("jobs", self.write(text), "--now", "2026-11-23T14:07:00+08:00")
        self.assertEqual(code, 0)
        self.assertEqual(out, "Jobstore default:\n    now (trigger: date[2026-11-23 06:07:00 UTC], "
                              "next run at: 2026-11-23 06:07:00 UTC)\n")

    def test_unpadded_date_times_in_the_file_and_in_now(self):
        # APScheduler 3.9.1 reads run_date = "2009-7-6" and "2009-7-6 9:05:00" (#24); so do we, and
        # "2009-7-6 9:05", in the jobs file and in --now.
        text = "".join(f'[[jobs]]\nid = "{i}"\ntrigger = "date"\nrun_date = "{d}"\ncommand = "true"\n'
                       for i, d in enumerate(["2030-7-6", "2030-7-6 9:05", "2030-7-6 9:05:30"]))
        code, out, err = run("jobs", self.write(text), "--now", "2026-1-2 3:04", "--json")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual([j["next_run_time"] for j in json.loads(out)],
                         ["2030-07-06T00:00:00+00:00", "2030-07-06T09:05:00+00:00", "2030-07-06T09:05:30+00:00"])

    def test_unpadded_from_in_next(self):
        code, out, _ = run("next", "0 0 * * *", "-n", "1", "--from", "2028-2-29 1:00", "--json")
        self.assertEqual(code, 0)
        self.assertEqual(json.loads(out), [{"time": "2028-03-01T00:00:00+00:00"}])

    def test_no_jobs(self):
        code, out, _ = run("jobs", self.write("[scheduler]\ntimezone = 'UTC'\n"), "--now", NOW)
        self.assertEqual((code, out), (0, "Jobstore default:\n    No scheduled jobs\n"))

    def test_invalid_file_prints_errors_and_exits_2(self):
        code, out, err = run("jobs", self.write("[[jobs]]\nid = 'a'\n"), "--now", NOW)
        self.assertEqual((code, out), (2, ""))
        self.assertIn("missing 'trigger'", err)

    def test_example_file(self):
        code, out, err = run("jobs", os.path.join(SOURCE, "jobs.example.toml"), "--now", "2026-11-23T14:07:00+01:00")
        self.assertEqual((code, err), (0, ""))
        self.assertIn("    Daily report (trigger: cron[day_of_week='mon-fri', hour='9', minute='30'], "
                      "next run at: 2026-11-24 09:30:00 CET)\n", out)
        listing, listeners = out.split("Listeners:\n")  # the example has a [[listeners]] table since #14
        self.assertTrue(listing.endswith("paused)\n"))
        self.assertIn("(job_error, job_timeout, job_missed of report, month-*, timeout 10s)", listeners)


if __name__ == "__main__":
    unittest.main()
