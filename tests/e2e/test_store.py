"""The SQLite job store: restarts lose nothing (kill -9 included), catch-up by policy, history."""
import json
import os
import signal
import sqlite3
import stat
import subprocess
import time
import unittest

from support import SCHEDTOOL, FileTestCase, run
from test_run import Running


def ticking(extra=""):
    return ('[[jobs]]\nid = "tick"\ntrigger = "interval"\nseconds = 1\n'
            f'command = ["true"]\n{extra}\n')


class Store(FileTestCase):
    def setUp(self):
        super().setUp()
        self.state = os.path.join(self.dir, "state.db")

    def history(self, *args):
        code, out, err = run("history", "--state", self.state, "--json", "-n", "100", *args)
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def crash_after_runs(self, path, runs):
        r = Running(path, "--state", self.state)
        for _ in range(200):
            if len(self.history_or_empty()) >= runs:
                break
            time.sleep(0.05)
        r.proc.send_signal(signal.SIGKILL)
        r.finish()

    def history_or_empty(self):
        code, out, _ = run("history", "--state", self.state, "--json", "-n", "100")
        return json.loads(out) if code == 0 else []

    def test_a_run_cut_off_by_kill_9_is_marked_interrupted_and_not_run_again(self):
        path = self.write('[[jobs]]\nid = "long"\ntrigger = "date"\nrun_date = "2000-01-01"\n'
                          'misfire_grace_time = "none"\ncommand = ["sleep", "37.25"]\n')
        r = Running(path, "--state", self.state)
        r.wait_for('Running job "long')
        self.assertEqual(self.history()[0]["status"], "running")
        r.proc.send_signal(signal.SIGKILL)
        r.finish()
        subprocess.run(["pkill", "-f", "sleep 37.25"], capture_output=True)  # the child kill -9 left behind
        code, _, log = Running(path, "--state", self.state, "--for", "1s").finish()
        self.assertEqual(code, 0, log)
        runs = self.history()
        self.assertEqual([r["status"] for r in runs], ["interrupted"])  # at most once: not run again
        self.assertNotIn('Running job "long', log)

    def test_rerun_interrupted_runs_a_cut_off_run_again_at_start(self):
        path = self.write('[[jobs]]\nid = "long"\ntrigger = "date"\nrun_date = "2000-01-01"\n'
                          'misfire_grace_time = "none"\nrerun_interrupted = true\ncommand = "sleep 37.25"\n')
        r = Running(path, "--state", self.state)
        r.wait_for('Running job "long')
        r.proc.send_signal(signal.SIGKILL)
        r.finish()
        subprocess.run(["pkill", "-f", "sleep 37.25"], capture_output=True)  # the child kill -9 left behind
        code, _, log = Running(path, "--state", self.state, "--for", "1s", "--shutdown-timeout", "0.5s").finish()
        self.assertIn("runs again now: its last run was cut off", log)
        self.assertEqual([r["status"] for r in self.history()][-1], "interrupted")
        self.assertEqual(len(self.history()), 2)  # at least once: the cut-off run, then its rerun

    def test_kill_9_then_restart_with_coalesce_gives_one_catch_up_run(self):
        path = self.write(ticking('coalesce = true\nmisfire_grace_time = "none"'))
        self.crash_after_runs(path, 2)
        before = len(self.history())
        time.sleep(3.2)  # ~3 run times fall due while nothing runs
        code, _, log = Running(path, "--state", self.state, "--max-runs", "1").finish()
        self.assertEqual(code, 0, log)
        runs = self.history()
        self.assertEqual(len(runs), before + 1)
        catch_up = runs[0]
        late = time.time() - _epoch(catch_up["scheduled_at"])
        self.assertLess(late, 2.0, "coalesced to the latest missed run time")
        self.assertNotIn("was missed by", log)

    def test_kill_9_then_restart_without_coalesce_runs_each_missed_time_in_order(self):
        path = self.write(ticking('coalesce = false\nmisfire_grace_time = "none"'))
        self.crash_after_runs(path, 2)
        last_before = _epoch(self.history()[0]["scheduled_at"])
        time.sleep(3.2)
        code, _, log = Running(path, "--state", self.state, "--max-runs", "3").finish()
        self.assertEqual(code, 0, log)
        caught_up = [_epoch(r["scheduled_at"]) for r in self.history()[:3]][::-1]
        self.assertEqual([round(t - last_before) for t in caught_up], [1, 2, 3])  # each, in order

    def test_a_changed_definition_starts_afresh(self):
        self.crash_after_runs(self.write(ticking('misfire_grace_time = "none"')), 1)
        time.sleep(2.2)
        path = self.write(ticking('misfire_grace_time = "none"\ncoalesce = false\nmax_instances = 2'))
        start = time.time()
        code, _, log = Running(path, "--state", self.state, "--max-runs", "1").finish()
        self.assertEqual(code, 0, log)
        self.assertGreaterEqual(_epoch(self.history()[0]["scheduled_at"]), start - 0.01)  # no catch-up

    def test_state_file_is_private_and_a_second_scheduler_is_refused(self):
        path = self.write(ticking())
        first = Running(path, "--state", self.state)
        first.wait_for("Scheduler started")
        self.assertEqual(stat.S_IMODE(os.stat(self.state).st_mode), 0o600)
        code, out, err = run("run", path, "--state", self.state, timeout=10)
        self.assertEqual(code, 2)
        self.assertIn("is in use by another schedtool", err)
        first.proc.send_signal(signal.SIGTERM)
        self.assertEqual(first.finish()[0], 0)

    def test_a_file_that_is_not_a_state_file_is_refused_and_left_alone(self):
        path = self.write(ticking())
        with open(self.state, "wb") as f:
            f.write(b"not a database at all, really" * 100)
        with open(self.state, "rb") as f:
            before = f.read()
        code, _, err = run("run", path, "--state", self.state, timeout=10)
        self.assertEqual(code, 2)
        self.assertIn("is not a SQLite database", err)
        with open(self.state, "rb") as f:
            self.assertEqual(f.read(), before)

        foreign = os.path.join(self.dir, "other.db")
        db = sqlite3.connect(foreign)
        db.execute("create table accounts (id integer)")
        db.commit()
        db.close()
        code, _, err = run("run", path, "--state", foreign, timeout=10)
        self.assertEqual(code, 2)
        self.assertIn("is not a schedtool state file", err)

    def test_history_records_status_duration_and_output(self):
        path = self.write('[[jobs]]\nid = "talk"\ntrigger = "date"\nrun_date = "2000-01-01"\n'
                          'misfire_grace_time = "none"\ncommand = "echo hello; echo oops >&2; exit 3"\n'
                          '[jobstores.default]\ntype = "sqlite"\npath = "state.db"\n')
        code, _, log = Running(path, "--max-runs", "1").finish()
        self.assertEqual(code, 0, log)
        runs = self.history("--output")
        self.assertEqual(len(runs), 1)
        self.assertEqual((runs[0]["job"], runs[0]["status"], runs[0]["exit_code"]), ("talk", "exit 3", 3))
        self.assertIn("hello\n", runs[0]["output"])
        self.assertIn("oops\n", runs[0]["output"])
        code, out, _ = run("history", path)  # through the jobs file's [jobstores.default]
        self.assertEqual(code, 0)
        self.assertRegex(out, r"talk +exit 3 +\d+(\.\d{1,3})?s  scheduled 2000-01-01 00:00:00 UTC")
        code, out, _ = run("jobs", path, "--now", "1999-12-31T00:00:00Z")  # the last outcome beside the schedule
        self.assertEqual(code, 0)
        self.assertRegex(out, r"    talk \(trigger: date\[2000-01-01 00:00:00 UTC\], next run at: 2000-01-01 00:00:00 UTC\)\n"
                              r"        last run: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, exit 3\n")
        code, out, _ = run("jobs", path, "--json")
        self.assertEqual(json.loads(out)[0]["last_run"]["status"], "exit 3")


def _epoch(rfc3339):
    from datetime import datetime
    return datetime.fromisoformat(rfc3339).timestamp()


if __name__ == "__main__":
    unittest.main()
