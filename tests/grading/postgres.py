"""A throw-away PostgreSQL server for tests: ``initdb`` in a temporary folder, a free local port, stopped at the end."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "postgres"


def _tool(name: str) -> str | None:
    """A PostgreSQL program: on PATH, or where Debian's package puts it (/usr/lib/postgresql/N/bin)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    return str(candidates[-1]) if candidates else None


def postgres_problem() -> str | None:
    """Why no throw-away server can run here, or None."""
    missing = [tool for tool in ("initdb", "pg_ctl", "postgres") if _tool(tool) is None]
    if missing:
        return f"PostgreSQL is not installed ({', '.join(missing)} missing; Debian: apt-get install postgresql)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "initdb refuses root and runuser is missing"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and the server refuse to run as root: run them as the ``postgres`` user then."""
    return ["runuser", "-u", USER, "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def throwaway_postgres(database: str = "gradebook"):
    """Yield the SQLAlchemy URL of a fresh database on a new server; stop the server and delete it at the end."""
    folder = Path(tempfile.mkdtemp(prefix="edulab-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, USER)
        shutil.chown(sockets, USER)
    port = _free_port()
    started = False
    try:
        subprocess.run(
            _as_postgres([_tool("initdb"), "-D", str(data), "-A", "trust", "-U", USER, "--no-sync"]),
            check=True,
            capture_output=True,
            text=True,
        )
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres([_tool("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]),
            check=True,
            capture_output=True,
            text=True,
        )
        started = True
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=port, user=USER, dbname="postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/{database}"
    finally:
        if started:
            subprocess.run(
                _as_postgres([_tool("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)
