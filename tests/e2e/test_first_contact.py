"""What a new user trips over first (issue #17), each pinned by its exact message, stream and exit
code: paths that are not jobs files, pasted crontab lines, empty files, CI's exit codes, JSON logs
from the first line to the last, the shutdown sequence, quiet mode and damaged state files."""
import json
import os
import shutil
import subprocess
import time
import unittest

from support import SCHEDTOOL, FileTestCase, run, test_env
from test_run import Running, job

PAST_ONCE = 'trigger = "date"\nrun_date = "2000-01-01"\nmisfire_grace_time = "none"'


class NotAJobsFile(FileTestCase):
    def test_a_directory_is_named_as_one_by_every_command(self):
        d = os.path.join(self.dir, "d")
        os.mkdir(d)
        expected = f"{d}: cannot read the jobs file: Is a directory\n"
        self.assertEqual(run("check", d), (2, "", expected + f"{d}: 1 error\n"))
        for args in (["jobs", d], ["run", d], ["next", "--file", d], ["history", d]):
            self.assertEqual(run(*args), (2, "", expected), args)

    def test_a_missing_file_and_a_fifo_with_its_writer(self):
        missing = os.path.join(self.dir, "nope.toml")
        self.assertEqual(run("jobs", missing), (2, "", f"{missing}: cannot read the jobs file: No such file or directory\n"))
        fifo = os.path.join(self.dir, "fifo")
        os.mkfifo(fifo)
        writer = subprocess.Popen(["sh", "-c", f"printf '[scheduler]\\n' > {fifo}"])
        code, out, err = run("check", fifo)
        writer.wait(5)
        self.assertEqual(code, 0, err)  # `schedtool check <(generate)` reads a pipe

    def test_binary_and_non_utf8_files_are_positioned_toml_errors(self):
        path = self.write("")
        with open(path, "wb") as f:
            f.write(b"\xff\xfe[[jobs]]\n")
        self.assertEqual(run("check", path), (2, "", f"{path}:1:1: invalid TOML: Encountered invalid utf-8 sequence\n"
                                                     f"{path}: 1 error\n"))


class HostProblems(FileTestCase):
    def test_a_cwd_or_user_that_would_fail_every_run_is_warned_about(self):
        path = self.write('[[jobs]]\nid = "a"\ncommand = "true"\ntrigger = "interval"\nseconds = 5\n'
                          'cwd = "/etc/passwd"\nuser = "no-such-user-here"\n')
        self.assertEqual(run("check", path), (0, f"{path}: 1 job, 1 executor, ok (2 warnings)\n", (
            f"{path}:1:1: warning: cwd '/etc/passwd': not a directory: every run of the job would fail to start (job \"a\")\n"
            f"{path}:1:1: warning: user 'no-such-user-here': no such user: every run of the job would fail to start (job \"a\")\n")))


class CarelessOptions(FileTestCase):
    def test_run_options_out_of_range(self):
        path = self.write(job("j", ["true"]))
        for value in ("-1", "0", "x"):
            self.assertEqual(run("run", path, "--max-runs", value, "--no-control"), (2, "", (
                f"--max-runs: expected a whole number of at least 1, not '{value}'\nRun with --help for more information.\n")))
        self.assertEqual(run("run", path, "--until", "2020-01-01", "--no-control"),
                         (2, "", "schedtool: error: --until 2020-01-01 00:00:00 UTC is in the past: nothing would run\n"))

    def test_a_directory_as_state_file(self):
        self.assertEqual(run("history", "--state", self.dir),
                         (2, "", f"schedtool: error: cannot open state file '{self.dir}': Is a directory\n"))


class PastedCrontab(unittest.TestCase):
    def test_a_crontab_line_with_its_command(self):
        self.assertEqual(run("next", "30 2 * * * /usr/local/bin/backup.sh"), (2, "", (
            "schedtool: error: invalid crontab expression: this looks like a crontab line with a command; "
            "give only the schedule ('30 2 * * *')\n"
            "  30 2 * * * /usr/local/bin/backup.sh\n"
            "             ^^^^^^^^^^^^^^^^^^^^^^^^\n")))

    def test_six_fields_say_that_the_first_is_seconds(self):
        code, out, err = run("next", "0 30 25 * * *")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err.splitlines()[0], "schedtool: error: invalid crontab expression: hour 25 is out of range "
                                              "0-23 (6 fields: second minute hour day-of-month month day-of-week)")
        code, out, err = run("next", "0 30 2 * * 1", "-n", "1", "--from", "2026-12-01")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out.splitlines()[2], "    Fields: second minute hour day-of-month month day-of-week")

    def test_at_reboot_names_run_on_start(self):
        self.assertEqual(run("next", "@reboot"), (2, "", (
            "schedtool: error: invalid crontab expression: @reboot is not a schedule: to run a job when the "
            "scheduler starts, give it run_on_start = true\n  @reboot\n  ^^^^^^^\n")))


