"""Several schedulers, one schedule (issue #20): a postgresql job store shared by instances that each
claim a fire before starting it. One throwaway server (pg_server.py) for the module; each test has its
own database. Every run appends a marker line (job, scheduled time, instance), so "exactly once" is
counted twice: rows in schedtool_runs and starts on disk."""
import collections
import json
import os
import signal
import subprocess
import time
import unittest

from pg_server import PgServer
from support import SCHEDTOOL, FileTestCase, run, test_env

server = None


def setUpModule():
    global server
    server = PgServer()
    server.start()


def tearDownModule():
    if server:
        server.close()


JOB = """
[[jobs]]
id = "{id}"
command = "echo {id} $SCHEDTOOL_SCHEDULED_AT $SCHEDTOOL_INSTANCE >> {markers}"
trigger = "interval"
seconds = 1
"""


class Cluster(FileTestCase):
    jobs = 5

    def setUp(self):
        super().setUp()
        self.db = "cluster_" + self.id().rsplit(".", 1)[-1].lower()
        server.create_database(self.db)
        self.markers = os.path.join(self.dir, "markers")
        text = '[jobstores.default]\ntype = "postgresql"\nlease = "2s"\nhistory_limit = 100000\n'
        text += "".join(JOB.format(id=f"job{i}", markers=self.markers) for i in range(self.jobs))
        self.path = self.write(text)
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        super().tearDown()

    def start(self, name, *extra, control=None):
        env = test_env(**server.env(db=self.db), SCHEDTOOL_INSTANCE=name)
        sock = ["--control", control] if control else ["--no-control"]
        p = subprocess.Popen([SCHEDTOOL, "run", self.path, *sock, "--instance", name, *extra],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.procs.append(p)
        return p

    def rows(self):
        out = server.psql("SELECT job_id, scheduled_us, state, instance FROM schedtool_runs", db=self.db)
        return [line.split("|") for line in out.splitlines() if line]

    def markers_seen(self):
        if not os.path.exists(self.markers):
            return []
        with open(self.markers) as f:
            return [line.split() for line in f if line.strip()]

    @staticmethod
    def micros(rfc3339):
        import datetime
        t = datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))
        return str(round(t.timestamp() * 1_000_000))

    def finish(self, procs):
        outputs = []
        for p in procs:
            out, err = p.communicate(timeout=60)
            outputs.append(err)
            self.assertEqual(p.returncode, 0, err[-2000:])
        return outputs

    def assert_exactly_once(self):
        rows = self.rows()
        keys = collections.Counter((job, us) for job, us, state, instance in rows)
        doubled = [k for k, n in keys.items() if n > 1]
        self.assertEqual(doubled, [], "a (job, fire time) has two rows")
        starts = collections.Counter((job, at) for job, at, *_ in self.markers_seen())
        self.assertEqual([k for k, n in starts.items() if n > 1], [], "a fire started twice")
        # A run whose instance died or slept past its lease is recorded interrupted; its command may have
        # finished (it runs in its own process group), so its marker may be there.
        ended = {(job, us) for job, us, state, _ in rows if state == "ended"}
        interrupted = {(job, us) for job, us, state, _ in rows if state == "interrupted"}
        started = {(job, at) for job, at, *_ in self.markers_seen()}
        by_time = {(job, self.micros(at)) for job, at in started}
        self.assertEqual(ended - by_time, set(), "an ended row without its start")
        self.assertEqual(by_time - ended - interrupted, set(), "a start without its row")
        self.assertEqual([r for r in rows if r[2] in ("claimed", "running")], [], "a row left open after a clean stop")
        # No fire lost: per job, the claimed fire times are consecutive seconds.
        for i in range(self.jobs):
            times = sorted(int(us) for job, us, _, _ in rows if job == f"job{i}")
            self.assertGreater(len(times), 3)
            gaps = [b - a for a, b in zip(times, times[1:]) if b - a != 1_000_000]
            self.assertEqual(gaps, [], f"job{i} skipped or doubled a second")
        return rows


class ThreeInstances(Cluster):
    def test_every_fire_runs_once_across_three_instances(self):
        procs = [self.start(f"node{n}", "--for", "6s") for n in range(3)]
        self.finish(procs)
        rows = self.assert_exactly_once()
        by_instance = collections.Counter(r[3] for r in rows)
        self.assertGreaterEqual(len(by_instance), 2, f"the work should spread: {by_instance}")
        history = run("history", self.path, "-n", "5", env=server.env(db=self.db))
        self.assertEqual(history[0], 0, history[2])


