"""A throwaway PostgreSQL server for the tests (issue #20): `initdb` into a fresh temporary directory,
a Unix socket in that directory only (no TCP port), stopped and removed at the end.

    with PgServer() as pg:                      # about 1 s: initdb, start, wait until it answers
        db = pg.create_database("store_test")   # a clean database; returns its conninfo
        pg.psql("create table t (x int)", db="store_test")
        pg.stop(); pg.start()                   # same data directory: the rows are kept
        pg.kill()                               # SIGKILL the postmaster (crash tests); start() again
        run("run", ..., env=pg.env(db="store_test"))   # PGHOST, PGPORT, PGUSER, PGDATABASE

From the command line (a benchmark script, or a human):

    python3 tests/e2e/pg_server.py -- CMD ARGS...

starts a server, runs CMD with PGHOST=DIR PGPORT=5432 PGUSER=schedtool PGDATABASE=postgres, stops the
server, removes the directory and exits with CMD's status.

The server programs come from `pg_config --bindir` when that directory has `initdb` and `postgres`,
else from the newest /usr/lib/postgresql/*/bin: Debian puts neither on PATH. Without them, PgServer
raises (install `postgresql`; `scripts/setup test` does); a test never skips for a missing server.

PostgreSQL refuses to run as root. Under root (CI) the directory is given to `nobody` and initdb and
postgres run as that user; root still connects through the socket. The postmaster is our child
(started without pg_ctl) with a parent-death signal (setpriv --pdeathsig), so a test process that is
killed does not leave a server behind; start it from the thread that will outlive it. Settings are
for speed, not durability against a machine crash: fsync and full_page_writes are off
(a commit is still written to the kernel before it returns, so kill() loses nothing committed).
Python standard library only.
"""
import atexit
import glob
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

USER = "schedtool"  # the database superuser initdb creates
PORT = 5432  # only names the socket file (.s.PGSQL.5432): the server listens on no TCP port
UNPRIVILEGED_USER = "nobody"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 30.0
STOP_SIGNALS = {"smart": signal.SIGTERM, "fast": signal.SIGINT, "immediate": signal.SIGQUIT}
SOCKET_PATH_MAX = 100  # sun_path holds 108 bytes; the lock file adds ".lock"


class PgServerError(RuntimeError):
    pass


def _version_key(bindir):
    match = re.search(r"/postgresql/([0-9.]+)/bin$", bindir)
    return [int(n) for n in match.group(1).split(".") if n] if match else []


def _has_server(bindir):
    return all(os.access(os.path.join(bindir, p), os.X_OK) for p in ("initdb", "postgres"))


def find_bindir():
    """The directory holding initdb and postgres: `pg_config --bindir`, else the newest
    /usr/lib/postgresql/*/bin."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=30).stdout
            if out.strip() and _has_server(out.strip()):
                return out.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if _has_server(bindir):
            return bindir
    raise PgServerError("PostgreSQL's server programs (initdb, postgres) were not found in `pg_config --bindir` "
                        "nor in /usr/lib/postgresql/*/bin: install the `postgresql` package "
                        "(`scripts/setup test` does)")


def _program(bindir, name):
    path = os.path.join(bindir, name)
    if os.access(path, os.X_OK):
        return path
    found = shutil.which(name)
    if not found:
        raise PgServerError(f"{name} was found neither in {bindir} nor on PATH: install `postgresql-client`")
    return found


def _quote_conninfo(value):
    if value and re.fullmatch(r"[A-Za-z0-9_./-]+", value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _quote_identifier(name):
    return '"' + name.replace('"', '""') + '"'


def _clean_env(**extra):
    """The caller's environment without libpq's and the server's PG* variables (a PGPORT, PGSERVICE or
    PGOPTIONS of the user's must not redirect a test), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(extra)
    return env


def _reachable_by_others(path):
    """Whether every directory above `path` lets other users through (for the unprivileged user)."""
    path = os.path.abspath(path)
    while True:
        try:
            if not os.stat(path).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