class EmptyFiles(FileTestCase):
    WARNING = "jobs.toml: warning: no jobs: add [[jobs]] tables (see jobs.example.toml); `run` would wait for nothing\n"

    def test_check_warns_and_strict_makes_it_an_error(self):
        path = self.write("")
        self.assertEqual(run("check", path), (0, f"{path}: 0 jobs, 1 executor, ok (1 warning)\n",
                                              self.WARNING.replace("jobs.toml", path)))
        self.assertEqual(run("check", "--strict", path),
                         (2, "", self.WARNING.replace("jobs.toml", path) + f"{path}: 1 warning (--strict: warnings are errors)\n"))
        code, out, _ = run("check", "--strict", "--json", path)
        self.assertEqual(code, 2)
        self.assertEqual(json.loads(out)["ok"], False)

    def test_run_warns_too(self):
        path = self.write('[scheduler]\ntimezone = "UTC"\n')
        code, _, err = run("run", path, "--for", "0.1s", "--no-control")
        self.assertEqual(code, 0, err)
        self.assertTrue(err.startswith(self.WARNING.replace("jobs.toml", path)), err)


class ExitCodesForCi(FileTestCase):
    def test_fail_on_error_exits_1_with_a_summary(self):
        path = self.write(job("f", "exit 3", trigger=PAST_ONCE))
        code, _, log = Running(path, "--max-runs", "1", "--no-control").finish()
        self.assertEqual(code, 0, log)  # without the flag a failed run is the job's business
        code, _, log = Running(path, "--max-runs", "1", "--no-control", "--fail-on-error").finish()
        self.assertEqual(code, 1, log)
        lines = log.splitlines()
        self.assertRegex(lines[-2], r"^\S+ \S+ WARNING Runs: 0 ok, 1 failed, 0 missed$")
        self.assertTrue(lines[-1].endswith("INFO Scheduler has been shut down"))

    def test_for_lets_jobs_finish_then_sends_sigterm_then_sigkill(self):
        quick = self.write(job("q", "sleep 0.3; echo done", trigger=PAST_ONCE), "quick.toml")
        code, out, log = Running(quick, "--for", "0.1s", "--no-control").finish()
        self.assertEqual(code, 0, log)
        self.assertIn("[q] done\n", out)  # let running jobs finish, as the docs say
        self.assertIn("INFO Stopping: waiting up to 30s for 1 running job to finish", log)
        self.assertIn("Runs: 1 ok, 0 failed, 0 missed", log)

        path = self.write(job("s", ["sleep", "30"], trigger=PAST_ONCE))
        started = time.monotonic()
        code, _, log = Running(path, "--for", "0.1s", "--shutdown-timeout", "0.3s", "--no-control").finish()
        self.assertEqual(code, 0, log)  # ended by SIGTERM: a clean stop
        self.assertLess(time.monotonic() - started, 10)
        self.assertIn("INFO Stopping: sent SIGTERM to 1 running job; SIGKILL in 0.3s if still running", log)
        self.assertIn("Runs: 0 ok, 0 failed, 0 missed, 1 stopped by the shutdown", log)

        stubborn = self.write(job("s", "trap '' TERM; sleep 30", trigger=PAST_ONCE), "stubborn.toml")
        code, _, log = Running(stubborn, "--for", "0.1s", "--shutdown-timeout", "0.3s", "--no-control").finish()
        self.assertEqual(code, 1, log)  # had to be killed
        self.assertIn("WARNING Killing 1 job(s) that did not stop in time (SIGKILL)", log)

    def test_a_timeout_is_reported_as_configured(self):
        path = self.write(job("t", ["sleep", "30"], 'timeout = "0.2s"\nkill_timeout = "0.1s"', trigger=PAST_ONCE))
        code, _, log = Running(path, "--max-runs", "1", "--no-control").finish()
        self.assertEqual(code, 0, log)
        self.assertRegex(log, r'ERROR Job "t \(trigger: date\[2000-01-01 00:00:00 UTC\], paused\)" timed out after 0\.2s\n')


