"""Crontab files as they are (cron, cron.d, supercronic): check, convert, next and run.

The corpus in crontabs/ was written for these tests in the styles of Debian's /etc/crontab and
cron.d fragments, supercronic's README and a user's `crontab -e`. Each file must check clean,
convert to a jobs file that checks clean, and give the same fire times as its conversion."""
import os
import subprocess
import unittest

from support import SCHEDTOOL, FileTestCase, run, test_env

CORPUS = os.path.join(os.path.dirname(__file__), "crontabs")
SYSTEM = {"debian_etc_crontab", "cron.d_php", "cron.d_certbot"}  # with a user column
FROM = "2026-12-03T12:00:00Z"


def format_of(name):
    return "system-crontab" if name in SYSTEM else "crontab"


class Corpus(FileTestCase):
    def files(self):
        return sorted(os.listdir(CORPUS))

    def test_each_file_checks_clean(self):
        for name in self.files():
            with self.subTest(name):
                code, out, err = run("check", "--format", format_of(name), os.path.join(CORPUS, name))
                self.assertEqual(code, 0, err)
                self.assertRegex(out, r": \d+ jobs?, 1 executor, ok\n$")

    def test_conversion_checks_clean_and_fires_at_the_same_times(self):
        for name in self.files():
            with self.subTest(name):
                source = os.path.join(CORPUS, name)
                code, toml, err = run("convert", "--format", format_of(name), source)
                self.assertEqual((code, err), (0, ""))
                converted = self.write(toml, name + ".toml")
                code, out, err = run("check", converted)
                self.assertEqual(code, 0, err)
                for args in (["-n", "50"], ["-n", "20", "--json"]):
                    _, from_crontab, err1 = run("next", "--file", source, "--format", format_of(name), "--from", FROM, *args)
                    _, from_toml, err2 = run("next", "--file", converted, "--from", FROM, *args)
                    self.assertEqual((err1, err2), ("", ""))
                    self.assertTrue(from_crontab)
                    self.assertEqual(from_crontab, from_toml)

    def test_conversion_keeps_comments_and_derives_stable_ids(self):
        code, toml, _ = run("convert", "--format", "system-crontab", os.path.join(CORPUS, "debian_etc_crontab"))
        self.assertEqual(code, 0)
        self.assertIn("# /etc/crontab: system-wide crontab\n", toml)
        self.assertIn("# *  *  *  *  * user-name command to be executed\n[[jobs]]\n"
                      'id = "cron-hourly"\ntrigger = "cron"\ncrontab = "17 * * * *"\n'
                      'command = "cd / && run-parts --report /etc/cron.hourly"\nuser = "root"\n'
                      'env = { SHELL = "/bin/sh" }\n', toml)
        ids = [line for line in toml.splitlines() if line.startswith("id = ")]
        self.assertEqual(ids, ['id = "cron-hourly"', 'id = "anacron"', 'id = "anacron-2"', 'id = "anacron-3"'])
        self.assertEqual(run("convert", "--format", "system-crontab", os.path.join(CORPUS, "debian_etc_crontab"))[1], toml)

    def test_environment_zone_shell_and_percent_rule(self):
        code, toml, _ = run("convert", os.path.join(CORPUS, "user_crontab"))
        self.assertEqual(code, 0)
        self.assertIn('crontab = "30 2 * * *"\ntimezone = "Europe/Berlin"\n', toml)
        self.assertIn('crontab = "0 9 * * mon-fri"\ntimezone = "America/New_York"\n', toml)
        self.assertIn('command = "printf \'%s\' \'Done for today.\\nSee you tomorrow.\\n\' | {\\n'
                      'mail -s \\"daily % report\\" ops@example.com\\n}"\n', toml)
        self.assertIn('command = ["/bin/bash", "-c", "[[ -f /tmp/flag ]] && rm /tmp/flag"]\n', toml)
        self.assertIn('env = { MAILTO = "", PATH = "/usr/local/bin:/usr/bin:/bin", BACKUP_DIR = "/var/backups/app" }', toml)
        self.assertIn('id = "echo"\ntrigger = "date"', toml)  # @reboot: once at start


