"""`schedtool ctl` against a real `schedtool run`: each command's effect on what actually runs, and a
control socket that no client can misuse (garbage, silence, floods, other users, stale sockets)."""
import json
import os
import shutil
import socket
import stat
import subprocess
import threading
import time
import unittest

from support import SCHEDTOOL, FileTestCase, run
from test_run import Running

TICK = '[[jobs]]\nid = "tick"\ntrigger = "interval"\nseconds = 1\ncommand = ["true"]\n'
SLOW = '[[jobs]]\nid = "slow"\ntrigger = "interval"\nhours = 1\ncommand = ["sleep", "30"]\n'


class ControlledScheduler:
    """A `schedtool run` of a jobs file written for the test, and `ctl` against it (a mixin, not a
    test case, so that other test files can use it without running these tests again)."""

    def start(self, text, *args):
        self.path = self.write(text)
        self.sock = self.path + ".sock"
        self.r = Running(self.path, *args)
        self.r.wait_for("Scheduler started")
        self.addCleanup(self.stop, self.r)
        return self.r

    @staticmethod
    def stop(r):
        if r.proc.poll() is None:
            r.proc.terminate()
        if not getattr(r, "finished", False):
            r.finished = True
            return r.finish()

    def ctl(self, *args, expect=0):
        code, out, err = run("ctl", "--file", self.path, *args)
        self.assertEqual(code, expect, f"ctl {args}: {out}{err}")
        return out + err

    def ctl_json(self, *args, expect=0):
        return json.loads(self.ctl("--json", *args, expect=expect))

    def runs_of(self, job):
        return sum(1 for line in self.r.log if f'Running job "{job} ' in line)


