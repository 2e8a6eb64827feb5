"""Retries (issue 14) with the real binary: a failed run is tried again for the same scheduled time,
the log and the history say which attempt it was, and a pending retry survives a restart."""
import json
import os
import unittest

from support import FileTestCase, run
from test_run import Running

# Fails until the file "marker" exists (the first attempt makes it): fails once, then succeeds.
FAILS_ONCE = "test -e marker || { touch marker; exit 3; }"


def flaky(command, extra=""):
    return ('[[jobs]]\nid = "flaky"\ntrigger = "date"\nrun_date = "2000-01-01"\nmisfire_grace_time = "none"\n'
            f'command = {json.dumps(command)}\nretries = 2\n{extra}')


class Retries(FileTestCase):
    def setUp(self):
        super().setUp()
        self.state = os.path.join(self.dir, "state.db")
        self.cwd = os.getcwd()
        os.chdir(self.dir)  # the marker file lands in the scratch directory

    def tearDown(self):
        os.chdir(self.cwd)
        super().tearDown()

    def history(self):
        code, out, err = run("history", "--state", self.state, "--json")
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def test_a_failed_run_is_retried_and_the_log_counts_attempts(self):
        path = self.write(flaky(FAILS_ONCE, 'retry_delay = "0.2s"\n'))
        code, _, log = Running(path, "--state", self.state, "--max-runs", "2", "--fail-on-error").finish()
        self.assertEqual(code, 0, log)  # the failure was retried: not a failure of the run
        self.assertIn("failed: exit status 3", log)
        self.assertIn("(attempt 1/3)", log)
        self.assertRegex(log, r'WARNING Job "flaky .*" failed: exit status 3 \(after [^)]*\) \(attempt 1/3\)')
        self.assertRegex(log, r'will be retried in 0\.2s, at .* \(attempt 2/3\)')
        self.assertRegex(log, r'executed successfully in .* \(attempt 2/3\)')
        self.assertIn("Runs: 1 ok, 0 failed, 0 missed, 1 failed attempt retried", log)
        runs = self.history()
        self.assertEqual([(r["status"], r["attempt"], r["attempts"]) for r in runs], [("ok", 2, 3), ("exit 3", 1, 3)])
        self.assertEqual(runs[0]["scheduled_at"], runs[1]["scheduled_at"])  # the same run time again
        code, out, _ = run("history", "--state", self.state)
        self.assertIn("attempt 2/3", out)

    def test_the_last_attempt_is_final_in_json_logs(self):
        path = self.write(flaky("exit 4", 'retry_delay = "0.1s"\nretries = 1\n').replace("retries = 2\n", ""))
        code, _, log = Running(path, "--max-runs", "2", "--log-format", "json").finish()
        self.assertEqual(code, 0, log)
        failed = [json.loads(line) for line in log.splitlines() if '"event":"run_failed"' in line]
        self.assertEqual([e["kind"] for e in failed], ["job_error", "job_error"])  # the listeners' vocabulary
        self.assertEqual([(e["attempt"], e["attempts"], e["final"], e["level"]) for e in failed],
                         [(1, 2, False, "WARNING"), (2, 2, True, "ERROR")])
        retry = [json.loads(line) for line in log.splitlines() if '"event":"run_retry"' in line]
        self.assertEqual(len(retry), 1)
        self.assertIn("retry_at", retry[0])
        self.assertEqual(retry[0]["kind"], "job_retry")

    def test_a_pending_retry_survives_a_restart(self):
        path = self.write(flaky(FAILS_ONCE, 'retry_delay = "2s"\n'))
        code, _, log = Running(path, "--state", self.state, "--for", "0.5s").finish()
        self.assertEqual(code, 0, log)
        self.assertIn("will be retried in 2s", log)
        self.assertEqual(log.count("Running job"), 1, log)  # the retry was not due before the stop
        code, _, log = Running(path, "--state", self.state, "--max-runs", "1").finish()
        self.assertEqual(code, 0, log)
        self.assertIn("has a retry pending from before the restart (attempt 2/3)", log)
        self.assertRegex(log, r'executed successfully in .* \(attempt 2/3\)')
        self.assertEqual([(r["status"], r["attempt"]) for r in self.history()], [("ok", 2), ("exit 3", 1)])

    def test_jobs_shows_the_retry_policy(self):
        path = self.write(flaky("true", 'retry_delay = "30s"\nretry_backoff = 2\nretry_max_delay = "5m"\n'))
        code, out, err = run("jobs", path)
        self.assertEqual(code, 0, err)
        self.assertIn("        retries: 2, after 30s, then each wait ×2, at most 5m\n", out)
        code, out, err = run("jobs", path, "--json")
        self.assertEqual(json.loads(out)[0]["retry"], {"retries": 2, "delay_s": 30, "backoff": 2, "max_delay_s": 300})


if __name__ == "__main__":
    unittest.main()
