"""systemd OnCalendar: `calendar = "..."` in the jobs file, `next --calendar`, `explain --calendar` (issue #22)."""
import json
import unittest

from support import FileTestCase, run

J = '[[jobs]]\nid = "a"\ncommand = "true"\n'

FILE = """\
[scheduler]
timezone = "Europe/Berlin"

[[jobs]]
id = "backup"
calendar = "Mon..Fri *-*-* 02:30"
command = "echo backup"

[[jobs]]
id = "weekend"
calendar = ["Sat 10:00", "Sun 11:00 UTC"]
tags = ["weekend"]
command = "echo weekend"
"""

# (name, file text, expected diagnostics before the summary line)
BAD = [
    ("calendar_with_trigger", J + 'trigger = "cron"\ncalendar = "daily"\n', [
        "jobs.toml:4:11: 'trigger' cannot be combined with 'calendar': the calendar expression is the whole "
        "trigger (drop 'trigger' and its arguments) (job \"a\")",
    ]),
    ("calendar_with_every", J + 'every = "day"\ncalendar = "daily"\n', [
        "jobs.toml:5:12: 'calendar' cannot be combined with 'every': each is a whole trigger (job \"a\")",
    ]),
    ("calendar_with_hour", J + 'calendar = "daily"\nhour = 3\n', [
        "jobs.toml:5:1: 'hour' cannot be combined with 'calendar': the calendar expression is the whole trigger "
        "(it is an argument of cron and calendarinterval) (job \"a\")",
    ]),
    ("calendar_bad_hour", J + 'calendar = "Mon *-*-* 25:00"\n', [
        "jobs.toml:4:23: 'calendar': hour 25 is out of range 0-23 (job \"a\")",
    ]),
    ("calendar_array_second_line", J + 'calendar = ["daily", "Sat..Mon 9:00"]\n', [
        "jobs.toml:4:23: 'calendar': weekday range Sat..Mon wraps around the week: write Sat..Sun,Mon (job \"a\")",
    ]),
    ("calendar_fraction", J + 'calendar = "9:00:00.25"\n', [
        "jobs.toml:4:20: 'calendar': fractional seconds are not supported: schedtool fires on whole seconds "
        "(job \"a\")",
    ]),
    ("calendar_empty_array", J + 'calendar = []\n', [
        "jobs.toml:4:12: 'calendar' needs at least one expression, as [\"Mon..Fri 09:00\"] (job \"a\")",
    ]),
]


class CalendarInJobsFile(FileTestCase):
    def test_jobs_shows_the_compiled_trigger(self):
        code, out, err = run("jobs", self.write(FILE), "--now", "2026-03-27T08:00:00Z")
        self.assertEqual((code, err), (0, ""))
        # 2026-03-27 is a Friday: backup next runs Monday 30th (CEST from the 29th); Saturday 28th 10:00 CET.
        # Jobs are listed by next run time, as APScheduler's print_jobs.
        self.assertEqual(out, """\
Jobstore default:
    weekend (trigger: or[cron[calendar='Sat *-*-* 10:00:00'], cron[calendar='Sun *-*-* 11:00:00 UTC']], next run at: 2026-03-28 10:00:00 CET)
    backup (trigger: cron[calendar='Mon..Fri *-*-* 02:30:00'], next run at: 2026-03-30 02:30:00 CEST)
""")

    def test_json_carries_the_lines(self):
        code, out, _ = run("jobs", self.write(FILE), "--now", "2026-03-27T08:00:00Z", "--json")
        self.assertEqual(code, 0)
        jobs = {j["id"]: j for j in json.loads(out)}
        self.assertEqual(jobs["backup"]["calendar"], ["Mon..Fri *-*-* 02:30"])
        self.assertEqual(jobs["weekend"]["calendar"], ["Sat 10:00", "Sun 11:00 UTC"])

    def test_union_of_lines_with_their_zones(self):
        code, out, _ = run("next", "--file", self.write(FILE), "--job", "weekend",
                           "--from", "2026-03-27T08:00:00Z", "-n", "3")
        self.assertEqual(code, 0)
        # Sunday 11:00 UTC is 13:00 CEST on the 29th (Berlin is on summer time from 02:00 that day).
        self.assertEqual(out, "Sat 2026-03-28 10:00:00 CET (+01:00)  weekend\n"
                              "Sun 2026-03-29 13:00:00 CEST (+02:00)  weekend\n"
                              "Sat 2026-04-04 10:00:00 CEST (+02:00)  weekend\n")

    def test_bad_inputs(self):
        for name, text, expected in BAD:
            with self.subTest(name):
                code, out, err = run("check", self.write(text))
                self.assertEqual(code, 2)
                lines = [line.replace(self.dir + "/", "") for line in err.splitlines()]
                self.assertEqual(lines[:-1], expected)