def _children(pid):
    """The processes whose parent is `pid` (the postmaster's backends and auxiliary processes)."""
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def _alive(pid):
    """Whether `pid` runs (a zombie waiting for a reaper we are not counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class PgServer:
    """One throwaway server. start() makes the directory and runs initdb the first time; stop() and
    start() again keep the data; close() stops it and removes the directory."""

    def __init__(self, start_timeout=START_TIMEOUT):
        self.bindir = find_bindir()
        self.start_timeout = start_timeout
        self.dir = None
        self.proc = None
        self.start_seconds = None  # how long the last start() took, initdb included
        self._as_user = {}
        self._pid_of_owner = os.getpid()
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam(UNPRIVILEGED_USER)
            except KeyError:
                raise PgServerError(f"PostgreSQL cannot run as root and there is no user "
                                    f"{UNPRIVILEGED_USER!r} to run it as") from None
            self._owner = (pw.pw_uid, pw.pw_gid)
            self._as_user = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
        self._pdeathsig = ["setpriv", "--pdeathsig", "KILL", "--"] if shutil.which("setpriv") else []

    # --- where it is -------------------------------------------------------------------------------

    @property
    def socket_dir(self):
        return self.dir

    @property
    def data_dir(self):
        return os.path.join(self.dir, "data")

    @property
    def log_path(self):
        return os.path.join(self.dir, "server.log")

    @property
    def socket_path(self):
        return os.path.join(self.dir, f".s.PGSQL.{PORT}")

    @property
    def pid(self):
        """The postmaster's pid, or None when it is not running."""
        return self.proc.pid if self.proc and self.proc.poll() is None else None

    @property
    def conninfo(self):
        return self.conninfo_for("postgres")

    def conninfo_for(self, db):
        return f"host={_quote_conninfo(self.dir)} port={PORT} user={USER} dbname={_quote_conninfo(db)}"

    def env(self, db="postgres"):
        """libpq's variables for a client of this server: PGHOST, PGPORT, PGUSER, PGDATABASE."""
        return {"PGHOST": self.dir, "PGPORT": str(PORT), "PGUSER": USER, "PGDATABASE": db}

    # --- life cycle --------------------------------------------------------------------------------

    def start(self):
        """Start the server (initdb first if there is no data directory yet) and wait until it accepts
        connections. Returns self."""
        if self.pid:
            return self
        began = time.monotonic()
        if self.dir is None:
            self._make_dir()
            atexit.register(self._close_at_exit)
        if not os.path.exists(os.path.join(self.data_dir, "PG_VERSION")):
            self._initdb()
        self._start_postmaster()
        self._wait_until_ready(began + self.start_timeout)
        self.start_seconds = time.monotonic() - began
        return self

    def stop(self, mode="fast"):
        """Stop the server (smart, fast or immediate shutdown: SIGTERM, SIGINT or SIGQUIT to the
        postmaster) and wait until it has ended. The data directory stays for start()."""
        if not self.pid:
            return
        self.proc.send_signal(STOP_SIGNALS[mode])
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise PgServerError(f"the server did not stop ({mode}) within {STOP_TIMEOUT:g} s; killed it\n"
                                + self.log_tail())

    def kill(self):
        """SIGKILL the postmaster, as a crash would. Its backends end on their own when they notice;
        this waits for them (and kills the slow ones) so that start() can use the data directory again."""
        if not self.pid:
            return
        kids = _children(self.proc.pid)
        self.proc.kill()
        self.proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(k) for k in kids):
            if time.monotonic() > deadline:
                for k in kids:
                    try:
                        os.kill(k, signal.SIGKILL)
                    except OSError:
                        pass
                deadline = float("inf")
            time.sleep(0.01)

    def _close_at_exit(self):
        if os.getpid() == self._pid_of_owner:  # not in a forked child that exits through sys.exit
            self.close()

    def close(self):
        """Stop the server (killing it if a fast shutdown fails) and remove its directory."""
        atexit.unregister(self._close_at_exit)
        try:
            if self.pid:
                try:
                    self.stop("fast")
                except PgServerError:
                    pass  # stop() killed it
        finally:
            if self.dir:
                shutil.rmtree(self.dir, ignore_errors=True)
                self.dir = None

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc):
        self.close()

    # --- clients -----------------------------------------------------------------------------------

    def psql(self, sql, db="postgres"):
        """Run `sql` (one or more statements, each its own transaction unless it says `begin`) with
        psql; return the rows of its queries, unaligned (`|` between columns), without headers or
        command tags: "1|2\n". Raises PgServerError with psql's stderr when a statement fails."""
        cmd = [_program(self.bindir, "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-f", "-",
               "-h", self.dir, "-p", str(PORT), "-U", USER, "-d", db]
        p = subprocess.run(cmd, input=sql, capture_output=True, text=True, env=_clean_env(), timeout=120)
        if p.returncode != 0:
            raise PgServerError(f"psql -d {db} failed (exit {p.returncode}): {p.stderr.strip()}\nSQL: {sql}")
        return p.stdout

    def create_database(self, name):
        """A clean, empty database `name` (dropped first if it exists). Returns its conninfo."""
        # WITH (FORCE) would drop other sessions too but needs PostgreSQL 13.
        self.psql(f"drop database if exists {_quote_identifier(name)};\n"
                  f"create database {_quote_identifier(name)};\n")
        return self.conninfo_for(name)

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, errors="replace") as f:
                tail = f.readlines()[-lines:]
        except (OSError, TypeError):
            return "(no server log)"
        return f"last lines of {self.log_path}:\n" + "".join(tail)

    # --- the steps of start() ----------------------------------------------------------------------

    def _make_dir(self):
        base = tempfile.gettempdir()
        # The unprivileged user must reach the directory, and the socket path must fit in sun_path.
        if (self._as_user and not _reachable_by_others(base)) or len(base) > SOCKET_PATH_MAX - 30:
            base = "/tmp"
        self.dir = tempfile.mkdtemp(prefix="schedtool-pg-", dir=base)  # mode 0700
        if self._as_user:
            os.chown(self.dir, *self._owner)

    def _run_as_server_user(self, cmd, what):
        p = subprocess.run(cmd, cwd=self.dir, env=_clean_env(LC_ALL="C"), stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=120, **self._as_user)
        if p.returncode != 0:
            raise PgServerError(f"{what} failed (exit {p.returncode}):\n{p.stdout}{p.stderr}")

    def _initdb(self):
        # --no-sync: the directory is thrown away; --locale=C: no dependence on the machine's locales.
        self._run_as_server_user([os.path.join(self.bindir, "initdb"), "-D", self.data_dir, "-U", USER,
                                  "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], "initdb")

    def _start_postmaster(self):
        settings = {
            "listen_addresses": "",  # no TCP: the socket in self.dir is the only way in
            "unix_socket_directories": self.dir,
            "unix_socket_permissions": "0700",
            "port": str(PORT),
            "max_connections": "200",
            "fsync": "off",
            "full_page_writes": "off",
            # synchronous_commit stays on: with fsync off a commit costs a write(), and a kill() would
            # otherwise lose the last commits still in the WAL buffers.
            "jit": "off",
            "log_line_prefix": "%m [%p] ",
        }
        cmd = [*self._pdeathsig, os.path.join(self.bindir, "postgres"), "-D", self.data_dir]
        for key, value in settings.items():
            cmd += ["-c", f"{key}={value}"]
        with open(self.log_path, "ab") as log:
            if self._as_user:
                os.chown(self.log_path, *self._owner)
            # A session of its own: a Ctrl-C meant for the tests does not reach it before close() does.
            self.proc = subprocess.Popen(cmd, cwd=self.dir, env=_clean_env(LC_ALL="C"), stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                         **self._as_user)

    def _wait_until_ready(self, deadline):
        isready = _program(self.bindir, "pg_isready")
        while True:
            if self.proc.poll() is not None:
                raise PgServerError(f"the server exited with status {self.proc.returncode} while starting\n"
                                    + self.log_tail())
            if os.path.exists(self.socket_path):
                p = subprocess.run([isready, "-q", "-h", self.dir, "-p", str(PORT), "-U", USER, "-d", "postgres"],
                                   env=_clean_env(), stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
                if p.returncode == 0:
                    return
            if time.monotonic() > deadline:
                self.kill()
                raise PgServerError(f"the server did not accept connections within {self.start_timeout:g} s\n"
                                    + self.log_tail())
            time.sleep(0.01)


def main(argv):
    """`pg_server.py -- CMD ARGS...`: CMD's exit status, with a server around it."""
    if len(argv) < 3 or argv[1] != "--":
        print(f"usage: {os.path.basename(argv[0])} -- CMD [ARGS...]\n"
              "Runs CMD with PGHOST, PGPORT, PGUSER and PGDATABASE naming a throwaway PostgreSQL server.",
              file=sys.stderr)
        return 2

    def terminate(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    try:
        with PgServer() as pg:
            try:
                status = subprocess.run(argv[2:], env=_clean_env(**pg.env())).returncode
            except FileNotFoundError as e:
                print(f"pg_server: {e}", file=sys.stderr)
                return 127
            return 128 - status if status < 0 else status
    except PgServerError as e:
        print(f"pg_server: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv))
