"""systemd's notify protocol (#23), spoken by `schedtool run` itself: a test listens on its own
NOTIFY_SOCKET, as systemd would. READY=1 only after the scheduler started and its control socket
listens; RELOADING=1/READY=1 around SIGHUP and `ctl reload`; STOPPING=1 on SIGTERM; WATCHDOG=1 at
half of WATCHDOG_USEC, which stops while the process is stopped (SIGSTOP)."""
import os
import signal
import socket
import subprocess
import time

from support import SCHEDTOOL, FileTestCase, run, test_env

JOBS = """
[[jobs]]
id = "hourly"
trigger = "interval"
hours = 1
command = "true"
"""


class NotifyProtocol(FileTestCase):
    def start(self, address, bind_to, **env):
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(self.listener.close)
        self.listener.bind(bind_to)
        self.control = os.path.join(self.dir, "ctl.sock")
        self.proc = subprocess.Popen([SCHEDTOOL, "run", self.write(JOBS), "--control", self.control],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=test_env(NOTIFY_SOCKET=address, **env))
        self.addCleanup(self.stop)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()

    def receive(self, timeout=5.0):
        self.listener.settimeout(timeout)
        return self.listener.recv(4096).decode()

    def next_not_watchdog(self):
        while True:
            message = self.receive()
            if message != "WATCHDOG=1" and not message.startswith("STATUS="):
                return message

    def pings_during(self, seconds):
        end, pings = time.monotonic() + seconds, []
        while (left := end - time.monotonic()) > 0:
            try:
                if self.receive(left) == "WATCHDOG=1":
                    pings.append(time.monotonic())
            except socket.timeout:
                break
        return pings

    def test_ready_reload_stopping(self):
        path = os.path.join(self.dir, "notify.sock")
        self.start(path, path)
        ready = self.next_not_watchdog()
        self.assertRegex(ready, r"^READY=1\nSTATUS=1 job, next wake-up \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$")
        os.set_blocking(self.proc.stderr.fileno(), False)  # the log
        self.assertIn(b"Scheduler started", self.proc.stderr.read() or b"")  # said before READY
        self.assertEqual(run("ctl", "--control", self.control, "status")[0], 0)  # listening at READY

        self.proc.send_signal(signal.SIGHUP)
        self.assertRegex(self.next_not_watchdog(), r"^RELOADING=1\nMONOTONIC_USEC=\d+$")
        self.assertTrue(self.next_not_watchdog().startswith("READY=1\nSTATUS=1 job"))
        self.assertEqual(run("ctl", "--control", self.control, "reload")[0], 0)
        self.assertTrue(self.next_not_watchdog().startswith("RELOADING=1\n"))
        self.assertTrue(self.next_not_watchdog().startswith("READY=1\n"))

        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.next_not_watchdog(), "STOPPING=1")
        self.assertEqual(self.proc.wait(timeout=10), 0)

    def test_watchdog_at_half_the_timeout_and_not_while_stopped(self):
        name = f"@schedtool-e2e-{os.getpid()}"  # an abstract socket, as systemd may hand out
        self.start(name, "\0" + name[1:], WATCHDOG_USEC="200000")
        self.assertTrue(self.receive().startswith("READY=1\n"))
        pings = self.pings_during(1.0)
        self.assertGreaterEqual(len(pings), 6)  # every 0.1 s: about 10 in a second
        self.assertLessEqual(len(pings), 12)
        self.proc.send_signal(signal.SIGSTOP)
        time.sleep(0.1)
        self.pings_during(0.05)  # drain what was sent before the stop took effect
        self.assertEqual(self.pings_during(0.6), [])
        self.proc.send_signal(signal.SIGCONT)
        self.assertGreaterEqual(len(self.pings_during(0.5)), 2)

    def test_watchdog_of_another_process_is_not_ours(self):
        path = os.path.join(self.dir, "notify.sock")
        self.start(path, path, WATCHDOG_USEC="200000", WATCHDOG_PID="1")
        self.assertTrue(self.receive().startswith("READY=1\n"))
        self.assertEqual(self.pings_during(0.5), [])


if __name__ == "__main__":
    import unittest
    unittest.main()
