"""`schedtool run` with real processes: output, signals, timeouts, floods, reloads. Kept short."""
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import unittest

from support import SCHEDTOOL, FileTestCase, test_env


def job(id, command, extra="", trigger='trigger = "interval"\nseconds = 3600\nrun_on_start = true'):
    return f'[[jobs]]\nid = "{id}"\n{trigger}\ncommand = {json.dumps(command)}\n{extra}\n'


class Running:
    """A `schedtool run` in the background whose stderr log is collected as it comes."""

    def __init__(self, path, *args, stdout=subprocess.PIPE):
        self.proc = subprocess.Popen([SCHEDTOOL, "run", path, *args], stdout=stdout, stderr=subprocess.PIPE,
                                     text=True, env=test_env())
        self.log, self._lock = [], threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stderr:
            with self._lock:
                self.log.append(line.rstrip("\n"))

    def wait_for(self, text, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if any(text in line for line in self.log):
                    return
            time.sleep(0.02)
        raise AssertionError(f"{text!r} not logged within {timeout}s; log:\n" + "\n".join(self.log))

    def finish(self, timeout=15):
        out = self.proc.stdout.read() if self.proc.stdout else ""
        code = self.proc.wait(timeout)
        self._reader.join(5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        return code, out, "\n".join(self.log)


class Run(FileTestCase):
    def test_prints_the_schedule_then_runs_and_forwards_output(self):
        path = self.write(job("hello", ["echo", "hello"]) +
                          job("shell", "echo out; echo err >&2; printf 'no newline'; exit 3"))
        code, out, log = Running(path, "--max-runs", "2").finish()
        self.assertEqual(code, 0, log)
        self.assertTrue(out.startswith("Jobstore default:\n    hello (trigger: interval[1:00:00], next run at: "), out)
        self.assertIn("[hello] hello\n", out)
        self.assertIn("[shell] out\n", out)
        self.assertIn("[shell] no newline\n", out)       # a partial last line is flushed
        self.assertIn("[shell] err", log)                 # job stderr goes to stderr
        self.assertRegex(log, r'INFO Running job "hello \(trigger: interval\[1:00:00\], next run at: .*\)" \(scheduled at ')
        self.assertRegex(log, r'INFO Job "hello .*" executed successfully in \d+\.\d{3}s')
        self.assertRegex(log, r'ERROR Job "shell .*" failed: exit status 3')
        self.assertIn("INFO Scheduler started", log)
        self.assertTrue(log.endswith("INFO Scheduler has been shut down"), log)

    def test_the_child_knows_its_job_and_scheduled_time(self):
        path = self.write(job("who", 'echo "$SCHEDTOOL_JOB_ID $SCHEDTOOL_SCHEDULED_AT $LANG"', 'env = { LANG = "C.UTF-8" }'))
        code, out, log = Running(path, "--max-runs", "1").finish()
        self.assertEqual(code, 0, log)
        self.assertRegex(out, r"\[who\] who \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z C\.UTF-8\n")

    def test_interval_job_runs_every_second(self):
        path = self.write('[[jobs]]\nid = "tick"\ntrigger = "interval"\nseconds = 1\ncommand = "true"\n')
        start = time.monotonic()
        code, _, log = Running(path, "--max-runs", "2").finish()
        self.assertEqual(code, 0, log)
        self.assertEqual(log.count('Running job "tick'), 2)
        self.assertGreaterEqual(time.monotonic() - start, 1.9)

    def test_sigterm_stops_running_jobs_and_exits_0(self):
        for executor in ("threadpool", "subprocess"):
            with self.subTest(executor):
                path = self.write(f'[executors.default]\ntype = "{executor}"\n' + job("sleepy", ["sleep", "30"]))
                r = Running(path)
                r.wait_for('Running job "sleepy')
                time.sleep(0.2)
                r.proc.send_signal(signal.SIGTERM)
                code, _, log = r.finish(timeout=10)
                self.assertEqual(code, 0, log)
                self.assertIn("Stopping: sent SIGTERM to 1 running job", log)
                self.assertIn("failed: killed by signal 15", log)

    def test_a_job_ignoring_sigterm_is_killed_after_the_shutdown_timeout(self):
        path = self.write(job("stubborn", "trap '' TERM; sleep 30 & wait; sleep 30"))
        r = Running(path, "--shutdown-timeout", "1s")
        r.wait_for('Running job "stubborn')
        time.sleep(0.3)
        start = time.monotonic()
        r.proc.send_signal(signal.SIGTERM)
        code, _, log = r.finish(timeout=10)
        self.assertEqual(code, 1, log)
        self.assertIn("did not stop in time (SIGKILL)", log)
        self.assertIn("killed by signal 9", log)
        self.assertLess(time.monotonic() - start, 5)

    def test_timeout_terminates_the_run(self):
        for executor in ("threadpool", "subprocess"):
            with self.subTest(executor):
                path = self.write(f'[executors.default]\ntype = "{executor}"\n' +
                                  job("slow", ["sleep", "30"], 'timeout = "0.5s"\nkill_timeout = "1s"'))
                start = time.monotonic()
                code, _, log = Running(path, "--max-runs", "1").finish()
                self.assertEqual(code, 0, log)
                self.assertRegex(log, r'ERROR Job "slow .*" timed out after 0\.5\d*s')
                self.assertLess(time.monotonic() - start, 5)

    def test_a_command_that_cannot_start_is_an_error_event_and_the_scheduler_goes_on(self):
        for executor in ("threadpool", "subprocess"):
            with self.subTest(executor):
                path = self.write(f'[executors.default]\ntype = "{executor}"\n' + job("missing", ["/nonexistent/program"]) +
                                  job("nocwd", ["true"], 'cwd = "/nonexistent-dir"') + job("fine", ["true"]))
                code, _, log = Running(path, "--max-runs", "3").finish()
                self.assertEqual(code, 0, log)
                self.assertIn("failed: could not start: '/nonexistent/program': No such file or directory", log)
                self.assertIn("failed: could not start: cwd '/nonexistent-dir': No such file or directory", log)
                self.assertRegex(log, r'Job "fine .*" executed successfully')

    @unittest.skipIf(os.environ.get("SCHEDTOOL_SANITIZE"), "an ASan build starts at ~80 MB RSS (shadow memory)")
    def test_a_flood_of_output_keeps_memory_bounded(self):
        # 100 MB of output with few newlines (issue #9): forwarded, never held whole.
        path = self.write(job("flood", "head -c 100000000 /dev/zero | tr '\\\\0' x; echo"))
        # The peak is measured in a process of its own: this test process's children include
        # whatever other tests ran (lintian, in the install test, peaks at ~145 MB).
        measure = ("import resource, subprocess, sys\n"
                   "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
                   "sys.stderr.write(p.stderr)\n"
                   "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
                   "sys.exit(p.returncode)\n")
        p = subprocess.run([sys.executable, "-c", measure, SCHEDTOOL, "run", path, "--max-runs", "1", "--no-control"],
                           capture_output=True, text=True, timeout=60, env=test_env())
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        self.assertRegex(p.stderr, r'Job "flood .*" executed successfully')
        self.assertLess(int(p.stdout), 64_000, "peak RSS of the scheduler and its job in KiB")

    def test_job_ends_when_its_process_exits_even_if_a_daemon_keeps_the_pipe(self):
        path = self.write(job("daemon", "sleep 30 & echo started"))
        start = time.monotonic()
        code, out, log = Running(path, "--max-runs", "1").finish()
        self.assertEqual(code, 0, log)
        self.assertIn("[daemon] started", out)
        self.assertLess(time.monotonic() - start, 10)

    def test_sigusr1_prints_the_schedule_and_sighup_reloads(self):
        path = self.write(job("a", ["sleep", "30"]))
        r = Running(path, "--shutdown-timeout", "1s")
        r.wait_for('Running job "a')
        r.proc.send_signal(signal.SIGUSR1)
        self.write("this is not toml", name="jobs.toml")
        r.proc.send_signal(signal.SIGHUP)
        r.wait_for("Reload failed: keeping the current schedule")
        self.write(job("a", ["sleep", "30"]) + job("b", ["echo", "b ran"]))
        r.proc.send_signal(signal.SIGHUP)
        r.wait_for('Job "b')  # its end: a SIGTERM while it starts would kill it before it writes
        r.proc.send_signal(signal.SIGTERM)
        code, out, log = r.finish()
        self.assertEqual(code, 0, log)
        self.assertEqual(out.count("Jobstore default:"), 2)  # at start, and on SIGUSR1
        self.assertIn("invalid TOML", log)                   # why the reload failed
        self.assertIn("Reloaded", log)
        self.assertIn("[b] b ran", out)
        self.assertEqual(log.count('Running job "a'), 1)     # unchanged: not restarted by the reload

    def skip_without_pid_namespace(self):
        probe = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True)
        if probe.returncode != 0:
            self.skipTest("cannot create a PID namespace here")

    def test_as_pid_1_orphaned_zombies_are_reaped(self):
        # In a new PID namespace schedtool is PID 1 (as in a container): the `sleep` a job leaves
        # behind is re-parented to it and must not stay a zombie.
        self.skip_without_pid_namespace()
        path = self.write(job("orphan-maker", "sleep 0.3 & echo made") +
                          '[[jobs]]\nid = "zombies"\ntrigger = "date"\nrun_date = "2000-01-01"\n'
                          'misfire_grace_time = "none"\n'
                          'command = "sleep 1; grep -l \'^State:.*Z\' /proc/[0-9]*/status 2>/dev/null | wc -l"\n')
        p = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "--kill-child", SCHEDTOOL, "run", path, "--max-runs", "2"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("[orphan-maker] made\n", p.stdout)
        self.assertIn("[zombies] 0\n", p.stdout)

    def test_as_pid_1_every_run_ends_however_quickly_it_exits(self):
        # As PID 1 the orphan reaper must not take a run's own process before its owner does (the
        # run would never end): 300 runs of `true` at once, on a thread pool and on the subprocess
        # executor, all reported.
        self.skip_without_pid_namespace()
        body = '[executors.default]\ntype = "threadpool"\nmax_workers = 8\n' \
               '[executors.sub]\ntype = "subprocess"\nmax_workers = 8\n'
        for i in range(300):
            body += job(f"j{i}", "true", f'executor = "{"sub" if i % 2 else "default"}"\nmisfire_grace_time = "none"')
        path = self.write(body)
        p = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "--kill-child", SCHEDTOOL, "run", path, "--max-runs", "300"],
                           capture_output=True, text=True, timeout=30, env=test_env())
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        self.assertEqual(p.stderr.count("executed successfully"), 300, p.stderr[-2000:])

    def test_json_log_format(self):
        path = self.write(job("j", ["echo", "hi"]))
        code, out, log = Running(path, "--max-runs", "1", "--log-format", "json").finish()
        self.assertEqual(code, 0, log)
        events = [json.loads(line) for line in log.splitlines()]
        kinds = [e["event"] for e in events]
        # The summary before the shutdown line is new with issue #17 (--fail-on-error's counts).
        self.assertEqual(kinds, ["job_added", "scheduler_started", "run_started", "run_succeeded", "summary",
                                 "scheduler_shutdown"])
        done = events[3]
        self.assertEqual((done["job"], done["exit_code"], done["level"]), ("j", 0, "INFO"))
        self.assertIn("duration_s", done)
        # Every line on stdout is JSON too (issue #17): the schedule is one "schedule" object.
        stdout_objects = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(stdout_objects[0]["event"], "schedule")
        self.assertEqual([j["id"] for j in stdout_objects[0]["jobs"]], ["j"])
        output = [o for o in stdout_objects if o["event"] == "output"]
        self.assertEqual([(o["job"], o["stream"], o["line"]) for o in output], [("j", "stdout", "hi")])
        times = [o[k] for o in events + stdout_objects for k in ("time", "scheduled_at", "started_at") if k in o]
        for t in times:
            self.assertRegex(t, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")

    def test_verbose_adds_apscheduler_debug_lines(self):
        path = self.write(job("v", ["true"]))
        code, _, quiet_log = Running(path, "--max-runs", "1").finish()
        self.assertNotIn("DEBUG", quiet_log)
        code, _, log = Running(path, "--max-runs", "1", "-v").finish()
        self.assertEqual(code, 0, log)
        self.assertRegex(log, r"DEBUG Next wakeup is due at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in \d+\.\d{6} seconds\)")

    def test_invalid_file_exits_2_before_running(self):
        code, out, log = Running(self.write("[[jobs]]\nid = 'x'\n")).finish()
        self.assertEqual((code, out), (2, ""))
        self.assertIn("missing 'trigger'", log)


class StageTrace(FileTestCase):
    """SCHEDTOOL_TRACE_STAGES (runtime/stage_trace.h): a developer's diagnostic of where runs wait."""

    def test_a_subprocess_run_writes_its_stages_in_order(self):
        path = self.write('[executors.default]\ntype = "subprocess"\n' + job("hello", ["true"]))
        trace = os.path.join(self.dir, "stages")
        p = subprocess.run([SCHEDTOOL, "run", path, "--max-runs", "1", "-q"], capture_output=True, text=True,
                           env=test_env(SCHEDTOOL_TRACE_STAGES=trace), timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(trace) as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 1, lines)
        job_id, *times = lines[0].split()
        scheduled, woke, dispatched, spawn_called, exec_returned, watched = map(int, times)
        self.assertEqual(job_id, "hello")
        self.assertLessEqual(scheduled, dispatched)
        self.assertEqual(sorted([woke, dispatched, spawn_called, exec_returned, watched]),
                         [woke, dispatched, spawn_called, exec_returned, watched])
        self.assertLess(watched - scheduled, 60_000_000)  # microseconds since the epoch, not another unit

    def test_a_file_that_cannot_be_opened_is_an_error_before_anything_runs(self):
        path = self.write(job("hello", ["true"]))
        p = subprocess.run([SCHEDTOOL, "run", path, "--max-runs", "1"], capture_output=True, text=True,
                           env=test_env(SCHEDTOOL_TRACE_STAGES=os.path.join(self.dir, "no", "such", "dir")),
                           timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertIn("SCHEDTOOL_TRACE_STAGES: cannot open '", p.stderr)
        self.assertIn("No such file or directory", p.stderr)
        self.assertNotIn("Running job", p.stderr)


if __name__ == "__main__":
    unittest.main()