class Ctl(ControlledScheduler, FileTestCase):

    def raw(self, data, read=True):
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.sock)
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            return s.makefile().readline() if read else ""

    def test_socket_is_0600_next_to_the_jobs_file_and_removed_on_exit(self):
        self.start(TICK)
        self.assertTrue(stat.S_ISSOCK(os.stat(self.sock).st_mode))
        self.assertEqual(stat.S_IMODE(os.stat(self.sock).st_mode), 0o600)
        self.r.proc.terminate()
        self.assertEqual(self.r.proc.wait(10), 0)
        self.assertFalse(os.path.exists(self.sock))

    def test_pause_stops_runs_and_resume_says_what_was_dropped(self):
        self.start(TICK)
        self.r.wait_for('Running job "tick')
        self.assertIn('Paused job "tick"', self.ctl("pause", "tick"))
        paused_at = self.runs_of("tick")
        time.sleep(2.2)
        self.assertEqual(self.runs_of("tick"), paused_at)  # nothing ran while paused
        jobs = self.ctl_json("jobs")["jobs"]
        self.assertEqual([(j["id"], j["paused"], j["next_run_time"]) for j in jobs], [("tick", True, None)])
        out = self.ctl("resume", "tick")
        self.assertRegex(out, r'Resumed job "tick", next run at .*; [23] runs missed while paused were dropped')
        self.r.wait_for("executed successfully", timeout=5)
        time.sleep(1.2)
        self.assertGreater(self.runs_of("tick"), paused_at)

    def test_pause_all_and_resume_all(self):
        self.start(TICK)
        self.ctl("pause-all")
        before = self.runs_of("tick")
        time.sleep(1.5)
        self.assertEqual(self.runs_of("tick"), before)
        self.assertIn("Scheduler paused since", self.ctl("status"))
        self.ctl("resume-all")
        time.sleep(1.5)
        self.assertGreater(self.runs_of("tick"), before)

    def test_run_now_respects_max_instances_and_status_shows_the_pid(self):
        self.start(SLOW)
        self.assertIn('Started job "slow"', self.ctl("run", "slow"))
        self.r.wait_for('Running job "slow')
        err = self.ctl("run", "slow", expect=1)
        self.assertIn('job "slow" is running 1 instance already (max_instances)', err)
        for _ in range(50):  # the subprocess executor's pid arrives once the child has started
            running = self.ctl_json("status")["status"]["running"]
            if running and running[0]["pid"]:
                break
            time.sleep(0.05)
        self.assertEqual(running[0]["job"], "slow")
        with open(f"/proc/{running[0]['pid']}/cmdline", "rb") as f:
            self.assertEqual(f.read(), b"sleep\x0030\x00")
        self.assertIn("running: 1 instance", self.ctl("jobs"))

    def test_remove_and_reload_with_errors(self):
        self.start(TICK + SLOW)
        self.assertIn('Removed job "tick" until the next reload', self.ctl("remove", "tick"))
        time.sleep(0.2)
        before = self.runs_of("tick")
        time.sleep(1.5)
        self.assertEqual(self.runs_of("tick"), before)
        self.assertIn("no job with id 'tick'", self.ctl("pause", "tick", expect=1))
        # Nothing close to the typo: the few ids there are, so the right spelling is on screen (#17).
        self.assertEqual(self.ctl("pause", "nosuch", expect=1), "schedtool: error: no job with id 'nosuch' (its jobs: slow)\n")
        with open(self.path, "a") as f:
            f.write('[[jobs]]\nid = "bad"\ntrigger = "cron"\nhour = 25\ncommand = "true"\n')
        reply = self.ctl_json("reload", expect=1)
        self.assertEqual(reply["error"], "reload_failed")
        self.assertEqual(len(reply["errors"]), 1)
        self.assertRegex(reply["errors"][0], r"jobs\.toml:\d+:\d+: .*25.*")
        self.write(TICK + SLOW)
        self.assertIn("Reloaded", self.ctl("reload"))
        self.assertEqual(sorted(j["id"] for j in self.ctl_json("jobs")["jobs"]), ["slow", "tick"])

    def test_pause_resume_remove_by_tag(self):
        tagged = TICK.replace('command = ["true"]', 'tags = ["fast"]\ncommand = ["true"]')
        tock = tagged.replace('"tick"', '"tock"')
        self.start(tagged + tock + SLOW)
        self.assertEqual(self.ctl("pause", "--tag", "fast"), 'Paused job "tick"\nPaused job "tock"\n')
        jobs = {j["id"]: j["paused"] for j in self.ctl_json("jobs")["jobs"]}
        self.assertEqual(jobs, {"tick": True, "tock": True, "slow": False})
        reply = self.ctl_json("resume", "--tag", "fast")
        self.assertEqual(reply["message"], 'Resumed 2 jobs tagged "fast": tick, tock')
        self.assertIn("no job has the tag 'slow'", self.ctl("remove", "--tag", "slow", expect=1))
        self.assertIn("give a job id or --tag NAME (not both)", self.ctl("pause", "tick", "--tag", "fast", expect=2))
        self.assertEqual(self.ctl("remove", "--tag", "fast"),
                         'Removed job "tick" until the next reload (running instances finish)\n'
                         'Removed job "tock" until the next reload (running instances finish)\n')
        self.assertEqual([j["id"] for j in self.ctl_json("jobs")["jobs"]], ["slow"])

    def test_usage_and_unreachable_exit_codes(self):
        self.path = self.write(TICK)
        code, _, err = run("ctl", "--file", self.path, "status")
        self.assertEqual(code, 3, err)
        self.assertIn("no scheduler is listening on", err)
        self.assertEqual(run("ctl", "--file", self.path, "pause")[0], 2)  # no id
        self.assertEqual(run("ctl", "--file", self.path, "frobnicate")[0], 2)

    def test_garbage_silence_floods_and_concurrent_clients_never_disturb_it(self):
        self.start(TICK)
        silent = socket.socket(socket.AF_UNIX)
        silent.connect(self.sock)  # says nothing, holds its connection
        self.addCleanup(silent.close)
        self.assertEqual(json.loads(self.raw(b"\x00\xff garbage\n"))["error"], "bad_request")
        self.assertEqual(json.loads(self.raw(b'{"cmd":"status"}'))["ok"], True)  # no newline before EOF
        big = json.loads(self.raw(b"x" * (70 * 1024)))
        self.assertEqual(big["error"], "too_large")
        results = []

        def client():
            for _ in range(10):
                code, out, _ = run("ctl", "--file", self.path, "--json", "status")
                results.append(code == 0 and json.loads(out)["ok"])

        threads = [threading.Thread(target=client) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [True] * 60)
        self.assertIsNone(self.r.proc.poll())
        self.assertIn("Scheduler running", self.ctl("status"))

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"), "needs root and setpriv to connect as another uid")
    def test_a_peer_with_another_uid_is_refused_and_logged(self):
        self.start(TICK)
        os.chmod(self.sock, 0o666)  # let it reach the credential check
        os.chmod(self.dir, 0o755)
        probe = ("import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect(%r)\n"
                 "try:\n    s.sendall(b'{\"cmd\":\"status\"}\\n')\n    print(repr(s.recv(100)))\n"
                 "except (ConnectionResetError, BrokenPipeError):\n    print('reset')\n" % self.sock)
        p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", probe],
                           capture_output=True, text=True, timeout=10)
        self.assertIn(p.stdout.strip(), ("b''", "reset"), p.stderr)  # closed without a word
        self.r.wait_for("Refused a control connection from uid 65534")

    def test_a_stale_socket_is_replaced_and_a_live_one_is_not_stolen(self):
        path = self.write(TICK)
        stale = socket.socket(socket.AF_UNIX)
        stale.bind(path + ".sock")
        stale.close()  # the file stays, nobody listens: what a crash leaves
        self.start(TICK)
        self.assertIn("Scheduler running", self.ctl("status"))
        code, _, err = run("run", self.path, "--for", "1s")
        self.assertEqual(code, 2, err)
        self.assertRegex(err, r"another scheduler \(pid %d\) is listening there" % self.r.proc.pid)
        self.assertIn("Scheduler running", self.ctl("status"))  # the first one still has its socket

    def test_a_path_that_is_not_a_socket_is_left_alone(self):
        path = self.write(TICK)
        with open(path + ".sock", "w") as f:
            f.write("mine")
        code, _, err = run("run", path, "--control", path + ".sock", "--for", "1s")
        self.assertEqual(code, 2, err)
        self.assertIn("the path exists and is not a socket (not replacing it)", err)
        with open(path + ".sock") as f:
            self.assertEqual(f.read(), "mine")

    def test_pause_survives_a_restart_with_a_state_file(self):
        state = os.path.join(self.dir, "state.db")
        self.start(TICK, "--state", state)
        self.ctl("pause", "tick")
        self.assertEqual(self.stop(self.r)[0], 0)
        self.start(TICK, "--state", state)
        self.assertEqual(self.ctl_json("jobs")["jobs"][0]["paused"], True)
        time.sleep(1.3)
        self.assertEqual(self.runs_of("tick"), 0)


if __name__ == "__main__":
    unittest.main()
