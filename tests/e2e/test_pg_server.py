"""The throwaway PostgreSQL server of the tests (pg_server.py): it answers, it can be reached only
through its own directory, it does not run as root, its data outlive a stop or a kill, and close()
leaves nothing behind."""
import os
import subprocess
import sys
import unittest
from unittest import mock

import pg_server
from pg_server import PgServer, PgServerError

PG_SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pg_server.py")


def status_ids(pid, field):
    """The four ids (real, effective, saved, filesystem) of /proc/PID/status's Uid or Gid line."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return [int(n) for n in line.split()[1:]]
    raise AssertionError(f"no {field} line for {pid}")


def socket_inodes(pid):
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def listening_sockets(pid):
    """The postmaster's listening sockets: Unix socket paths, and the local addresses of TCP ones."""
    mine = socket_inodes(pid)
    unix, tcp = [], []
    with open(f"/proc/{pid}/net/unix") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            # Flags 00010000 is __SO_ACCEPTCON: listen() was called.
            if int(fields[6]) in mine and int(fields[3], 16) & 0x10000:
                unix.append(fields[7] if len(fields) > 7 else "(unnamed)")
    for table in ("tcp", "tcp6"):
        with open(f"/proc/{pid}/net/{table}") as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if int(fields[9]) in mine and fields[3] == "0A":  # TCP_LISTEN
                    tcp.append(fields[1])
    return unix, tcp


def processes_mentioning(text):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if text.encode() in f.read():
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


class OneServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pg = PgServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.pg.close()

    def test_it_answers_select_1_as_the_schedtool_superuser(self):
        self.assertEqual(self.pg.psql("select 1"), "1\n")
        self.assertEqual(self.pg.psql("select current_user, usesuper from pg_user where usename = current_user"),
                         "schedtool|t\n")

    def test_it_starts_in_well_under_the_timeout(self):
        self.assertLess(self.pg.start_seconds, 15)

    def test_its_only_way_in_is_the_socket_in_its_own_directory(self):
        self.assertEqual(self.pg.psql("show listen_addresses"), "\n")
        self.assertEqual(self.pg.psql("show unix_socket_directories"), self.pg.socket_dir + "\n")
        unix, tcp = listening_sockets(self.pg.pid)
        self.assertEqual(unix, [os.path.join(self.pg.socket_dir, ".s.PGSQL.5432")])
        self.assertEqual(tcp, [])
        self.assertEqual(os.stat(self.pg.socket_dir).st_mode & 0o077, 0)  # no one else even gets in
        self.assertIn(f"host={self.pg.socket_dir} ", self.pg.conninfo)

    def test_the_server_never_runs_as_root(self):
        processes = [self.pg.pid, *pg_server._children(self.pg.pid)]
        self.assertGreater(len(processes), 1)  # the checkpointer, walwriter... are checked too
        for pid in processes:
            uids, gids = status_ids(pid, "Uid"), status_ids(pid, "Gid")
            if os.geteuid() == 0:
                self.assertNotIn(0, uids, pid)
                self.assertNotIn(0, gids, pid)
            else:
                self.assertEqual(set(uids), {os.geteuid()}, pid)

    def test_a_failed_statement_raises_with_the_servers_message(self):
        with self.assertRaisesRegex(PgServerError, 'relation "no_such_table" does not exist'):
            self.pg.psql("select * from no_such_table")

    def test_create_database_gives_a_clean_database_each_time(self):
        conninfo = self.pg.create_database("clean_me")
        self.assertIn("dbname=clean_me", conninfo)
        self.pg.psql("create table t (x int); insert into t values (1)", db="clean_me")
        self.pg.create_database("clean_me")
        self.assertEqual(self.pg.psql("select count(*) from pg_tables where tablename = 't'", db="clean_me"), "0\n")

    def test_a_client_with_env_reaches_the_database(self):
        psql = pg_server._program(self.pg.bindir, "psql")
        self.pg.create_database("by_env")
        p = subprocess.run([psql, "-X", "-At", "-c", "select current_database()"], capture_output=True, text=True,
                           env=dict(os.environ, **self.pg.env(db="by_env")), timeout=60)
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "by_env\n", ""))


class Restarts(unittest.TestCase):
    def setUp(self):
        self.pg = PgServer().start()
        self.addCleanup(self.pg.close)
        self.pg.create_database("kept")
        self.pg.psql("create table t (x int); insert into t select generate_series(1, 1000)", db="kept")

    def count(self):
        return self.pg.psql("select count(*), sum(x) from t", db="kept")

    def test_stop_then_start_keeps_the_rows(self):
        directory = self.pg.socket_dir
        self.pg.stop()
        self.assertIsNone(self.pg.pid)
        self.assertFalse(os.path.exists(self.pg.socket_path))
        with self.assertRaises(PgServerError):
            self.pg.psql("select 1")
        self.pg.start()
        self.assertEqual(self.pg.socket_dir, directory)
        self.assertEqual(self.count(), "1000|500500\n")

    def test_kill_then_start_recovers_every_committed_row(self):
        self.pg.psql("insert into t values (0)", db="kept")  # the last commit before the crash
        postmaster = self.pg.pid
        self.pg.kill()
        self.assertFalse(pg_server._alive(postmaster))
        self.pg.start()
        self.assertEqual(self.count(), "1001|500500\n")
        with open(self.pg.log_path) as f:
            self.assertIn("not properly shut down", f.read())


class Close(unittest.TestCase):
    def test_close_removes_the_directory_and_leaves_no_server_process(self):
        pg = PgServer().start()
        directory, postmaster = pg.socket_dir, pg.pid
        self.assertTrue(processes_mentioning(directory))
        pg.close()
        self.assertFalse(os.path.exists(directory))
        self.assertFalse(pg_server._alive(postmaster))
        self.assertEqual(processes_mentioning(directory), [])
        pg.close()  # twice is harmless

    def test_the_command_line_runs_a_command_against_a_server_and_cleans_up(self):
        script = 'echo "$PGHOST"; psql -X -At -c "select current_user"; exit 7'
        psql_dir = os.path.dirname(pg_server._program(pg_server.find_bindir(), "psql"))
        env = dict(os.environ, PATH=psql_dir + os.pathsep + os.environ.get("PATH", ""))
        p = subprocess.run([sys.executable, PG_SERVER, "--", "sh", "-c", script], capture_output=True, text=True,
                           env=env, timeout=120)
        self.assertEqual(p.returncode, 7, p.stderr)
        directory, user = p.stdout.splitlines()
        self.assertEqual(user, "schedtool")
        self.assertFalse(os.path.exists(directory))
        self.assertEqual(processes_mentioning(directory), [])

    def test_a_missing_server_is_an_error_that_says_what_to_install_not_a_skip(self):
        with mock.patch("shutil.which", return_value=None), mock.patch("glob.glob", return_value=[]):
            with self.assertRaisesRegex(PgServerError, "install the `postgresql` package"):
                PgServer()


if __name__ == "__main__":
    unittest.main()