class Detection(FileTestCase):
    def test_a_crontab_is_recognised_by_its_content(self):
        path = self.write("# nightly\nSHELL=/bin/bash\n30 2 * * * /usr/local/bin/backup.sh\n", "crontab")
        code, out, err = run("jobs", path, "--now", FROM)
        self.assertEqual(code, 0, err)
        self.assertIn("    backup (trigger: cron[hour='2', minute='30'], next run at: 2026-12-04 02:30:00 UTC)", out)

    def test_a_toml_file_with_another_name_is_still_toml(self):
        path = self.write('[[jobs]]\nid = "a"\ntrigger = "interval"\nseconds = 5\ncommand = "true"\n', "jobs.conf")
        self.assertEqual(run("check", path)[0], 0)

    def test_format_forces_the_reading(self):
        path = self.write("*/5 * * * * echo hi\n", "jobs.toml")
        code, _, err = run("check", path)
        self.assertEqual(code, 2)
        self.assertIn("invalid TOML", err)
        self.assertEqual(run("check", "--format", "crontab", path)[0], 0)


class Errors(FileTestCase):
    def test_every_bad_line_is_positioned_with_a_caret(self):
        self.write("# x\n*/5 * * * *\n0 25 * * * echo hi\nhello world\nCRON_TZ=Europe/Berln\n"
                   "30 2 * * * %input only\n", "crontab")
        cwd = os.getcwd()
        os.chdir(self.dir)
        try:
            code, out, err = run("check", "crontab")
        finally:
            os.chdir(cwd)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "crontab:2:12: expected a command after the schedule\n  */5 * * * *\n             ^\n"
                              "crontab:3:3: hour 25 is out of range 0-23\n  0 25 * * * echo hi\n    ^^\n"
                              "crontab:4:1: expected a schedule (5 fields or an @macro) and a command, or NAME=value\n"
                              "  hello world\n  ^^^^^^^^^^^\n"
                              "crontab:5:9: CRON_TZ: unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)\n"
                              "  CRON_TZ=Europe/Berln\n          ^^^^^^^^^^^^\n"
                              "crontab:6:12: the command is empty: a '%' starts the command's input\n"
                              "  30 2 * * * %input only\n             ^\n"
                              "crontab: 5 errors\n")

    def test_a_system_crontab_line_needs_a_user_and_a_command(self):
        path = self.write("17 * * * * root\n", "sys")
        code, _, err = run("check", "--format", "system-crontab", path)
        self.assertEqual(code, 2)
        self.assertIn(":1:16: expected a command after the user 'root'\n", err)

    def test_convert_reports_errors_and_prints_nothing(self):
        path = self.write("0 25 * * * echo\n", "crontab")
        code, out, err = run("convert", path)
        self.assertEqual((code, out), (2, ""))
        self.assertIn(":1:3: hour 25 is out of range 0-23", err)


class RunsLikeCron(FileTestCase):
    def test_env_lines_shell_and_input_reach_the_command(self):
        path = self.write("GREETING=hello from cron\nSHELL=/bin/bash\n"
                          '* * * * * * echo "$GREETING ${BASH_VERSION:+in bash}"\n'
                          "* * * * * * cat%first line%second line\n", "crontab")
        p = subprocess.run([SCHEDTOOL, "run", path, "--max-runs", "2"], capture_output=True, text=True,
                           env=test_env(), timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("[echo] hello from cron in bash\n", p.stdout)
        # The two jobs run at once, so their lines may interleave: cat's own lines, in order.
        cat_lines = [line for line in p.stdout.splitlines() if line.startswith("[cat] ")]
        self.assertEqual(cat_lines, ["[cat] first line", "[cat] second line"])


if __name__ == "__main__":
    unittest.main()
