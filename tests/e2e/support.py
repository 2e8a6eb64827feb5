"""Helpers for the end-to-end tests: run the real binary on files in a temporary directory."""
import os
import subprocess
import tempfile
import unittest

SCHEDTOOL = os.environ.get("SCHEDTOOL", "schedtool")
if os.sep in SCHEDTOOL:  # tests change directory; keep a relative path working
    SCHEDTOOL = os.path.abspath(SCHEDTOOL)
SOURCE = os.environ.get("SCHEDTOOL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))


def test_env(**extra):
    """The environment schedtool runs in: UTC, and no XDG_RUNTIME_DIR, so each scheduler's control
    socket is FILE.sock beside its jobs file in the test's own directory."""
    env = dict(os.environ, TZ="UTC")
    env.pop("XDG_RUNTIME_DIR", None)
    env.update(extra)
    return env


def run(*args, input=None, env=None, timeout=60):
    """Run schedtool; return (exit code, stdout, stderr)."""
    full_env = test_env(**(env or {}))
    p = subprocess.run([SCHEDTOOL, *args], capture_output=True, text=True, input=input, env=full_env,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr


class FileTestCase(unittest.TestCase):
    """A test case with a scratch directory for jobs files."""

    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.dir = self._dir.name

    def tearDown(self):
        self._dir.cleanup()

    def write(self, text, name="jobs.toml"):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path
