"""A throwaway PostgreSQL cluster for the register's tests and benchmark.

Debian's ``postgresql`` package (``/usr/lib/postgresql/<version>/bin``): ``initdb`` into a
temporary folder, ``pg_ctl start`` on 127.0.0.1 at a free port and on a private unix socket in
that folder, ``pg_ctl stop`` and the folder removed at the end. PostgreSQL refuses to run as root,
so under root (CI) the server runs as the system user :data:`USER`, created if missing, through
``runuser``. Logins use a password over TCP (so tests can try a wrong one) and trust on the
private socket.

    cluster = PgCluster.start()
    url = cluster.create_database("so_1")      # postgresql://docgen:…@127.0.0.1:PORT/so_1
    cluster.stop()
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

USER = "docgen-pg"
"""The unprivileged system user that runs the server when the tests run as root."""
SUPERUSER = "docgen"


def find_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[4]) if Path(p).parts[4].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user() -> list[str]:
    """The command prefix that runs a program as an unprivileged user (empty unless root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(USER)
    except KeyError:
        made = subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                               "/usr/sbin/nologin", USER], capture_output=True, text=True)
        if made.returncode != 0:
            try:
                pwd.getpwnam(USER)  # another test session created it at the same moment
            except KeyError:
                raise RuntimeError(f"useradd {USER} failed: {made.stderr}") from None
    return ["runuser", "-u", USER, "--"]


@dataclass
class PgCluster:
    """A running throwaway cluster."""

    folder: Path
    bin: Path
    port: int
    password: str
    prefix: list[str]

    @classmethod
    def start(cls, *, durable: bool = False) -> PgCluster:
        """initdb and start a cluster; ``durable`` keeps fsync on (for the benchmark)."""
        bin_dir = find_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb); "
                               "scripts/test installs Debian's postgresql package")
        prefix = _as_server_user()
        # Under root the server user must reach the folder: /tmp, not a private TMPDIR.
        folder = Path(tempfile.mkdtemp(prefix="docgen-pg-", dir="/tmp" if prefix else None))
        password = secrets.token_hex(12)
        (folder / "pw").write_text(password)
        if prefix:
            shutil.chown(folder, USER)
            shutil.chown(folder / "pw", USER)
        data = folder / "data"
        subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER,
                        "--pwfile", str(folder / "pw"), "--auth-local=trust",
                        "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"],
                       check=True, capture_output=True)
        settings = [f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}",
                    "-c max_connections=200 -c shared_buffers=32MB"]
        if not durable:
            settings.append("-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        for _ in range(5):
            port = _free_port()
            started = subprocess.run(
                [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                 str(folder / "server.log"), "-w", "-t", "60", "-o",
                 f"-p {port} " + " ".join(settings), "start"], capture_output=True, text=True)
            if started.returncode == 0:
                return cls(folder=folder, bin=bin_dir, port=port, password=password,
                           prefix=prefix)
        log = (folder / "server.log").read_text(errors="replace")[-2000:]
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")

    def url(self, database: str = "postgres", *, password: str | None = None) -> str:
        """A URL that logs in over TCP (``password`` to try a wrong one)."""
        return (f"postgresql://{SUPERUSER}:{password or self.password}@127.0.0.1:{self.port}/"
                f"{database}")

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` through the private socket (as the superuser); returns the output."""
        result = subprocess.run(
            [str(self.bin / "psql"), "-h", str(self.folder), "-p", str(self.port), "-U",
             SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            capture_output=True, text=True, check=True)
        return result.stdout

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, disconnecting whoever is still connected."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
