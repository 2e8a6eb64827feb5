"""Faults the scheduler must survive while it runs: the disk under its state file filling up. (Misbehaving jobs — SIGTERM ignored, daemons holding the pipe, floods of
output, missing programs or cwd — are in test_run.py; wall-clock jumps in the unit tests.)"""
import os
import shutil
import subprocess
import unittest

from support import SCHEDTOOL, FileTestCase, test_env


def can_mount_tmpfs():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


@unittest.skipUnless(can_mount_tmpfs(), "needs root and mount namespaces for a small tmpfs")
class StoreFaults(FileTestCase):
    def run_with_small_disk(self, spoil):
        """A tick job every second with its state on a 1 MiB tmpfs, and a job that spoils that disk."""
        disk = os.path.join(self.dir, "disk")
        os.mkdir(disk)
        path = self.write(f'''
[jobstores.default]
type = "sqlite"
path = "{disk}/state.db"

[[jobs]]
id = "tick"
trigger = "interval"
seconds = 1
command = ["true"]

[[jobs]]
id = "spoil"
trigger = "date"
command = ["sh", "-c", {spoil!r}]
''')
        script = f"mount -t tmpfs -o size=1m tmpfs {disk} && exec {SCHEDTOOL} run {path} --max-runs 6 --no-control"
        p = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                           capture_output=True, text=True, env=test_env(), timeout=60)
        return p.returncode, p.stderr

    def assert_keeps_running_from_memory(self, code, log):
        self.assertEqual(code, 0, log)
        self.assertEqual(log.count("Cannot persist state ("), 1, log)  # said once, not per run
        self.assertIn("jobs keep running from memory", log)
        after = log.split("Cannot persist state (", 1)[1]
        self.assertGreaterEqual(after.count('Job "tick'), 3, log)  # and the runs go on

    def test_a_full_disk(self):
        code, log = self.run_with_small_disk(f"cat /dev/zero > {self.dir}/disk/fill; exit 0")
        self.assert_keeps_running_from_memory(code, log)
        self.assertIn("database or disk is full", log)

    def test_a_read_only_store_at_start_is_a_clear_error(self):
        # Not started rather than started without the persistence the file asks for; the same
        # store turning unwritable while running is the full-disk case above.
        disk = os.path.join(self.dir, "disk")
        os.mkdir(disk)
        path = self.write(f'[jobstores.default]\ntype = "sqlite"\npath = "{disk}/state.db"\n'
                          '[[jobs]]\nid = "tick"\ntrigger = "interval"\nseconds = 1\ncommand = ["true"]\n')
        run = f"{SCHEDTOOL} run {path} --for 0s --no-control"
        script = f"mount -t tmpfs -o size=1m tmpfs {disk} && {run} >/dev/null 2>&1 && mount -o remount,ro {disk} && exec {run}"
        p = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                           capture_output=True, text=True, env=test_env(), timeout=60)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(f"schedtool: error: cannot open state file '{disk}/state.db': Read-only file system", p.stderr)


if __name__ == "__main__":
    unittest.main()
