"""Schedules in words: `every = "..."` in the jobs file, `next --every`, tags (issue #22)."""
import json
from datetime import datetime, timedelta
import unittest

from support import FileTestCase, run

J = '[[jobs]]\nid = "a"\ncommand = "true"\n'

FILE = """\
[scheduler]
timezone = "Europe/Berlin"

[[jobs]]
id = "report"
every = "weekday at 9:30"
tags = ["reports", "daily"]
command = "echo report"

[[jobs]]
id = "poll"
every = "10 minutes at :15"
command = "echo poll"

[[jobs]]
id = "rush"
every = "15 minutes from 06:00 to 08:00"
tags = ["reports"]
command = "echo rush"
"""

# (name, file text, expected diagnostics before the summary line)
BAD = [
    ("every_with_trigger", J + 'trigger = "cron"\nevery = "day"\n', [
        "jobs.toml:4:11: 'trigger' cannot be combined with 'every': the phrase is the whole trigger "
        "(drop 'trigger' and its arguments) (job \"a\")",
    ]),
    ("every_typo", J + 'every = "10 minuts"\n', [
        "jobs.toml:4:13: 'every': 'minuts' is not a unit of time (did you mean \"10 minutes\"?) (job \"a\")",
    ]),
    ("every_at_on_minutes", J + 'every = "10 minutes at 10:30"\n', [
        "jobs.toml:4:24: 'every': 'at 10:30' is a time of day, which minutes do not have: write "
        "\"10 minutes at :SS\" for the second of each run, or \"day at 10:30\" (job \"a\")",
    ]),
    ("every_with_cron_field", J + 'every = "day"\nhour = 3\n', [
        "jobs.toml:5:1: 'hour' cannot be combined with 'every': the phrase is the whole trigger "
        "(it is an argument of cron and calendarinterval) (job \"a\")",
    ]),
    ("every_not_a_string", J + 'every = 10\n', [
        "jobs.toml:4:9: 'every' must be a string, not an integer (job \"a\")",
    ]),
    ("run_in_in_a_file", J + 'trigger = "date"\nrun_in = "10m"\n', [
        "jobs.toml:5:10: 'run_in' is for jobs added at run time (ctl add); in a jobs file write "
        "trigger = \"date\" with 'run_date' = 2026-12-31T23:59:00 (job \"a\")",
    ]),
    ("tags_not_an_array", J + 'every = "day"\ntags = "x"\n', [
        "jobs.toml:5:8: 'tags' must be an array of strings like [\"reports\"], not a string (job \"a\")",
    ]),
]


class EveryInJobsFile(FileTestCase):
    def test_jobs_shows_the_compiled_trigger(self):
        code, out, err = run("jobs", self.write(FILE), "--now", "2026-03-27T08:00:00Z")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, """\
Jobstore default:
    poll (trigger: interval[0:10:00], next run at: 2026-03-27 09:00:15 CET)
    report (trigger: cron[day_of_week='mon-fri', hour='9', minute='30', second='0'], next run at: 2026-03-27 09:30:00 CET)
    rush (trigger: or[cron[hour='6,7', minute='0,15,30,45', second='0'], cron[hour='8', minute='0', second='0']], next run at: 2026-03-28 06:00:00 CET)
""")

    def test_json_carries_the_phrase_and_tags(self):
        code, out, _ = run("jobs", self.write(FILE), "--now", "2026-03-27T08:00:00Z", "--json")
        self.assertEqual(code, 0)
        report = [j for j in json.loads(out) if j["id"] == "report"][0]
        self.assertEqual(report["every"], "weekday at 9:30")
        self.assertEqual(report["description"], "at 09:30, Monday through Friday")  # as explain says it
        self.assertEqual(report["tags"], ["reports", "daily"])

    def test_select_by_tag(self):
        path = self.write(FILE)
        code, out, _ = run("jobs", path, "--now", "2026-03-27T08:00:00Z", "--tag", "reports")
        self.assertEqual(code, 0)
        self.assertEqual([line.split()[0] for line in out.splitlines()[1:]], ["report", "rush"])
        code, out, _ = run("next", "--file", path, "--tag", "daily", "--from", "2026-03-27T08:00:00Z", "-n", "2")
        self.assertEqual(out, "Fri 2026-03-27 09:30:00 CET (+01:00)  report\n"
                              "Mon 2026-03-30 09:30:00 CEST (+02:00)  report\n")

    def test_bad_inputs(self):
        for name, text, expected in BAD:
            with self.subTest(name):
                code, out, err = run("check", self.write(text))
                self.assertEqual(code, 2)
                lines = [line.replace(self.dir + "/", "") for line in err.splitlines()]
                self.assertEqual(lines[:-1], expected)


