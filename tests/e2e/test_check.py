"""`schedtool check`: every mistake reported with file:line:column, in one pass; exit 0 or 2."""
import json
import os
import unittest

from bad_inputs import CASES, WARNINGS
from support import SOURCE, FileTestCase, run

NOW = "2026-11-23T12:00:00Z"


class BadInputs(FileTestCase):
    def check(self, text, *extra):
        self.write(text)
        cwd = os.getcwd()
        os.chdir(self.dir)  # so messages say "jobs.toml:…" whatever the temporary path
        try:
            return run("check", "jobs.toml", "--now", NOW, *extra)
        finally:
            os.chdir(cwd)

    def test_each_bad_input_gets_its_exact_message(self):
        for name, text, expected in CASES:
            with self.subTest(name):
                code, out, err = self.check(text)
                self.assertEqual(code, 2, err)
                self.assertEqual(out, "")
                lines = err.splitlines()
                self.assertEqual(lines[:-1], expected)
                self.assertRegex(lines[-1], r"^jobs\.toml: \d+ errors?$")

    def test_warnings_do_not_fail_the_check(self):
        for name, text, expected in WARNINGS:
            with self.subTest(name):
                code, out, err = self.check(text)
                self.assertEqual(code, 0, err)
                self.assertEqual(err.splitlines(), expected)
                self.assertEqual(out, "jobs.toml: 1 job, 1 executor, ok (1 warning)\n")

    def test_a_step_on_weekday_names_is_not_a_numeric_weekday(self):
        code, out, err = self.check('[[jobs]]\nid = "a"\ncommand = "true"\ntrigger = "cron"\nday_of_week = "mon-sun/2"\n')
        self.assertEqual((code, err), (0, ""))

    def test_a_postgresql_store_checks_without_its_variable_or_a_database(self):
        # url_env is read by `run`; the machine that checks the file need not have it (issue #20).
        code, out, err = self.check('[jobstores.default]\ntype = "postgresql"\nurl_env = "SCHEDTOOL_TEST_DB_URL"\n'
                                    'lease = "15s"\nmax_clock_offset = "500ms"\ninstance = "web-1"\n'
                                    'history_limit = 10\n\n[[jobs]]\nid = "a"\ncommand = "true"\ntrigger = "interval"\n')
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "jobs.toml: 1 job, 1 executor, ok\n")
        code, out, err = self.check('[jobstores.default]\ntype = "postgresql"\nurl = "host=db.example.com dbname=sched"\n'
                                    '\n[[jobs]]\nid = "a"\ncommand = "true"\ntrigger = "interval"\n')
        self.assertEqual((code, err), (0, ""))

    def test_json_lists_errors_with_positions(self):
        code, out, _ = self.check(CASES[-1][1], "--json")
        self.assertEqual(code, 2)
        doc = json.loads(out)
        self.assertFalse(doc["ok"])
        self.assertEqual([(e["line"], e["column"]) for e in doc["errors"]], [(5, 8), (10, 17), (11, 11)])
        self.assertEqual(doc["errors"][0]["file"], "jobs.toml")
        self.assertEqual(doc["errors"][0]["message"], "cron field 'hour': 25 is out of range 0-23 (job \"a\")")
        self.assertEqual(doc["warnings"], [])

    def test_json_ok_with_warning(self):
        code, out, _ = self.check(WARNINGS[1][1], "--json")
        self.assertEqual(code, 0)
        doc = json.loads(out)
        self.assertTrue(doc["ok"])
        self.assertEqual(len(doc["warnings"]), 1)

    def test_missing_file(self):
        code, out, err = run("check", os.path.join(self.dir, "nope.toml"))
        self.assertEqual(code, 2)
        self.assertIn("nope.toml: cannot read the jobs file: No such file or directory", err)


class ExampleFile(unittest.TestCase):
    def test_example_file_is_valid(self):
        code, out, err = run("check", os.path.join(SOURCE, "jobs.example.toml"))
        self.assertEqual((code, err), (0, ""))
        self.assertTrue(out.endswith("jobs.example.toml: 10 jobs, 2 executors, ok\n"), out)


if __name__ == "__main__":
    unittest.main()
