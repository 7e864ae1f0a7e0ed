"""A throwaway PostgreSQL cluster for the tests and benchmarks: initdb into a temporary folder,
a server on a free loopback port, databases made from templates, everything removed at stop.

The server refuses to run as root, so under root (as in CI) the cluster belongs to the
``postgres`` user that Debian's package creates. ``Cluster.unavailable()`` says why no cluster
can be started here (then the PostgreSQL tests skip saying so).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "archive"
# Speed over durability: the cluster is thrown away after the run.
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "128MB",
    # Not UTC, so that a session that does not set its own time zone shows it (test_db.py).
    "timezone": "Asia/Bangkok",
}


def _bin_dir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, else Debian's newest version."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _owner() -> pwd.struct_passwd | None:
    """The account that runs the server: ours, or ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """One PostgreSQL server of our own; ``start`` it, make databases, ``stop`` it."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.port = 0
        self.bin = _bin_dir()

    @staticmethod
    def unavailable() -> str | None:
        """Why no cluster can be started here (None: one can)."""
        if importlib.util.find_spec("psycopg") is None:
            return "psycopg is not installed (pip install -e '.[postgres]'; `make test` does)"
        if _bin_dir() is None:
            return "PostgreSQL is not installed (no initdb; `make test` installs Debian's)"
        if _owner() is None:
            return "running as root and there is no 'postgres' user to run the server"
        return None

    def _run(self, *args: str) -> None:
        owner = _owner()
        assert owner is not None and self.bin is not None and self.folder is not None
        as_owner = {}
        if os.geteuid() == 0:
            as_owner = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=True,
            cwd=self.folder,
            capture_output=True,
            env={**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"},
            **as_owner,  # type: ignore[arg-type]
        )

    def start(self) -> Cluster:
        """initdb and start the server (UTF-8, C collation, as the archive's README says)."""
        owner = _owner()
        assert owner is not None
        self.folder = Path(tempfile.mkdtemp(prefix="archive-pg-"))
        os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        data = self.folder / "data"
        try:
            self._run(
                "initdb", "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                "--encoding=UTF8", "--locale=C", "--no-sync",
            )  # fmt: skip
            self.port = _free_port()
            options = " ".join(f"-c {key}={value}" for key, value in SETTINGS.items())
            options += f" -p {self.port} -k {self.folder}"
            self._run(
                "pg_ctl", "-D", str(data), "-l", str(self.folder / "server.log"),
                "-o", options, "-w", "-t", "60", "start",
            )  # fmt: skip
        except subprocess.CalledProcessError as error:
            log = self.folder / "server.log"
            detail = log.read_text(errors="replace") if log.exists() else ""
            shutil.rmtree(self.folder, ignore_errors=True)
            raise RuntimeError(f"{error}: {error.stderr!r} {detail}") from error
        return self

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.folder is None:
            return
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def url(self, database: str, *, driver: str = "postgresql+psycopg") -> str:
        """The SQLAlchemy URL of one database of the cluster."""
        return f"{driver}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def execute(self, *statements: str) -> None:
        """Run statements outside a transaction in the maintenance database."""
        import psycopg  # here: the optional driver, absent where these tests skip

        with psycopg.connect(self.url("postgres", driver="postgresql"), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, name: str, *, template: str = "template0") -> str:
        """A new database copied from ``template`` (whose sessions are ended first: a template
        must have none); its URL."""
        self.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{template}' AND pid <> pg_backend_pid()",
            f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY',
        )
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, ending any session still connected to it."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