class NextCalendar(unittest.TestCase):
    def test_calendar(self):
        code, out, err = run("next", "--calendar", "*-*-* 02:30", "--tz", "Europe/Berlin",
                             "--from", "2026-03-28T12:00", "-n", "2")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, """\
 Calendar: *-*-* 02:30:00
  Trigger: cron[calendar='*-*-* 02:30:00']
Time zone: Europe/Berlin
Sun 2026-03-29 03:00:00 CEST (+02:00)  # 02:30 does not exist (DST gap): fires at the end of the gap
Mon 2026-03-30 02:30:00 CEST (+02:00)
""")

    def test_several_lines_json(self):
        code, out, _ = run("next", "--calendar", "Mon 09:00", "--calendar", "quarterly", "--tz", "UTC",
                           "--from", "2026-03-30T00:00", "-n", "3", "--json")
        self.assertEqual(code, 0)
        self.assertEqual([f["time"] for f in json.loads(out)],
                         ["2026-03-30T09:00:00+00:00", "2026-04-01T00:00:00+00:00", "2026-04-06T09:00:00+00:00"])

    def test_positional_calendar_gets_did_you_mean(self):
        code, _, err = run("next", "Mon..Fri 09:00")
        self.assertEqual(code, 2)
        self.assertEqual(err, 'schedtool: error: invalid crontab expression: expected 5, 6 or 7 fields, found 2 '
                              '(did you mean --calendar "Mon..Fri 09:00"?)\n  Mon..Fri 09:00\n  ^^^^^^^^^^^^^^\n')

    def test_bad_calendar(self):
        code, _, err = run("next", "--calendar", "*-*-* 9:00 Europe/Berln")
        self.assertEqual(code, 2)
        self.assertEqual(err, "schedtool: error: invalid --calendar expression: unknown time zone 'Europe/Berln' "
                              "(did you mean 'Europe/Berlin'?)\n  *-*-* 9:00 Europe/Berln\n"
                              "             ^^^^^^^^^^^^\n")


class ExplainCalendar(unittest.TestCase):
    def test_last_monday(self):
        code, out, err = run("explain", "--calendar", "Mon *-05~07/1 18:00", "--tz", "UTC",
                             "--from", "2026-01-01T00:00")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "on one of the last 7 days of each month, if that is on Monday at 18:00, in May (UTC)\n"
                              "  next: Mon 2026-05-25 18:00:00 UTC\n")

    def test_a_line_in_another_zone_says_so(self):
        code, out, _ = run("explain", "--calendar", "Sat 10:00", "--calendar", "Sun 11:00 UTC", "--tz", "Europe/Berlin",
                           "--from", "2026-03-27T00:00")
        self.assertEqual(code, 0)
        self.assertEqual(out, "whenever any of these fires: on Saturday at 10:00; on Sunday at 11:00 (UTC) "
                              "(Europe/Berlin)\n  next: Sat 2026-03-28 10:00:00 CET\n")

    def test_friday_13th_is_anded(self):
        code, out, _ = run("explain", "--calendar", "Fri *-*-13 13:00", "--tz", "UTC", "--from", "2026-01-01T00:00")
        self.assertEqual(code, 0)
        self.assertEqual(out, "on day 13 of each month, if that is on Friday at 13:00 (UTC)\n"
                              "  next: Fri 2026-02-13 13:00:00 UTC\n")


if __name__ == "__main__":
    unittest.main()