class Failures(Cluster):
    def test_kill_9_and_a_stopped_instance_lose_and_double_nothing(self):
        a, b = self.start("a", "--for", "12s"), self.start("b", "--for", "12s")
        c = self.start("c")
        time.sleep(3)
        c.kill()  # kill -9: its runs in flight are recovered by a or b after its lease (2s)
        c.wait()
        time.sleep(1)
        b.send_signal(signal.SIGSTOP)  # twice its lease
        time.sleep(4.5)
        b.send_signal(signal.SIGCONT)
        outputs = self.finish([a, b])
        rows = self.assert_exactly_once()
        self.assertNotIn(("c", "running"), {(r[3], r[2]) for r in rows}, "c's runs were recovered")
        self.assertIn("lease lapsed and another instance recovered it", outputs[1])
        members = server.psql("SELECT name FROM schedtool_members ORDER BY name", db=self.db)
        self.assertEqual(members.split(), ["c"], "a and b left cleanly; c's row stays, recovered")


class Control(Cluster):
    jobs = 2

    def test_a_pause_on_one_instance_holds_on_all_and_a_resume_reaches_them(self):
        sock = os.path.join(self.dir, "a.sock")
        a = self.start("a", "--for", "10s", control=sock)  # b has no control socket: it learns from the store
        b = self.start("b", "--for", "10s")
        time.sleep(2.5)
        code, out, err = run("ctl", "--control", sock, "status")
        self.assertEqual(code, 0, err)
        self.assertIn("Cluster: 2 members, this one is a\n", out)
        self.assertRegex(out, r"\n    a \([^,]+, pid \d+\): epoch 1, heartbeat \d+s ago, clock [+-]\d\.\d{3}s, \d+ runs? going\n")
        self.assertRegex(out, r"\n    b \([^,]+, pid \d+\): epoch 1, ")
        code, out, err = run("ctl", "--control", sock, "--json", "status")
        self.assertEqual(code, 0, err)
        status = json.loads(out)["status"]
        self.assertEqual([m["name"] for m in status["members"]], ["a", "b"])
        self.assertEqual(status["instance"], "a")
        self.assertIsNone(status["store_failing_since"])
        code, out, err = run("ctl", "--control", sock, "pause", "job0")
        self.assertEqual(code, 0, err)
        paused_at = time.time()
        time.sleep(3)
        code, out, err = run("ctl", "--control", sock, "resume", "job0")
        self.assertEqual(code, 0, err)
        resumed_at = time.time()
        outputs = self.finish([a, b])
        rows = self.rows()
        job0 = sorted(int(us) / 1e6 for job, us, *_ in rows if job == "job0")
        self.assertEqual([t for t in job0 if paused_at < t < resumed_at], [], "a fire ran while paused")
        self.assertTrue(any(t > resumed_at for t in job0), "job0 runs again after the resume")
        keys = collections.Counter((job, us) for job, us, *_ in rows)
        self.assertEqual([k for k, n in keys.items() if n > 1], [])
        starts = collections.Counter((job, at) for job, at, *_ in self.markers_seen())
        self.assertEqual([k for k, n in starts.items() if n > 1], [])
        self.assertIn('Job "job0" was resumed by another instance', outputs[1], "b learned of the resume")


class Backlog(Cluster):
    jobs = 3

    def test_an_instance_behind_claims_only_what_nobody_claimed_and_a_stop_closes_its_queue(self):
        # b sleeps through several fires (SIGSTOP, shorter than its lease) and wakes with a backlog the
        # others have claimed; c has one worker for three jobs of 0.6 s, so its queue is never empty
        # when it stops.
        with open(self.path, "a") as f:
            f.write('\n[job_defaults]\ncoalesce = false\nmisfire_grace_time = "none"\n')
        a, b = self.start("a", "--for", "9s"), self.start("b", "--for", "9s")
        time.sleep(2)
        b.send_signal(signal.SIGSTOP)
        time.sleep(1.5)
        b.send_signal(signal.SIGCONT)
        self.finish([a, b])
        self.assert_exactly_once()

    def test_runs_queued_for_a_worker_when_the_scheduler_stops_are_recorded_missed(self):
        with open(self.path) as f:
            text = f.read().replace('trigger = "interval"', 'trigger = "interval"\nexecutor = "one"')
        text = text.replace("echo ", "sleep 0.6; echo ")
        self.write(text + '\n[executors.one]\ntype = "threadpool"\nmax_workers = 1\n')
        self.finish([self.start("c", "--for", "4s")])
        rows = self.rows()
        self.assertEqual([r for r in rows if r[2] in ("claimed", "running")], [], "a queued run's row left open")
        missed = server.psql("SELECT count(*) FROM schedtool_runs WHERE start_error ="
                             " 'missed: schedtool stopped before a worker was free'", db=self.db)
        self.assertGreater(int(missed), 0)


