"""Installing (#23): `cmake --install` into a temporary prefix, the units checked by
`systemd-analyze verify`, and the Debian package built, inspected, installed, upgraded with an
edited conffile kept, removed and purged — for real, as root, with a purge on any failure."""
import os
import shutil
import subprocess
import tempfile
import unittest

from support import SCHEDTOOL, SOURCE

BUILD = os.path.dirname(SCHEDTOOL)
CONFFILE = "/etc/schedtool/jobs.toml"
KNOWN_LINTIAN_ERRORS = {"bogus-mail-host", "no-changelog", "no-copyright-file", "uncompressed-manual-page"}

INSTALLED = [
    "bin/schedtool",
    "share/man/man1/schedtool.1",
    "share/doc/schedtool/README.md",
    "share/doc/schedtool/jobs.example.toml",
    "share/bash-completion/completions/schedtool",
    "share/zsh/site-functions/_schedtool",
    "share/fish/vendor_completions.d/schedtool.fish",
    "lib/schedtool/schedtool-pg.so",  # the postgresql store's libpq, loaded only when configured
    "lib/systemd/system/schedtool.service",
    "lib/systemd/system/schedtool@.service",
    "etc/schedtool/jobs.toml",
]


def sh(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, **kw)


class InstallTree(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._dir = tempfile.TemporaryDirectory()
        cls.prefix = os.path.join(cls._dir.name, "prefix")
        p = sh("cmake", "--install", BUILD, "--prefix", cls.prefix)
        if p.returncode != 0:
            raise AssertionError(p.stdout + p.stderr)

    @classmethod
    def tearDownClass(cls):
        cls._dir.cleanup()

    def test_tree(self):
        found = sorted(os.path.relpath(os.path.join(d, f), self.prefix)
                       for d, _, files in os.walk(self.prefix) for f in files)
        self.assertEqual(found, sorted(INSTALLED))
        self.assertTrue(os.access(os.path.join(self.prefix, "bin/schedtool"), os.X_OK))

    def test_units_point_at_the_prefix_and_verify(self):
        for unit in ("schedtool.service", "schedtool@.service"):
            with open(os.path.join(self.prefix, "lib/systemd/system", unit)) as f:
                text = f.read()
            self.assertIn(f"ExecStart={self.prefix}/bin/schedtool run /etc/schedtool/", text)
            self.assertIn("Type=notify", text)
            self.assertIn("KillMode=mixed", text)
        units = os.path.join(self.prefix, "lib/systemd/system")
        # systemd's own parser; a template is verified through an instance of it.
        for unit in ("schedtool.service", "schedtool@backup.service"):
            p = sh("systemd-analyze", "verify", "--man=no", os.path.join(units, unit))
            self.assertEqual((p.returncode, p.stderr), (0, ""), unit)

    def test_completion_scripts_are_the_commands_output(self):
        for shell, path in (("bash", "share/bash-completion/completions/schedtool"),
                            ("zsh", "share/zsh/site-functions/_schedtool"),
                            ("fish", "share/fish/vendor_completions.d/schedtool.fish")):
            with open(os.path.join(self.prefix, path)) as f:
                self.assertEqual(f.read(), sh(SCHEDTOOL, "completion", shell).stdout, shell)


def installed_version():
    p = sh("dpkg-query", "-W", "-f=${Status} ${Version}", "schedtool")
    return p.stdout if p.returncode == 0 and "installed" in p.stdout and "not-installed" not in p.stdout else None


@unittest.skipUnless(os.geteuid() == 0, "installs a package: root only")
@unittest.skipIf(os.environ.get("SCHEDTOOL_SANITIZE"),
                 "a sanitizer build's package depends on the sanitizer runtimes; the normal build's is tested")
class DebianPackage(unittest.TestCase):
    def setUp(self):
        if sh("dpkg-query", "-W", "schedtool").returncode == 0:
            self.skipTest("a schedtool package is already known to dpkg on this machine: not touching it")
        self._dir = tempfile.TemporaryDirectory()
        self.addCleanup(self._dir.cleanup)
        # The trap: whatever fails below, nothing stays installed.
        self.addCleanup(lambda: sh("dpkg", "--purge", "schedtool"))

    def package(self, version):
        out = os.path.join(self._dir.name, version)
        p = sh("cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", out,
               "-D", f"CPACK_PACKAGE_VERSION={version}")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        return os.path.join(out, f"schedtool_{version}_amd64.deb")

    def test_build_inspect_install_upgrade_purge(self):
        first = self.package("0.0.0~test1")
        contents = sh("dpkg-deb", "-c", first).stdout
        for path in ("./usr/bin/schedtool", "./etc/schedtool/jobs.toml", "./usr/lib/systemd/system/schedtool.service",
                     "./usr/lib/systemd/system/schedtool@.service", "./usr/share/man/man1/schedtool.1",
                     "./usr/share/zsh/vendor-completions/_schedtool", "./usr/lib/schedtool/schedtool-pg.so"):
            self.assertIn(path, contents)
        info = sh("dpkg-deb", "-I", first).stdout
        self.assertIn("Version: 0.0.0~test1", info)
        self.assertRegex(info, r"Depends: libc6 \(>= [0-9.]+\)")  # shlibdeps: libc alone
        conffiles = sh("sh", "-c", f"dpkg-deb --ctrl-tarfile '{first}' | tar -xO ./conffiles").stdout
        self.assertEqual(conffiles, CONFFILE + "\n")
        if shutil.which("lintian"):
            # Known and left for now (the closing note of #23): no changelog or copyright file, the man
            # page not gzipped, a placeholder maintainer address. Any other error fails.
            p = sh("lintian", "--tag-display-limit", "0", first)
            errors = {line.split()[2] for line in p.stdout.splitlines() if line.startswith("E: ")}
            self.assertEqual(errors - KNOWN_LINTIAN_ERRORS, set(), p.stdout)

        p = sh("dpkg", "-i", first)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertTrue(installed_version().endswith("0.0.0~test1"))
        self.assertEqual(sh("/usr/bin/schedtool", "check", CONFFILE).returncode, 0)
        with open(CONFFILE, "a") as f:
            f.write("# edited by the admin\n")

        p = sh("dpkg", "-i", self.package("0.0.0~test2"))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertTrue(installed_version().endswith("0.0.0~test2"))
        with open(CONFFILE) as f:
            self.assertTrue(f.read().endswith("# edited by the admin\n"))  # kept on upgrade

        self.assertEqual(sh("dpkg", "--remove", "schedtool").returncode, 0)
        self.assertFalse(os.path.exists("/usr/bin/schedtool"))
        self.assertTrue(os.path.exists(CONFFILE))  # removed, not purged: configuration stays
        self.assertEqual(sh("dpkg", "--purge", "schedtool").returncode, 0)
        self.assertFalse(os.path.exists(CONFFILE))
        self.assertNotEqual(sh("dpkg-query", "-W", "schedtool").returncode, 0)


if __name__ == "__main__":
    unittest.main()
