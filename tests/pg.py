"""Start a throwaway PostgreSQL server from Debian's packages on loopback, for store tests."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    # The server refuses to run as root; CI runs as root, so drop to the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def available() -> bool:
    return _bin_dir() is not None


@contextmanager
def running_postgres() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh PostgreSQL cluster; stop and remove it afterwards."""
    bindir = _bin_dir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server not installed: apt-get install postgresql")
    tmp = Path(tempfile.mkdtemp(prefix="fontes-pg-"))
    data = tmp / "data"
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "fontes", "--auth=trust",
                                 "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
    log = tmp / "log"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
                                 f"-p {port} -c listen_addresses=127.0.0.1 -k {tmp}", "start"]),
                   check=True, capture_output=True)
    try:
        subprocess.run(_as_postgres([str(bindir.parent / "bin" / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                                     "-U", "fontes", "fontes"]), check=True, capture_output=True)
        yield f"postgresql+psycopg://fontes@127.0.0.1:{port}/fontes"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        time.sleep(0.2)
        shutil.rmtree(tmp, ignore_errors=True)
