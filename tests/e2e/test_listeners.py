"""Listeners (issue 14) with the real binary: a listener receives exactly the documented JSON and
SCHEDTOOL_* variables, on_failure hears only a final failure, and a hung listener is killed by its
timeout while the jobs keep their times."""
import glob
import json
import os
import time
import unittest

from support import FileTestCase, run
from test_run import Running

MEMBERS = ["kind", "time", "job_id", "job_name", "scheduled_run_time", "exit_status", "signal", "error",
           "duration_s", "attempt", "attempts", "final", "retry_at", "output_tail", "instance"]


class Listeners(FileTestCase):
    def setUp(self):
        super().setUp()
        self.cwd = os.getcwd()
        os.chdir(self.dir)

    def tearDown(self):
        os.chdir(self.cwd)
        super().tearDown()

    def test_a_listener_receives_the_documented_json_and_variables(self):
        path = self.write(
            '[[listeners]]\nevents = ["job_error"]\njobs = ["fail*"]\n'
            'command = "cat > event.json; env | grep ^SCHEDTOOL_ | sort > env.txt"\n\n'
            '[[jobs]]\nid = "failing"\nname = "Always fails"\ntrigger = "date"\n'
            'command = "echo some output; exit 7"\n')
        code, _, log = Running(path, "--for", "1s").finish()
        self.assertEqual(code, 0, log)
        with open("event.json") as f:
            event = json.load(f)
        self.assertEqual(list(event), MEMBERS)  # every member, in the documented order
        self.assertEqual(event["kind"], "job_error")
        self.assertEqual((event["job_id"], event["job_name"]), ("failing", "Always fails"))
        self.assertEqual((event["exit_status"], event["signal"], event["error"]), (7, None, None))
        self.assertEqual((event["attempt"], event["attempts"], event["final"]), (1, 1, True))
        self.assertEqual(event["output_tail"], "some output\n")
        self.assertIsNone(event["retry_at"])
        self.assertEqual(event["instance"].split(":")[0], os.uname().nodename)
        self.assertGreaterEqual(event["duration_s"], 0)
        with open("env.txt") as f:
            env = dict(line.rstrip("\n").split("=", 1) for line in f)
        self.assertEqual(env["SCHEDTOOL_EVENT"], "job_error")
        self.assertEqual(env["SCHEDTOOL_JOB_ID"], "failing")
        self.assertEqual(env["SCHEDTOOL_EXIT_STATUS"], "7")
        self.assertEqual(env["SCHEDTOOL_FINAL"], "true")
        self.assertEqual(env["SCHEDTOOL_SCHEDULED_AT"], event["scheduled_run_time"])

    def test_on_failure_hears_the_final_failure_only_and_on_success_the_success(self):
        path = self.write(
            '[[jobs]]\nid = "flaky"\ntrigger = "date"\nretries = 2\nretry_delay = "0.1s"\n'
            'command = "exit 1"\n'
            'on_failure = "echo $SCHEDTOOL_ATTEMPT >> failures.txt"\n'
            'on_success = "touch success.txt"\n')
        code, _, log = Running(path, "--max-runs", "3").finish()
        self.assertEqual(code, 0, log)
        with open("failures.txt") as f:
            self.assertEqual(f.read(), "3\n")  # one page, for the last attempt
        self.assertFalse(os.path.exists("success.txt"))

    def test_a_hung_listener_is_killed_and_the_jobs_keep_their_times(self):
        path = self.write(
            '[[listeners]]\nevents = "all"\ncommand = ["sleep", "300"]\ntimeout = "0.3s"\n\n'
            '[[jobs]]\nid = "tick"\ntrigger = "interval"\nseconds = 0.5\ncommand = ["true"]\n')
        started = time.time()
        code, _, log = Running(path, "--for", "2.2s", "--log-format", "json").finish()
        self.assertEqual(code, 0, log)
        lines = [json.loads(l) for l in log.splitlines() if l.startswith("{")]
        killed = [l for l in lines if "was killed: still running after its timeout of 0.3s" in l["message"]]
        self.assertGreater(len(killed), 0, log)
        # The runs started on time although every event went to a listener that hangs.
        # (How late they start is bench/listener_lateness.py's to measure: no timed assertions here.)
        starts = [l for l in lines if l["event"] == "run_started"]
        self.assertGreaterEqual(len(starts), 4, log)
        self.assertFalse(_sleepers(), "a listener outlived its timeout")
        self.assertLess(time.time() - started, 60)

    def test_a_listener_with_an_executor_runs_side_by_side(self):
        listener = 'command = "echo start >> order.txt; sleep 1; echo end >> order.txt"\n'
        jobs = ('[[jobs]]\nid = "a"\ntrigger = "date"\ncommand = "true"\n\n'
                '[[jobs]]\nid = "b"\ntrigger = "date"\ncommand = "true"\n')
        for executor, expected in (("", ["start", "end", "start", "end"]),
                                   ('executor = "alerts"\n', ["start", "start", "end", "end"])):
            with self.subTest(executor=executor):
                if os.path.exists("order.txt"):
                    os.remove("order.txt")
                path = self.write('[executors.alerts]\nmax_workers = 2\n\n[[listeners]]\nevents = ["job_executed"]\n' +
                                  executor + listener + "\n" + jobs)
                code, _, log = Running(path, "--for", "0.5s").finish()
                self.assertEqual(code, 0, log)
                with open("order.txt") as f:
                    self.assertEqual(f.read().split(), expected)

    def test_pause_all_and_resume_all_reach_listeners(self):
        path = self.write(
            '[[listeners]]\nevents = ["scheduler_paused", "scheduler_resumed"]\n'
            'command = "echo $SCHEDTOOL_EVENT >> scheduler.txt"\n\n'
            '[[jobs]]\nid = "tick"\ntrigger = "interval"\nhours = 1\ncommand = "true"\n')
        r = Running(path, "--for", "2s")
        r.wait_for("Scheduler started")
        for command in ("pause-all", "resume-all"):
            code, out, err = run("ctl", "--file", path, command)
            self.assertEqual(code, 0, out + err)
        code, _, log = r.finish()
        self.assertEqual(code, 0, log)
        self.assertIn("Scheduler paused (control): no job starts until resume-all", log)
        with open("scheduler.txt") as f:
            self.assertEqual(f.read(), "scheduler_paused\nscheduler_resumed\n")

    def test_jobs_shows_listeners(self):
        path = self.write(
            '[[listeners]]\nevents = ["job_error"]\njobs = ["b*"]\ncommand = ["logger", "-t", "x"]\n\n'
            '[[jobs]]\nid = "backup"\ntrigger = "interval"\nhours = 1\ncommand = "true"\n'
            'on_failure = "mail -s failed ops"\n')
        code, out, err = run("jobs", os.path.basename(path))  # the origin names the file as given
        self.assertEqual(code, 0, err)
        self.assertIn("        on_failure: mail -s failed ops\n", out)
        self.assertTrue(out.endswith("Listeners:\n    listener at jobs.toml:1 (job_error of b*, timeout 30s): logger -t x\n"),
                        out)
        code, out, err = run("jobs", path, "--json")
        self.assertEqual(json.loads(out)[0]["on_failure"], "mail -s failed ops")


def _sleepers():
    found = []
    for status in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(status, "rb") as f:
                if f.read() == b"sleep\x00300\x00":
                    found.append(status)
        except OSError:
            pass
    return found


if __name__ == "__main__":
    unittest.main()
