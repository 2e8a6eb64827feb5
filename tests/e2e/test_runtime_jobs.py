"""Jobs added and changed while `schedtool run` runs (ctl add, modify, reschedule, get, remove, and
run --paused): each verb against a real scheduler, then after a restart and a reload."""
import json
import os
import threading
import time
import unittest

from support import FileTestCase, run
from test_ctl import ControlledScheduler
from test_run import Running

STORE = '[jobstores.default]\ntype = "sqlite"\npath = "state.db"\n'
FILE_JOB = ('[[jobs]]\nid = "nightly"\ntrigger = "cron"\nhour = 3\ncommand = "echo nightly"\n'
            'env = { A = "1" }\n')
ADDED = 'id = "added"\ntrigger = "interval"\nseconds = 1\ncommand = "echo added-$A"\nenv = { A = "x" }\n'


class RuntimeJobs(ControlledScheduler, FileTestCase):
    def restart(self, *args):
        self.stop(self.r)
        self.r = Running(self.path, *args)
        self.r.wait_for("Scheduler started")
        self.addCleanup(self.stop, self.r)

    def test_add_fires_and_survives_a_restart(self):
        self.start(STORE + FILE_JOB)
        out = self.ctl("add", "--toml", ADDED)
        self.assertRegex(out, r'^Added job "added", next run at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n$')
        self.r.wait_for('Job "added (trigger: interval[0:00:01]')
        self.restart()
        jobs = self.ctl_json("jobs")["jobs"]
        self.assertEqual({j["id"]: j.get("origin") for j in jobs}, {"added": "runtime", "nightly": None})
        self.r.wait_for('Running job "added')
        _, out, _ = self.stop(self.r)
        self.assertIn("[added] added-x\n", out)

    def test_add_reads_standard_input_and_says_when_nothing_is_kept(self):
        self.start(FILE_JOB)
        code, out, err = run("ctl", "--file", self.path, "add", input=ADDED)
        self.assertEqual((code, err), (0, ""))
        self.assertIn("(kept until the scheduler exits: the memory job store keeps nothing)", out)

    def test_warnings_come_with_the_reply(self):
        self.start(FILE_JOB)
        out = self.ctl("add", "--toml", 'id = "old"\ntrigger = "date"\nrun_date = 2020-01-01T00:00:00Z\ncommand = "true"\n')
        self.assertIn("\nctl add:3:12: warning: 'run_date' 2020-01-01 00:00:00 UTC is in the past: the job will not run", out)

    def test_bad_snippets_get_positioned_errors(self):
        self.start(FILE_JOB)
        out = self.ctl("add", "--toml", 'id = "b"\ntrigger = "cron"\nhour = 25\ncommand = "x"\n', expect=1)
        self.assertEqual(out, "schedtool: error: ctl add:3:8: cron field 'hour': 25 is out of range 0-23 (job \"b\")\n")
        out = self.ctl("add", "--toml", 'id = "b"\nevery = "5 minutes"\ncomand = "x"\n', expect=1)
        self.assertIn("ctl add:3:1: unknown key 'comand' (did you mean 'command'?)", out)
        out = self.ctl("add", "--toml", 'id = "b" x', expect=1)
        self.assertIn("ctl add:1:10: invalid TOML", out)
        out = self.ctl("add", "--toml", 'id = "nightly"\nevery = "1 hour"\ncommand = "x"\n', expect=1)
        self.assertEqual(out, 'schedtool: error: job "nightly" exists already (defined in jobs.toml): '
                              'change it with `ctl modify` or `ctl reschedule`\n'.replace("jobs.toml", self.path))
        out = self.ctl("modify", "nightly", "timeout=5m", "hour=4", expect=1)
        self.assertEqual(out, "schedtool: error: ctl modify:2:1: 'hour' belongs to the trigger: change it with `ctl reschedule`\n")
        out = self.ctl("modify", "nightly", "timeout=soon", expect=1)
        self.assertIn("ctl modify:1:12: 'timeout': ", out)
        out = self.ctl("reschedule", "nightly", "command=x", expect=1)
        self.assertIn("'command' is not a trigger argument: change it with `ctl modify`", out)
        self.assertIn("expected KEY=VALUE", self.ctl("modify", "nightly", "timeout", expect=2))
        self.assertIn("no job with id 'nightli' (did you mean 'nightly'?", self.ctl("modify", "nightli", "a=1", expect=1))

    def test_modify_keeps_the_next_run_and_the_change_survives_a_restart(self):
        self.start(STORE + FILE_JOB)
        before = self.ctl_json("jobs")["jobs"][0]["next_run_time"]
        out = self.ctl("modify", "nightly", "command=echo changed", "timeout=5m", "name=Nightly")
        self.assertEqual(out, 'Modified job "nightly", next run at ' +
                         self.ctl_json("jobs")["jobs"][0]["next_run_time"].replace("T", " ")[:19] + " UTC\n")
        self.assertEqual(self.ctl_json("jobs")["jobs"][0]["next_run_time"], before)
        got = self.ctl("get", "nightly")
        self.assertIn('[[jobs]]\nid = "nightly"\nname = "Nightly"\ntrigger = "cron"\ncommand = "echo changed"\n'
                      'timeout = "5m"\nenv = { A = "1" }\nhour = 3\n', got)
        self.restart()
        reply = self.ctl_json("get", "nightly")
        self.assertEqual(reply["origin"], "modified")
        self.assertEqual(reply["definition"]["command"], "echo changed")
        self.ctl("run", "nightly")
        self.r.wait_for('Job "Nightly')

    def test_reschedule_replaces_the_trigger_from_now(self):
        self.start(STORE + FILE_JOB)
        self.assertRegex(self.ctl("reschedule", "nightly", "trigger=interval", "seconds=1"),
                         r'^Rescheduled job "nightly", next run at ')
        self.r.wait_for('Running job "nightly (trigger: interval[0:00:01]')
        got = self.ctl_json("get", "nightly")["definition"]
        self.assertNotIn("hour", got)
        self.assertEqual(got["command"], "echo nightly")

    def test_remove_of_a_run_time_job_is_for_good(self):
        self.start(STORE + FILE_JOB)
        self.ctl("add", "--toml", ADDED)
        self.assertIn("for good", self.ctl("remove", "added"))
        self.restart()
        self.assertEqual([j["id"] for j in self.ctl_json("jobs")["jobs"]], ["nightly"])

    def test_the_file_wins_once_it_changes_the_job(self):
        self.start(STORE + FILE_JOB)
        self.ctl("modify", "nightly", "timeout=5m")
        self.ctl("add", "--toml", ADDED)
        self.ctl("reload")  # the file as it was: the changes stay
        self.assertEqual(self.ctl_json("get", "nightly")["origin"], "modified")
        with open(self.path, "w") as f:
            f.write(STORE + FILE_JOB.replace("hour = 3", "hour = 4") +
                    '[[jobs]]\nid = "added"\nevery = "1 hour"\ncommand = "echo from-file"\n')
        self.ctl("reload")
        self.r.wait_for('jobs.toml changed it since it was changed at run time')
        self.r.wait_for('Job "added" added at run time')
        reply = self.ctl_json("get", "nightly")
        self.assertEqual(reply["origin"], "file")
        self.assertEqual(reply["definition"]["hour"], 4)
        self.assertEqual(self.ctl_json("get", "added")["definition"]["command"], "echo from-file")

    def test_twenty_concurrent_clients_lose_nothing(self):
        self.start(STORE + FILE_JOB)
        errors = []

        def client(n):
            for i in range(10):
                code, out, err = run("ctl", "--file", self.path, "add", "--toml",
                                     f'id = "c{n}-{i}"\nevery = "1 hour"\ncommand = "true"\n')
                if code != 0:
                    errors.append(out + err)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(self.ctl_json("jobs")["jobs"]), 201)
        self.restart()
        self.assertEqual(len(self.ctl_json("jobs")["jobs"]), 201)

    def test_paused_start_runs_nothing_until_resume_all(self):
        self.start('[[jobs]]\nid = "tick"\ntrigger = "interval"\nseconds = 1\ncommand = "true"\nrun_on_start = true\n',
                   "--paused")
        self.r.wait_for("Scheduler started paused (--paused)")
        self.assertIn("Scheduler paused", self.ctl("jobs"))
        self.assertEqual(self.ctl_json("status")["status"]["state"], "paused")
        self.assertEqual(self.runs_of("tick"), 0)
        self.ctl("resume-all")
        self.r.wait_for('Running job "tick')

    def test_listeners_hear_job_added_modified_and_removed(self):
        events = os.path.join(self.dir, "events.txt")
        listener = self.write(f"sed -n 's/.*\"kind\":\"\\([a-z_]*\\)\".*/\\1/p' >> {events}; echo >> {events}\n", "listener.sh")
        self.start('[[listeners]]\nevents = ["job_added", "job_modified", "job_removed"]\njobs = ["added"]\n'
                   f'command = ["/bin/sh", {json.dumps(listener)}]\n\n' + FILE_JOB)
        self.ctl("add", "--toml", ADDED)
        self.ctl("modify", "added", "timeout=1m")
        self.ctl("reschedule", "added", "seconds=30")
        self.ctl("remove", "added")
        deadline = time.monotonic() + 10
        kinds = []
        while time.monotonic() < deadline:
            if os.path.exists(events):
                with open(events) as f:
                    kinds = f.read().split()
                if len(kinds) == 4:
                    break
            time.sleep(0.05)
        self.assertEqual(kinds, ["job_added", "job_modified", "job_modified", "job_removed"])

    def test_offline_jobs_shows_the_stored_run_time_jobs(self):
        self.start(STORE + FILE_JOB)
        self.ctl("add", "--toml", ADDED)
        self.stop(self.r)
        code, out, err = run("jobs", self.path)
        self.assertEqual(code, 0, err)
        self.assertIn("    added (trigger: interval[0:00:01], next run at: ", out)
        self.assertIn("        added at run time (ctl add)\n", out)


if __name__ == "__main__":
    unittest.main()
