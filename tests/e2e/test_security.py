"""Secure by default: argv never meets a shell, root refuses files others could change or symlinks
others own, jobs run as another user (the switch fails the run, never the scheduler), and
env_file secrets reach the job but never the log."""
import json
import os
import shutil
import subprocess
import unittest

from support import SCHEDTOOL, FileTestCase, run, test_env

ROOT = os.geteuid() == 0


def job(id, command, extra=""):
    return f'[[jobs]]\nid = "{id}"\ntrigger = "date"\ncommand = {json.dumps(command)}\n{extra}\n'


class Security(FileTestCase):
    def run_jobs(self, text, runs, *args):
        path = self.write(text)
        return run("run", path, "--max-runs", str(runs), "--no-control", *args)

    def test_argv_never_meets_a_shell(self):
        code, out, err = self.run_jobs(job("argv", ["echo", "$HOME; touch pwned `id`"]), 1)
        self.assertEqual(code, 0, err)
        self.assertIn("[argv] $HOME; touch pwned `id`\n", out)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "pwned")))

    def test_env_file_reaches_the_job_but_never_the_log(self):
        secret = "hunter2-do-not-log"
        with open(os.path.join(self.dir, "app.env"), "w") as f:
            f.write(f"# database\nexport DB_PASSWORD='{secret}'\nPLAIN = x y \n")
        os.chmod(os.path.join(self.dir, "app.env"), 0o600)
        text = job("env", ["sh", "-c", 'test "$DB_PASSWORD" = "$WANT" && echo "plain=[$PLAIN]"'],
                   f'env_file = "app.env"\nenv = {{ WANT = "{secret}" }}')
        code, out, err = self.run_jobs(text, 1, "--log-format", "json")
        self.assertEqual(code, 0, err)
        self.assertIn('"line":"plain=[x y]"', out)
        path = os.path.join(self.dir, "jobs.toml")
        with open(path, "w") as f:
            f.write(job("env", ["true"], 'env_file = "app.env"'))
        for args in (["check", "--json", path], ["jobs", "--json", path], ["next", "--file", path]):
            code, out2, err2 = run(*args)
            self.assertNotIn(secret, out2 + err2, args)
        self.assertNotIn(secret, err)

    def test_env_file_errors_name_the_line_not_the_secret(self):
        with open(os.path.join(self.dir, "bad.env"), "w") as f:
            f.write("OK=1\nthis-is-a-secret-without-equals\n")
        path = self.write(job("env", ["true"], 'env_file = "bad.env"') + job("gone", ["true"], 'env_file = "missing.env"'))
        code, out, err = run("check", path)
        self.assertEqual(code, 2)
        self.assertIn(f"{path}:5:12: env_file '{self.dir}/bad.env': line 2: expected NAME=VALUE (job \"env\")", err)
        self.assertIn(f"env_file '{self.dir}/missing.env': No such file or directory (job \"gone\")", err)
        self.assertNotIn("this-is-a-secret", err)

    def test_an_env_file_others_can_read_is_a_warning(self):
        with open(os.path.join(self.dir, "open.env"), "w") as f:
            f.write("A=1\n")
        os.chmod(os.path.join(self.dir, "open.env"), 0o644)
        code, _, err = run("check", self.write(job("env", ["true"], 'env_file = "open.env"')))
        self.assertEqual(code, 0, err)
        self.assertIn("others can read it; it should be private (chmod 600)", err)

    @unittest.skipUnless(ROOT, "needs root")
    def test_as_root_a_job_runs_as_its_user_and_group(self):
        os.chmod(self.dir, 0o755)
        text = (job("nobody", ["id", "-u"], 'user = "nobody"') +
                job("group", ["id", "-g"], 'group = "65534"') +
                job("typo", ["true"], 'user = "nobdy"') +
                job("after", ["echo", "still scheduling"]))
        code, out, err = self.run_jobs(text, 4)
        self.assertEqual(code, 0, err)
        self.assertIn("[nobody] 65534\n", out)
        self.assertIn("[group] 65534\n", out)
        self.assertIn("failed: could not start: user 'nobdy': no such user", err)
        self.assertIn("[after] still scheduling", out)

    @unittest.skipUnless(ROOT and shutil.which("setpriv"), "needs root and setpriv to run as a plain user")
    def test_not_root_the_switch_fails_the_run_not_the_scheduler(self):
        os.chmod(self.dir, 0o777)
        path = self.write(job("become-root", ["id"], 'user = "root"') + job("fine", ["echo", "ok"]))
        os.chmod(path, 0o644)
        p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", SCHEDTOOL, "run", path,
                            "--max-runs", "2", "--no-control"], capture_output=True, text=True, env=test_env(), timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("could not start: 'id' as user root: setgroups: Operation not permitted", p.stderr)
        self.assertIn("[fine] ok", p.stdout)

    @unittest.skipUnless(ROOT, "the rule applies to root")
    def test_root_refuses_a_jobs_file_others_could_change(self):
        path = self.write(job("x", ["true"]))
        os.chmod(path, 0o664)
        code, _, err = run("run", path, "--no-control", "--for", "1s")
        self.assertEqual(code, 2)
        self.assertIn(f"{path}: the jobs file is writable by its group (chmod go-w {path}) — refusing to run it as root", err)
        code, _, err = run("check", path)  # check says what run would refuse, as a warning
        self.assertEqual(code, 0, err)
        self.assertIn("warning: schedtool run would refuse this: the jobs file is writable by its group", err)
        os.chmod(path, 0o644)
        os.chmod(self.dir, 0o777)
        code, _, err = run("run", path, "--no-control", "--for", "1s")
        self.assertEqual(code, 2)
        self.assertIn(f"its directory {self.dir} is writable by others", err)
        os.chmod(self.dir, 0o1777)  # sticky, like /tmp: others cannot replace root's file
        code, _, err = run("run", path, "--no-control", "--for", "0s")
        self.assertEqual(code, 0, err)
        os.chmod(self.dir, 0o700)

    @unittest.skipUnless(ROOT, "the rule applies to root")
    def test_root_does_not_follow_symlinks_another_user_owns(self):
        target = os.path.join(self.dir, "real")
        os.mkdir(target)
        link = os.path.join(self.dir, "link")
        os.symlink(target, link)
        os.lchown(link, 65534, 65534)
        path = self.write(job("x", ["true"], f'cwd = "{link}"'))
        code, _, err = run("run", path, "--no-control", "--for", "1s")
        self.assertEqual(code, 2)
        self.assertIn(f"cwd '{link}': refusing to follow the symlink {link} owned by uid 65534 while running as root", err)
        with open(os.path.join(target, "a.env"), "w") as f:
            f.write("A=1\n")
        path = self.write(job("x", ["true"], 'env_file = "link/a.env"'))
        code, _, err = run("check", path)
        self.assertEqual(code, 2)
        self.assertIn(f"refusing to follow the symlink {link} owned by uid 65534 while running as root", err)


if __name__ == "__main__":
    unittest.main()