class Outage(Cluster):
    def test_a_server_stopped_for_5s_doubles_nothing_and_leaves_no_run_open(self):
        procs = [self.start(f"n{n}", "--for", "12s") for n in range(2)]
        time.sleep(3)
        server.stop()
        time.sleep(5)
        server.start()
        outputs = self.finish(procs)
        self.assertTrue(any("Cannot persist state" in err for err in outputs), outputs[0][-1500:])
        rows = self.rows()
        keys = collections.Counter((job, us) for job, us, *_ in rows)
        self.assertEqual([k for k, n in keys.items() if n > 1], [], "a fire has two rows")
        starts = collections.Counter((job, at) for job, at, *_ in self.markers_seen())
        self.assertEqual([k for k, n in starts.items() if n > 1], [], "a fire started twice")
        self.assertEqual([r for r in rows if r[2] in ("claimed", "running")], [], "a run left open")
        after = [r for r in rows if int(r[1]) / 1e6 > time.time() - 3]
        self.assertTrue(after, "runs go on after the outage")


class Recovery(FileTestCase):
    def setUp(self):
        super().setUp()
        self.db = "cluster_recovery"
        server.create_database(self.db)
        self.markers = os.path.join(self.dir, "markers")
        self.path = self.write(f"""
[jobstores.default]
type = "postgresql"
lease = "2s"

[[jobs]]
id = "long"
command = "echo $SCHEDTOOL_INSTANCE >> {self.markers}; sleep 30"
trigger = "interval"
seconds = 1
rerun_interrupted = true
""")

    def start(self, name, *extra):
        return subprocess.Popen([SCHEDTOOL, "run", self.path, "--no-control", "--instance", name, *extra],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=test_env(**server.env(db=self.db), SCHEDTOOL_INSTANCE=name))

    def test_a_run_cut_off_by_kill_9_is_recovered_and_run_again_where_asked(self):
        dead = self.start("dead")
        deadline = time.monotonic() + 10
        while not os.path.exists(self.markers) and time.monotonic() < deadline:
            time.sleep(0.05)
        dead.kill()  # its `sleep 30` lives on in its own process group; the row says running
        dead.communicate()
        killed_at = time.monotonic()
        survivor = self.start("survivor", "--for", "6s", "--shutdown-timeout", "1s")
        _, err = survivor.communicate(timeout=60)
        self.assertEqual(survivor.returncode, 1 if "Killing" in err else 0, err)
        self.assertIn('Job "long": its run of', err)
        self.assertIn("runs again now (rerun_interrupted)", err)
        states = server.psql("SELECT instance, state FROM schedtool_runs ORDER BY row", db=self.db).split()
        self.assertEqual(states[0], "dead|interrupted")
        self.assertEqual(states[1][:len("survivor|")], "survivor|")
        with open(self.markers) as f:
            self.assertEqual(f.read().split(), ["dead", "survivor"])
        self.assertLess(time.monotonic() - killed_at, 30)
        subprocess.run(["pkill", "-f", "sleep 30"], check=False)


class Linking(unittest.TestCase):
    def test_libpq_is_not_linked_into_schedtool(self):
        out = subprocess.run(["ldd", SCHEDTOOL], capture_output=True, text=True).stdout
        self.assertNotIn("libpq", out)
        module = os.path.join(os.path.dirname(SCHEDTOOL), "schedtool-pg.so")
        self.assertIn("libpq", subprocess.run(["ldd", module], capture_output=True, text=True).stdout)

    def test_a_missing_module_is_an_error_naming_it(self):
        import shutil
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            binary = os.path.join(d, "schedtool")
            shutil.copy(SCHEDTOOL, binary)
            jobs = os.path.join(d, "jobs.toml")
            with open(jobs, "w") as f:
                f.write('[jobstores.default]\ntype = "postgresql"\n[[jobs]]\nid = "a"\ncommand = "true"\n'
                        'trigger = "interval"\nseconds = 1\n')
            p = subprocess.run([binary, "run", jobs, "--no-control", "--for", "1s"], capture_output=True, text=True,
                               env=test_env(**server.env(db="postgres")))
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn("needs schedtool-pg.so, which is not installed", p.stderr)


if __name__ == "__main__":
    unittest.main()