class JsonLogs(FileTestCase):
    def test_every_line_of_a_failing_start_is_json(self):
        path = self.write('[[jobs]]\nid = "x"\ntrigger = "cron"\nhour = 25\ncommand = "true"\n'
                          '[[jobs]]\nid = "y"\ntrigger = "date"\nrun_date = "2000-01-01"\ncommand = "true"\n')
        code, out, err = run("run", path, "--log-format", "json", "--no-control")
        self.assertEqual((code, out), (2, ""))
        lines = [json.loads(line) for line in err.splitlines()]
        self.assertEqual([(l["level"], l["event"], l["line"]) for l in lines],
                         [("ERROR", "config_error", 4), ("WARNING", "config_warning", 9)] if lines[0]["line"] == 4 else
                         [("WARNING", "config_warning", 9), ("ERROR", "config_error", 4)])
        for l in lines:
            self.assertRegex(l["time"], r"\.\d{6}\+00:00$")

    def test_an_error_after_loading_is_json_too(self):
        path = self.write(job("j", ["true"]))
        state = os.path.join(self.dir, "state.db")
        with open(state, "w") as f:
            f.write("not sqlite at all, just text that is long enough to have a header" * 10)
        code, out, err = run("run", path, "--log-format", "json", "--state", state, "--no-control")
        self.assertEqual((code, out), (2, ""))
        (line,) = [json.loads(l) for l in err.splitlines()]
        self.assertEqual((line["level"], line["event"]), ("ERROR", "error"))
        self.assertIn("is not a SQLite database", line["message"])


class Quiet(FileTestCase):
    def test_quiet_prints_no_schedule(self):
        # (and a past run_date with misfire_grace_time = "none" runs, so it is not warned about)
        path = self.write(job("q", ["true"], trigger=PAST_ONCE))
        code, out, log = Running(path, "-q", "--max-runs", "1", "--no-control").finish()
        self.assertEqual((code, out, log), (0, "", ""))


class HistoryZone(FileTestCase):
    def test_history_shows_the_zone_the_scheduler_logged_in(self):
        path = self.write('[scheduler]\ntimezone = "Asia/Tokyo"\n' + job("z", ["true"], trigger=PAST_ONCE))
        state = os.path.join(self.dir, "state.db")
        code, _, log = Running(path, "--max-runs", "1", "--state", state, "--no-control").finish()
        self.assertEqual(code, 0, log)
        code, out, err = run("history", "--state", state)
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST  z +ok +\d+(\.\d+)?s  scheduled 2000-01-01 00:00:00 JST\n$")
        code, out, err = run("history", "--state", state, "--tz", "UTC")
        self.assertRegex(out, r"scheduled 1999-12-31 15:00:00 UTC\n$")


class DamagedState(FileTestCase):
    def make_damaged(self):
        path = self.write(job("j", ["true"], trigger=PAST_ONCE))
        state = os.path.join(self.dir, "state.db")
        self.assertEqual(Running(path, "--max-runs", "1", "--state", state, "--no-control").finish()[0], 0)
        with open(state, "r+b") as f:
            f.seek(4096 + 100)
            f.write(b"Z" * 4000)
        with open(state, "rb") as f:
            return path, state, f.read()

    def test_a_damaged_state_file_is_refused_and_left_untouched(self):
        path, state, before = self.make_damaged()
        code, out, err = run("run", path, "--state", state, "--no-control")
        self.assertEqual((code, out), (2, ""))
        self.assertRegex(err, rf"^schedtool: error: state file '{state}' is damaged \(SQLite: [^\n]+\); it was left "
                              rf"untouched\. Move it aside to start afresh \(mv '{state}' '{state}\.damaged'\), or run "
                              r"with --state-recover, which does that and says where it went\n$")
        with open(state, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_state_recover_moves_it_aside_and_starts_afresh(self):
        path, state, before = self.make_damaged()
        code, _, log = Running(path, "--max-runs", "1", "--state", state, "--state-recover", "--no-control").finish()
        self.assertEqual(code, 0, log)
        (aside,) = [n for n in os.listdir(self.dir) if n.startswith("state.db.damaged-")]
        self.assertIn(f"schedtool: warning: --state-recover: state file '{state}' is damaged", log)
        self.assertIn(f"moved it to '{os.path.join(self.dir, aside)}' and started a new one", log)
        with open(os.path.join(self.dir, aside), "rb") as f:
            self.assertEqual(f.read(), before)


if __name__ == "__main__":
    unittest.main()