class NextEvery(unittest.TestCase):
    def test_every_phrase(self):
        code, out, err = run("next", "--every", "day at 02:30", "--tz", "Europe/Berlin",
                             "--from", "2026-03-28T12:00", "-n", "2")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, """\
    Every: day at 02:30
  Trigger: calendarinterval[days=1, time=02:30:00]
Time zone: Europe/Berlin
Sun 2026-03-29 03:00:00 CEST (+02:00)
Mon 2026-03-30 02:30:00 CEST (+02:00)
""")

    def test_random_interval_shows_each_window(self):
        code, out, _ = run("next", "--every", "2 to 4 hours", "--tz", "UTC", "--from", "2026-01-01T00:00", "-n", "4",
                           "--json")
        self.assertEqual(code, 0)
        fires = json.loads(out)
        base = "2026-01-01T00:00:00+00:00"
        for fire in fires:  # each window is the previous fire (first: --from) + 2 h … + 4 h; the draw is inside
            start = datetime.fromisoformat(base)
            self.assertEqual(fire["earliest"], (start + timedelta(hours=2)).isoformat())
            self.assertEqual(fire["latest"], (start + timedelta(hours=4)).isoformat())
            self.assertTrue(fire["earliest"] <= fire["time"] <= fire["latest"])
            base = fire["time"]
        code, out, _ = run("next", "--every", "2 to 4 hours", "--tz", "UTC", "--from", "2026-01-01T00:00", "-n", "1")
        self.assertRegex(out.splitlines()[-1],
                         r"^Thu 2026-01-01 0[234]:00:00 UTC \(\+00:00\)  # drawn from 2026-01-01 02:00:00 to 04:00:00$")

    def test_positional_phrase_gets_did_you_mean(self):
        for command in ("next", "explain"):  # one parser of command-line schedules (cli/schedule_args.h)
            code, out, err = run(command, "10 minutes")
            self.assertEqual(code, 2)
            self.assertEqual(err, 'schedtool: error: invalid crontab expression: expected 5, 6 or 7 fields, found 2 '
                                  '(did you mean --every "10 minutes"?)\n  10 minutes\n  ^^^^^^^^^^\n')


    def test_bad_phrase(self):
        code, _, err = run("next", "--every", "fortnight")
        self.assertEqual(code, 2)
        self.assertIn("invalid --every phrase: 'fortnight' is not a unit of time", err)


class Explain(FileTestCase):
    def test_an_unknown_job_lists_the_jobs(self):
        path = self.write('[[jobs]]\nid = "poll"\nevery = "10 minutes"\ncommand = "true"\n')
        self.assertEqual(run("explain", "--file", path, "--job", "nosuch"),
                         (2, "", f"schedtool: error: no job 'nosuch' in {path} (its jobs: poll)\n"))

    def test_crontab(self):
        code, out, err = run("explain", "30 2 * * 1-5", "--tz", "Europe/Berlin", "--from", "2026-12-01T00:00")
        self.assertEqual((code, err), (0, ""))
        # 2027-03-28 is a Sunday: no weekday fire falls in the gap, so no note.
        self.assertEqual(out, "at 02:30, Monday through Friday (Europe/Berlin)\n"
                              "  next: Tue 2026-12-01 02:30:00 CET\n")
        code, out, err = run("explain", "30 2 * * *", "--tz", "Europe/Berlin", "--from", "2026-12-01T00:00")
        self.assertEqual(out, "at 02:30 (Europe/Berlin)\n"
                              "  next: Tue 2026-12-01 02:30:00 CET\n"
                              "  note: 2027-03-28 02:30 does not exist in Europe/Berlin: runs at 03:00\n")

    def test_every_json(self):
        code, out, _ = run("explain", "--every", "15 minutes from 06:00 to 08:00", "--tz", "UTC",
                           "--from", "2026-01-01T07:50", "--json")
        self.assertEqual(code, 0)
        self.assertEqual(json.loads(out), [{"description": "every 15 minutes from 06:00 to 08:00", "zone": "UTC",
                                            "next": "2026-01-01T08:00:00+00:00"}])

    def test_file(self):
        code, out, _ = run("explain", "--file", self.write(FILE), "--job", "report", "--from", "2026-03-27T10:00")
        self.assertEqual(code, 0)
        self.assertEqual(out, "report: every weekday (Monday through Friday) at 09:30 (Europe/Berlin)\n"
                              "  next: Mon 2026-03-30 09:30:00 CEST\n")

    def test_one_source_only(self):
        code, _, err = run("explain", "* * * * *", "--every", "minute")
        self.assertEqual(code, 2)
        self.assertEqual(err, "schedtool: error: explain: give one of a crontab expression, --every PHRASE, "
                              "--calendar EXPR or --file FILE\n")


if __name__ == "__main__":
    unittest.main()
